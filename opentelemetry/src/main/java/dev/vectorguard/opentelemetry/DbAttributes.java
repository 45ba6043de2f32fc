package dev.vectorguard.opentelemetry;

import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The attribute names of a guarded call's span and histogram: the database client semantic
 * conventions (stable {@code db.*}, {@code server.*}, {@code error.type}) and Vectorguard's own.
 * Spelled here rather than taken from the semantic-conventions artifact, so that the module needs
 * the OpenTelemetry API alone.
 */
final class DbAttributes {
  static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> DB_COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");
  static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
  static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<Long> DB_RESPONSE_RETURNED_ROWS = AttributeKey.longKey("db.response.returned_rows");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("vectorguard.call_id");
  static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("vectorguard.endpoint");
  static final AttributeKey<String> DECISION = AttributeKey.stringKey("vectorguard.decision");
  static final AttributeKey<Boolean> ENFORCED = AttributeKey.booleanKey("vectorguard.enforced");
  static final AttributeKey<List<String>> RULES = AttributeKey.stringArrayKey("vectorguard.rules");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("vectorguard.reason");
  static final AttributeKey<String> FAILURE = AttributeKey.stringKey("vectorguard.failure");
  static final AttributeKey<String> APPROVAL_ID = AttributeKey.stringKey("vectorguard.approval_id");
  static final AttributeKey<Long> MASKED_FIELDS = AttributeKey.longKey("vectorguard.masked_fields");
  static final AttributeKey<Long> MASKED_ENTITIES = AttributeKey.longKey("vectorguard.masked_entities");
  static final AttributeKey<Long> VECTORS_STRIPPED = AttributeKey.longKey("vectorguard.vectors_stripped");
  static final AttributeKey<Long> MASKED_RECORDS = AttributeKey.longKey("vectorguard.masked_records");
  /** {@code vectorguard.masked_fields.<action>}: one key per mask action, a bounded set. */
  static final Map<MaskAction, AttributeKey<Long>> MASKED_FIELDS_BY_ACTION = byAction();

  /** The event a refusal adds to its span. */
  static final String REFUSED_EVENT = "vectorguard.refused";

  private DbAttributes() {}

  private static Map<MaskAction, AttributeKey<Long>> byAction() {
    Map<MaskAction, AttributeKey<Long>> keys = new EnumMap<>(MaskAction.class);
    for (MaskAction action : MaskAction.values()) {
      keys.put(action, AttributeKey.longKey("vectorguard.masked_fields." + action.id().replace('-', '_')));
    }
    return keys;
  }

  /**
   * Puts the low-cardinality attributes of {@code call} (those the histogram also carries): the
   * system, collection (only when the call names exactly one), namespace, operation and server.
   */
  static void putCall(AttributesBuilder attributes, VectorCall call, @Nullable String serverAddress,
      int serverPort) {
    attributes.put(DB_SYSTEM_NAME, call.backend().id());
    attributes.put(DB_OPERATION_NAME, call.operation().id());
    if (call.collections().size() == 1) {
      attributes.put(DB_COLLECTION_NAME, call.collections().get(0));
    }
    if (call.database() != null) {
      attributes.put(DB_NAMESPACE, call.database());
    }
    putServer(attributes, serverAddress, serverPort);
  }

  static void putServer(AttributesBuilder attributes, @Nullable String serverAddress, int serverPort) {
    if (serverAddress != null && !serverAddress.isEmpty()) {
      attributes.put(SERVER_ADDRESS, serverAddress);
      if (serverPort > 0) {
        attributes.put(SERVER_PORT, (long) serverPort);
      }
    }
  }

  /**
   * The span name per the conventions, {@code "{db.operation.name} {target}"}: the one collection,
   * else the namespace, else the system ({@code "search docs"}, {@code "list_collections qdrant"}).
   */
  static String spanName(VectorCall call) {
    String target = call.collections().size() == 1 ? call.collections().get(0)
        : call.database() != null ? call.database() : call.backend().id();
    return call.operation().id() + ' ' + target;
  }

  /** The {@code error.type} of a guard failure ({@code vectorguard.parse}, ...) or refusal ({@code vectorguard.refused}). */
  static String errorType(String kind) {
    return "vectorguard." + kind.toLowerCase(Locale.ROOT);
  }
}
