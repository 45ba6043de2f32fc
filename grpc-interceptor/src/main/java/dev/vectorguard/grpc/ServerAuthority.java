package dev.vectorguard.grpc;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The host and port of a channel's authority ({@code host:port}), as call listeners are told the
 * server of a call. Outside {@link GuardClientInterceptor} because it names nothing of gRPC, and
 * that class is relocated to the Milvus SDK's shaded gRPC, each of its classes naming gRPC types.
 *
 * @param authority the authority parsed
 * @param host its host, without IPv6 brackets; the whole authority when it is a name rather than a host
 * @param port its port, or {@code -1} when none
 */
record ServerAuthority(String authority, String host, int port) {
  static ServerAuthority of(String authority) {
    try {
      URI server = new URI("//" + authority);
      return new ServerAuthority(authority,
          server.getHost() != null ? server.getHost().replaceAll("^\\[|]$", "") : authority, server.getPort());
    } catch (URISyntaxException e) {
      return new ServerAuthority(authority, authority, -1); // a name rather than a host (an in-process server's, say)
    }
  }
}
