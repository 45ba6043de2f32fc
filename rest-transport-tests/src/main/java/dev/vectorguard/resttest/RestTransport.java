package dev.vectorguard.resttest;

import dev.vectorguard.Backend;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.rest.RestGuard;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One REST transport under the contract: builds the transport's guarded client for a guard and a
 * set of base URLs, and sends plain requests through it. Adding a transport means writing this
 * binding and subclassing the {@code *Contract} suites with it; the tests stay as they are.
 */
public interface RestTransport {

  /** What the guarded client is configured with; mutable, for {@link Harness}'s configure hook. */
  final class Setup {
    public final Map<URI, Backend> backends = new LinkedHashMap<>();
    public final List<URI> passThrough = new ArrayList<>();
    public @Nullable Long maxRequestBytes;

    public Setup backend(URI base, Backend backend) {
      backends.put(base, backend);
      return this;
    }

    public Setup passThrough(URI base) {
      passThrough.add(base);
      return this;
    }

    public Setup maxRequestBytes(long max) {
      maxRequestBytes = max;
      return this;
    }

    /** The {@link RestGuard} this setup describes, for the transports built over one. */
    public RestGuard restGuard(VectorGuard guard) {
      RestGuard.Builder builder = RestGuard.builder(guard);
      backends.forEach(builder::backend);
      passThrough.forEach(builder::passThrough);
      if (maxRequestBytes != null) {
        builder.maxRequestBytes(maxRequestBytes);
      }
      return builder.build();
    }
  }

  /** A request as the application would make it. */
  record Request(String method, URI url, Map<String, List<String>> headers, @Nullable String body) {
    public Request header(String name, String value) {
      Map<String, List<String>> copy = new LinkedHashMap<>(headers);
      copy.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return new Request(method, url, copy, body);
    }
  }

  /** A response as the application got it: status, headers (names in any case), the whole body. */
  record Reply(int code, Map<String, List<String>> headers, String body) {
    public Reply {
      Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      sorted.putAll(headers);
      headers = sorted;
    }

    public @Nullable String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** A guarded client of the transport. */
  interface Client {
    /**
     * Sends {@code request} as the current {@link dev.vectorguard.GuardContext} actor and reads
     * the whole response, whatever its status.
     *
     * @throws Exception what the transport's client throws; a refusal has the guard's
     *     {@link dev.vectorguard.VectorGuardException} in its cause chain (see {@link Refusals})
     */
    Reply send(Request request) throws Exception;
  }

  /** The transport's client guarded by {@code guard} as {@code setup} says. */
  Client connect(VectorGuard guard, Setup setup) throws Exception;
}
