package dev.vectorguard.model;

import dev.vectorguard.Backend;
import dev.vectorguard.VectorCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The aliases the guard has seen, so that a call naming an alias is decided on the collection
 * behind it too: Qdrant checks a token against the name as sent and resolves aliases afterwards,
 * and a client-side rule on a Milvus collection would likewise be bypassed through an alias.
 * Transport bindings learn entries from the alias listings that pass through the guard; a
 * backend's entries are forgotten whenever its aliases are changed through the guard, until the
 * next listing. Thread-safe; one book per guarded client.
 */
public final class AliasBook {
  private record Key(Backend backend, String database, String alias) {}

  private final Map<Key, String> targets = new ConcurrentHashMap<>();

  /** The collection {@code alias} points to, or {@code null} when it is not a known alias. */
  public @Nullable String resolve(Backend backend, @Nullable String database, String alias) {
    return targets.get(new Key(backend, database == null ? "" : database, alias));
  }

  /** Learns that {@code alias} points to {@code collection}; empty names are ignored. */
  public void learn(Backend backend, @Nullable String database, String alias, String collection) {
    Objects.requireNonNull(backend, "backend");
    if (!alias.isEmpty() && !collection.isEmpty()) {
      targets.put(new Key(backend, database == null ? "" : database, alias), collection);
    }
  }

  /** Forgets every alias of {@code backend}: they are being changed, so what was learned may be stale. */
  public void forget(Backend backend) {
    targets.keySet().removeIf(k -> k.backend() == backend);
  }

  /**
   * {@code call} touching, besides each name as sent, the collection each known alias points to,
   * so that it is decided on both.
   */
  public VectorCall withTargets(VectorCall call) {
    if (call.collections().isEmpty() || targets.isEmpty()) {
      return call;
    }
    List<String> all = new ArrayList<>(call.collections());
    for (String name : call.collections()) {
      String target = resolve(call.backend(), call.database(), name);
      if (target != null && !all.contains(target)) {
        all.add(target);
      }
    }
    return all.size() == call.collections().size() ? call : call.toBuilder().collections(all).build();
  }
}
