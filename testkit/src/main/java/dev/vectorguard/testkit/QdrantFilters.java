package dev.vectorguard.testkit;

import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates Qdrant filters on stored payloads: {@code must}, {@code should}, {@code must_not},
 * {@code min_should}, nested filter conditions, {@code has_id}, {@code is_empty}, {@code is_null},
 * {@code nested}, and field conditions with keyword, integer, boolean, any/except matches and
 * numeric ranges. Keys are dot paths; an array on the way matches when any element does.
 * Conditions it does not know (geo, datetime, text) throw, so a test never passes by accident.
 */
final class QdrantFilters {
  private QdrantFilters() {}

  static boolean matches(Filter filter, PointId id, Map<String, Value> payload) {
    for (Condition c : filter.getMustList()) {
      if (!matches(c, id, payload)) {
        return false;
      }
    }
    for (Condition c : filter.getMustNotList()) {
      if (matches(c, id, payload)) {
        return false;
      }
    }
    if (filter.getShouldCount() > 0 && filter.getShouldList().stream().noneMatch(c -> matches(c, id, payload))) {
      return false;
    }
    if (filter.hasMinShould()) {
      long hits = filter.getMinShould().getConditionsList().stream().filter(c -> matches(c, id, payload)).count();
      return hits >= filter.getMinShould().getMinCount();
    }
    return true;
  }

  static boolean matches(Condition condition, PointId id, Map<String, Value> payload) {
    return switch (condition.getConditionOneOfCase()) {
      case FILTER -> matches(condition.getFilter(), id, payload);
      case HAS_ID -> condition.getHasId().getHasIdList().contains(id);
      case FIELD -> matches(condition.getField(), payload);
      case IS_EMPTY -> values(payload, condition.getIsEmpty().getKey()).stream()
          .allMatch(v -> v.hasNullValue() || v.hasListValue() && v.getListValue().getValuesCount() == 0);
      case IS_NULL -> values(payload, condition.getIsNull().getKey()).stream().anyMatch(Value::hasNullValue);
      case NESTED -> values(payload, condition.getNested().getKey()).stream()
          .anyMatch(v -> v.hasStructValue()
              && matches(condition.getNested().getFilter(), id, v.getStructValue().getFieldsMap()));
      default -> throw new UnsupportedOperationException(
          "the Qdrant test server does not evaluate " + condition.getConditionOneOfCase() + " conditions");
    };
  }

  private static boolean matches(FieldCondition field, Map<String, Value> payload) {
    List<Value> values = values(payload, field.getKey());
    if (field.hasMatch()) {
      return values.stream().anyMatch(v -> matches(field.getMatch(), v));
    }
    if (field.hasRange()) {
      return values.stream().anyMatch(v -> inRange(field.getRange(), v));
    }
    throw new UnsupportedOperationException("the Qdrant test server evaluates only match and range field conditions");
  }

  private static boolean matches(Match match, Value value) {
    return switch (match.getMatchValueCase()) {
      case KEYWORD -> value.hasStringValue() && value.getStringValue().equals(match.getKeyword());
      case INTEGER -> value.hasIntegerValue() && value.getIntegerValue() == match.getInteger();
      case BOOLEAN -> value.hasBoolValue() && value.getBoolValue() == match.getBoolean();
      case KEYWORDS -> value.hasStringValue() && match.getKeywords().getStringsList().contains(value.getStringValue());
      case INTEGERS -> value.hasIntegerValue() && match.getIntegers().getIntegersList().contains(value.getIntegerValue());
      case EXCEPT_KEYWORDS -> value.hasStringValue()
          && !match.getExceptKeywords().getStringsList().contains(value.getStringValue());
      case EXCEPT_INTEGERS -> value.hasIntegerValue()
          && !match.getExceptIntegers().getIntegersList().contains(value.getIntegerValue());
      default -> throw new UnsupportedOperationException(
          "the Qdrant test server does not evaluate " + match.getMatchValueCase() + " matches");
    };
  }

  private static boolean inRange(Range range, Value value) {
    double x;
    if (value.hasIntegerValue()) {
      x = value.getIntegerValue();
    } else if (value.hasDoubleValue()) {
      x = value.getDoubleValue();
    } else {
      return false;
    }
    return (!range.hasLt() || x < range.getLt()) && (!range.hasGt() || x > range.getGt())
        && (!range.hasLte() || x <= range.getLte()) && (!range.hasGte() || x >= range.getGte());
  }

  /** The values at dot path {@code key}, flattening arrays; empty when absent. */
  static List<Value> values(Map<String, Value> payload, String key) {
    List<Value> current = new ArrayList<>();
    String[] parts = key.split("\\.");
    Value first = payload.get(parts[0].replace("[]", ""));
    if (first == null) {
      return List.of();
    }
    current.add(first);
    for (int i = 1; i < parts.length; i++) {
      List<Value> next = new ArrayList<>();
      for (Value v : flatten(current)) {
        if (v.hasStructValue() && v.getStructValue().containsFields(parts[i].replace("[]", ""))) {
          next.add(v.getStructValue().getFieldsOrThrow(parts[i].replace("[]", "")));
        }
      }
      current = next;
    }
    return flatten(current);
  }

  private static List<Value> flatten(List<Value> values) {
    List<Value> flat = new ArrayList<>();
    for (Value v : values) {
      if (v.hasListValue()) {
        flat.addAll(v.getListValue().getValuesList());
      } else {
        flat.add(v);
      }
    }
    return flat;
  }
}
