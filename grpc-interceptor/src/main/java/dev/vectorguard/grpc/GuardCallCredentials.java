package dev.vectorguard.grpc;

import dev.vectorguard.token.CredentialHeaders;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The guard's credential for one call, set in {@code CallOptions} in place of the client's call
 * credentials: call credentials are applied after every interceptor, so a header set by an
 * interceptor could not win over them. The client's own call credentials (the Qdrant client's
 * {@code withApiKey} and {@code withHeaders} are such) still run, but every credential header
 * they produce is dropped; their other headers (tracing, routing) are kept.
 */
final class GuardCallCredentials extends CallCredentials {
  private final @Nullable CallCredentials client;
  private final List<CredentialHeaders.Header> headers;

  GuardCallCredentials(@Nullable CallCredentials client, List<CredentialHeaders.Header> headers) {
    this.client = client instanceof GuardCallCredentials guard ? guard.client : client;
    this.headers = List.copyOf(headers);
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    if (client == null) {
      applier.apply(guardHeaders(new Metadata()));
      return;
    }
    client.applyRequestMetadata(requestInfo, appExecutor, new MetadataApplier() {
      @Override
      public void apply(Metadata metadata) {
        applier.apply(guardHeaders(metadata));
      }

      @Override
      public void fail(Status status) {
        applier.fail(status);
      }
    });
  }

  private Metadata guardHeaders(Metadata fromClient) {
    Metadata out = new Metadata();
    for (String key : fromClient.keys()) {
      if (CredentialHeaders.isCredentialHeader(key)) {
        continue;
      }
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        Metadata.Key<byte[]> k = Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER);
        Iterable<byte[]> values = fromClient.getAll(k);
        if (values != null) {
          values.forEach(v -> out.put(k, v));
        }
        continue;
      }
      Metadata.Key<String> k = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
      Iterable<String> values = fromClient.getAll(k);
      if (values != null) {
        values.forEach(v -> out.put(k, v));
      }
    }
    for (CredentialHeaders.Header header : headers) {
      out.put(Metadata.Key.of(header.name(), Metadata.ASCII_STRING_MARSHALLER), header.value());
    }
    return out;
  }

  @Override
  public String toString() {
    return "GuardCallCredentials" + headers;
  }
}
