package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.Descriptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a dialect derives from a message type (the field descriptors it reads), computed once per
 * type instead of once per message. Descriptors are identity-keyed singletons of their types, so
 * the cache stays as small as the set of types seen; beyond {@link #MAX_CACHED_TYPES} (only
 * dynamic descriptors could get there) it computes without caching. Thread-safe.
 */
final class PerType<T> {
  private static final int MAX_CACHED_TYPES = 4096;

  private final Map<Descriptor, T> cache = new ConcurrentHashMap<>();
  private final Function<Descriptor, T> compute;

  PerType(Function<Descriptor, T> compute) {
    this.compute = compute;
  }

  T get(Descriptor type) {
    T known = cache.get(type);
    if (known != null) {
      return known;
    }
    return cache.size() >= MAX_CACHED_TYPES ? compute.apply(type) : cache.computeIfAbsent(type, compute);
  }
}
