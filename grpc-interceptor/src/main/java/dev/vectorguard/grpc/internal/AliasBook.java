package dev.vectorguard.grpc.internal;

import com.google.protobuf.Message;
import dev.vectorguard.Backend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Aliases the guard has seen, so that a call naming an alias is decided on the collection behind
 * it too: Qdrant checks a token against the name as sent and resolves aliases afterwards, and a
 * client-side rule on a Milvus collection would likewise be bypassed through an alias. Learned
 * from alias responses that pass through the guard (Qdrant {@code ListAliases}; Milvus
 * {@code ListAliases} and {@code DescribeAlias}); a backend's aliases are forgotten whenever
 * aliases are changed through the guard, until the next listing. Thread-safe.
 */
public final class AliasBook {
  private record Key(Backend backend, String database, String alias) {}

  private final Map<Key, String> targets = new ConcurrentHashMap<>();

  /** The collection {@code alias} points to, or {@code null} when it is not a known alias. */
  public @Nullable String resolve(Backend backend, @Nullable String database, String alias) {
    return targets.get(new Key(backend, database == null ? "" : database, alias));
  }

  /** Learns the aliases an alias response names; other messages are ignored. */
  void learn(Message response, @Nullable String database) {
    String db = database == null ? "" : database;
    switch (response.getDescriptorForType().getFullName()) {
      case "qdrant.ListAliasesResponse" -> {
        forget(Backend.QDRANT);
        for (Message alias : Protos.messages(response, "aliases")) {
          put(Backend.QDRANT, "", Protos.string(alias, "alias_name"), Protos.string(alias, "collection_name"));
        }
      }
      case "milvus.proto.milvus.ListAliasesResponse" -> {
        String responseDb = Protos.string(response, "db_name");
        for (String alias : Protos.strings(response, "aliases")) {
          put(Backend.MILVUS, responseDb.isEmpty() ? db : responseDb, alias, Protos.string(response, "collection_name"));
        }
      }
      case "milvus.proto.milvus.DescribeAliasResponse" -> {
        String responseDb = Protos.string(response, "db_name");
        put(Backend.MILVUS, responseDb.isEmpty() ? db : responseDb, Protos.string(response, "alias"),
            Protos.string(response, "collection"));
      }
      default -> { }
    }
  }

  private void put(Backend backend, String database, String alias, String collection) {
    if (!alias.isEmpty() && !collection.isEmpty()) {
      targets.put(new Key(backend, database, alias), collection);
    }
  }

  /** Forgets every alias of {@code backend}: they are being changed, so what was learned may be stale. */
  void forget(Backend backend) {
    targets.keySet().removeIf(k -> k.backend() == backend);
  }
}
