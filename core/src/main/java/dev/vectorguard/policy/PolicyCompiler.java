package dev.vectorguard.policy;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Effect;
import dev.vectorguard.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Validates a policy tree and compiles its rules, collecting every error with its position.
 * Not public API; {@link PolicyLoader} is the entry point.
 */
final class PolicyCompiler {
  private static final List<String> TOP_KEYS = List.of("version", "mode", "defaults", "rules");
  private static final List<String> RULE_KEYS = List.of("id", "description", "when", "backends", "databases",
      "collections", "actions", "operations", "effect", "obligations", "approval");
  static final List<String> OBLIGATION_KEYS = List.of("max_results", "vectors", "tenant_filter", "mask",
      "output_fields", "filter_listings");
  private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");
  static final String EFFECTS = "allow, deny, approve";

  private final String file;
  private final List<PolicyError> errors;
  private final Map<String, Integer> ruleLines = new HashMap<>();
  private @Nullable String ruleId;
  private PolicyMode mode = PolicyMode.ENFORCE;
  private final List<Rule> rules = new ArrayList<>();

  PolicyCompiler(String file, List<PolicyError> errors) {
    this.file = file;
    this.errors = errors;
  }

  PolicyMode mode() {
    return mode;
  }

  List<Rule> rules() {
    return rules;
  }

  void compile(Node root) {
    if (!(root instanceof Node.MapNode top)) {
      error(root, "a policy must be a map with version and rules, but was " + root.kind());
      return;
    }
    if (top.entries().containsKey("cases") && !top.entries().containsKey("rules")) {
      error(top, "this looks like a cases file for 'vectorguard policy test', not a policy");
      return;
    }
    checkKeys(top, "", TOP_KEYS);
    Node.Entry version = top.entries().get("version");
    if (version == null) {
      error(top, "missing key 'version'; expected version: 1");
    } else if (!(version.value() instanceof Node.Scalar scalar) || !scalar.isInteger()) {
      error(version.value(), "version must be the integer 1, but was " + version.value().kind());
    } else if (!scalar.text().equals("1")) {
      error(scalar, "unsupported version " + scalar.text() + "; this Vectorguard reads policy version 1");
    }
    Node.Entry modeEntry = top.entries().get("mode");
    if (modeEntry != null) {
      String text = string(modeEntry.value(), "mode");
      if (text != null) {
        switch (text) {
          case "enforce" -> mode = PolicyMode.ENFORCE;
          case "monitor" -> mode = PolicyMode.MONITOR;
          default -> error(modeEntry.value(), "mode must be enforce or monitor, but was '" + text + "'");
        }
      }
    }
    Node.Entry defaults = top.entries().get("defaults");
    if (defaults != null) {
      defaults(defaults.value());
    }
    Node.Entry rulesEntry = top.entries().get("rules");
    if (rulesEntry == null) {
      error(top, "missing key 'rules'; expected a list of rules (an empty list denies every call)");
    } else if (rulesEntry.value() instanceof Node.ListNode list) {
      for (int i = 0; i < list.items().size(); i++) {
        rule(list.items().get(i), i + 1);
      }
    } else if (!isNull(rulesEntry.value())) {
      error(rulesEntry.value(), "rules must be a list, but was " + rulesEntry.value().kind());
    }
  }

  private void defaults(Node node) {
    Node.MapNode map = map(node, "defaults");
    if (map == null) {
      return;
    }
    checkKeys(map, " in defaults", List.of("effect"));
    Node.Entry effect = map.entries().get("effect");
    if (effect != null) {
      String text = string(effect.value(), "defaults.effect");
      if (text != null && !text.equals("deny")) {
        error(effect.value(), "defaults.effect must be deny, but was '" + text
            + "': a call no rule matches is always denied; write an allow rule to allow more");
      }
    }
  }

