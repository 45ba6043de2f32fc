package dev.vectorguard.grpc;

import dev.vectorguard.token.CredentialHeaders;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The guard's credential for one call. Set in {@code CallOptions} so that it replaces any call
 * credentials the client set (such as the Qdrant client's {@code withApiKey}); call credentials
 * are applied after every interceptor, so a header set by an interceptor could not win.
 */
final class GuardCallCredentials extends CallCredentials {
  private final List<CredentialHeaders.Header> headers;

  GuardCallCredentials(List<CredentialHeaders.Header> headers) {
    this.headers = List.copyOf(headers);
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    Metadata metadata = new Metadata();
    for (CredentialHeaders.Header header : headers) {
      metadata.put(Metadata.Key.of(header.name(), Metadata.ASCII_STRING_MARSHALLER), header.value());
    }
    applier.apply(metadata);
  }

  @Override
  public String toString() {
    return "GuardCallCredentials" + headers;
  }
}
