package dev.vectorguard.grpc.internal;

import com.google.protobuf.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Qdrant aliases the guard has seen, so that a call naming an alias is decided on the collection
 * behind it too: Qdrant checks a token against the name as sent and resolves aliases afterwards,
 * so a rule on a collection would otherwise be bypassed through an alias. Learned from alias
 * listings that pass through the guard; forgotten whenever aliases are changed through it (until
 * the next listing). Thread-safe.
 */
public final class AliasBook {
  private final Map<String, String> targets = new ConcurrentHashMap<>();

  /** The collection {@code alias} points to, or {@code null} when it is not a known alias. */
  public @Nullable String resolve(String alias) {
    return targets.get(alias);
  }

  /** Learns every alias of a {@code qdrant.ListAliasesResponse}; other messages are ignored. */
  void learn(Message response) {
    if (!Protos.isType(response, "qdrant.ListAliasesResponse")) {
      return;
    }
    targets.clear();
    for (Message alias : Protos.messages(response, "aliases")) {
      String name = Protos.string(alias, "alias_name");
      String collection = Protos.string(alias, "collection_name");
      if (!name.isEmpty() && !collection.isEmpty()) {
        targets.put(name, collection);
      }
    }
  }

  /** Forgets every alias: they are being changed, so what was learned may be stale. */
  void forget() {
    targets.clear();
  }
}