  private void rule(Node node, int position) {
    ruleId = null;
    Node.MapNode map = map(node, "rule " + position);
    if (map == null) {
      return;
    }
    Node.Entry idEntry = map.entries().get("id");
    String id = null;
    if (idEntry == null) {
      error(map, "rule " + position + " has no 'id'; every rule needs a unique id");
    } else {
      id = string(idEntry.value(), "id");
      if (id != null && !RULE_ID.matcher(id).matches()) {
        error(idEntry.value(), "rule id must start with a letter or digit and hold only letters, digits, "
            + "'_', '.', ':' and '-', but was '" + id + "'");
        id = null;
      } else if (id != null) {
        ruleId = id;
        Integer first = ruleLines.putIfAbsent(id, idEntry.value().line());
        if (first != null) {
          error(idEntry.value(), "duplicate rule id '" + id + "'; it is first used at line " + first);
        }
      }
    }
    int errorsBefore = errors.size();
    checkKeys(map, "", RULE_KEYS);
    Map<String, Node.Entry> entries = map.entries();
    String description = entries.containsKey("description") ? string(entries.get("description").value(), "description")
        : null;
    Effect effect = effect(map, entries.get("effect"));
    Attributes table = new Attributes();
    List<Rule.Condition> when = entries.containsKey("when") ? when(entries.get("when").value()) : List.of();
    Set<Backend> backends = enums(entries.get("backends"), Backend.class, Backend::fromId, Backend::id, "backend");
    Set<Operation> operations = enums(entries.get("operations"), Operation.class, Operation::fromId, Operation::id,
        "operation");
    Set<AccessLevel> actions = enums(entries.get("actions"), AccessLevel.class, AccessLevel::fromId,
        AccessLevel::id, "action");
    List<Glob> databases = globs(entries.get("databases"), table);
    List<Glob> collections = globs(entries.get("collections"), table);
    ObligationsReader obligations = new ObligationsReader(this, table);
    Node.Entry obligationsEntry = entries.get("obligations");
    if (obligationsEntry != null) {
      if (effect == Effect.DENY) {
        errorAtKey(obligationsEntry, "obligations are not allowed on a deny rule: a denied call is never sent");
      } else {
        obligations.read(obligationsEntry.value());
      }
    }
    Rule.Approval approval = null;
    Node.Entry approvalEntry = entries.get("approval");
    if (approvalEntry != null && effect != null && effect != Effect.APPROVE) {
      errorAtKey(approvalEntry, "approval is allowed only on a rule with effect approve, but the effect is "
          + effect.id());
    } else if (approvalEntry != null) {
      approval = obligations.approval(approvalEntry.value());
    } else if (effect == Effect.APPROVE) {
      error(map, "a rule with effect approve needs an approval block with approvers and ttl");
    }
    if (id == null || effect == null || errors.size() > errorsBefore) {
      return;
    }
    rules.add(new Rule(rules.size(), id, description, effect, map.line(), map.column(), backends, operations,
        actions, when, databases, collections, table.paths(), obligations.obligations(), obligations.tenantFilter(),
        approval));
  }

  private @Nullable Effect effect(Node.MapNode rule, Node.@Nullable Entry entry) {
    if (entry == null) {
      error(rule, "missing key 'effect'; expected one of " + EFFECTS);
      return null;
    }
    String text = string(entry.value(), "effect");
    if (text == null) {
      return null;
    }
    return switch (text) {
      case "allow" -> Effect.ALLOW;
      case "deny" -> Effect.DENY;
      case "approve" -> Effect.APPROVE;
      default -> {
        error(entry.value(), "effect must be one of " + EFFECTS + ", but was '" + text + "'");
        yield null;
      }
    };
  }

  private List<Rule.Condition> when(Node node) {
    Node.MapNode map = map(node, "when");
    List<Rule.Condition> conditions = new ArrayList<>();
    if (map == null) {
      return conditions;
    }
    for (Node.Entry entry : map.entries().values()) {
      if (!Attributes.isKnown(entry.key())) {
        errorAtKey(entry, "unknown key '" + entry.key() + "' in when; allowed keys: " + Attributes.ALLOWED);
        continue;
      }
      String text = string(entry.value(), "when." + entry.key());
      if (text == null) {
        continue;
      }
      try {
        conditions.add(new Rule.Condition(entry.key(), Glob.compile(text, null, "when")));
      } catch (Attributes.SyntaxException e) {
        error(entry.value(), e.getMessage());
      }
    }
    return conditions;
  }

