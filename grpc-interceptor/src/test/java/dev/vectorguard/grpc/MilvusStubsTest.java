package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvus.grpc.MilvusServiceGrpc;
import io.qdrant.client.grpc.PointsGrpc;
import org.junit.jupiter.api.Test;

/**
 * Which gRPC a Milvus SDK's stubs are built on. This module runs on the shaded SDK (2.6.22);
 * compat/milvus-sdk-2.5 runs the Milvus guard tests on the plain one (2.5.9).
 */
class MilvusStubsTest {
  @Test
  void theShadedSdkIsTold() {
    assertThat(MilvusStubs.flavour(MilvusServiceGrpc.MilvusServiceBlockingStub.class))
        .isEqualTo(MilvusStubs.SHADED_STUB);
    assertThat(MilvusStubs.flavour(MilvusServiceGrpc.MilvusServiceFutureStub.class))
        .isEqualTo(MilvusStubs.SHADED_STUB);
  }

  @Test
  void aStubOnPlainGrpcIsTold() {
    // Built on io.grpc.stub.AbstractStub, as the stubs of Milvus SDK 2.5.x are.
    assertThat(MilvusStubs.flavour(PointsGrpc.PointsBlockingStub.class)).isEqualTo(MilvusStubs.PLAIN_STUB);
  }

  @Test
  void anUnknownStubIsRefusedWithTheVersionsSupported() {
    assertThatThrownBy(() -> MilvusStubs.flavour(String.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot guard this Milvus SDK: java.lang.String extends neither "
            + "io.milvus.shaded.io.grpc.stub.AbstractStub (milvus-sdk-java 2.6.18+) nor io.grpc.stub.AbstractStub "
            + "(2.5.x, 2.6.0-2.6.17); Vectorguard supports milvus-sdk-java 2.5.x and 2.6.x");
  }
}