  private <E extends Enum<E>> @Nullable Set<E> enums(Node.@Nullable Entry entry, Class<E> type,
      Function<String, @Nullable E> parse, Function<E, String> id, String what) {
    List<Node.Scalar> items = stringList(entry);
    if (items == null) {
      return null;
    }
    Set<E> out = EnumSet.noneOf(type);
    for (Node.Scalar item : items) {
      E value = parse.apply(item.text());
      if (value == null) {
        error(item, "unknown " + what + " '" + item.text() + "'; valid " + what + "s: "
            + Arrays.stream(type.getEnumConstants()).map(id).collect(Collectors.joining(", ")));
      } else {
        out.add(value);
      }
    }
    return out;
  }

  private @Nullable List<Glob> globs(Node.@Nullable Entry entry, Attributes table) {
    List<Node.Scalar> items = stringList(entry);
    if (items == null) {
      return null;
    }
    List<Glob> out = new ArrayList<>();
    for (Node.Scalar item : items) {
      try {
        out.add(Glob.compile(item.text(), table, entry.key()));
      } catch (Attributes.SyntaxException e) {
        error(item, e.getMessage());
      }
    }
    return out;
  }

  /** The strings of a non-empty list, or {@code null} when absent or wrong (after reporting). */
  @Nullable List<Node.Scalar> stringList(Node.@Nullable Entry entry) {
    if (entry == null) {
      return null;
    }
    if (!(entry.value() instanceof Node.ListNode list)) {
      error(entry.value(), entry.key() + " must be a list, but was " + entry.value().kind());
      return null;
    }
    if (list.items().isEmpty()) {
      errorAtKey(entry, entry.key() + " must not be empty: omit the key to match every call, or list "
          + pluralOf(entry.key()));
      return null;
    }
    List<Node.Scalar> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Node item : list.items()) {
      String text = string(item, "each of " + entry.key());
      if (text != null && seen.add(text)) {
        out.add((Node.Scalar) item);
      }
    }
    return out;
  }

  private static String pluralOf(String key) {
    return switch (key) {
      case "collections", "databases" -> key + " globs";
      case "approvers" -> "who may approve";
      default -> "the " + key + " it applies to";
    };
  }

  /** The text of a non-empty string scalar, or {@code null} after reporting what it was instead. */
  @Nullable String string(Node node, String what) {
    if (node instanceof Node.Scalar scalar && scalar.isString()) {
      if (scalar.text().isBlank()) {
        error(node, what + " must not be blank");
        return null;
      }
      return scalar.text();
    }
    error(node, what + " must be a string, but was " + node.kind()
        + (node instanceof Node.Scalar scalar && !scalar.text().isEmpty() ? " (" + scalar.text() + "); quote it" : ""));
    return null;
  }

  Node.@Nullable MapNode map(Node node, String what) {
    if (node instanceof Node.MapNode map) {
      return map;
    }
    error(node, what + " must be a map, but was " + node.kind());
    return null;
  }

  void checkKeys(Node.MapNode map, String where, List<String> allowed) {
    for (Node.Entry entry : map.entries().values()) {
      if (!allowed.contains(entry.key())) {
        errorAtKey(entry, "unknown key '" + entry.key() + "'" + where + "; allowed keys: " + String.join(", ", allowed));
      }
    }
  }

  static boolean isNull(Node node) {
    return node instanceof Node.Scalar scalar && scalar.token() == com.fasterxml.jackson.core.JsonToken.VALUE_NULL;
  }

  void error(Node at, String message) {
    errors.add(new PolicyError(file, at.line(), at.column(), ruleId, message));
  }

  void errorAtKey(Node.Entry at, String message) {
    errors.add(new PolicyError(file, at.line(), at.column(), ruleId, message));
  }
}
