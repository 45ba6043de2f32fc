package dev.vectorguard.grpc.conformance;

import dev.vectorguard.conformance.ConformanceSuite;
import dev.vectorguard.conformance.RestBinding;
import dev.vectorguard.conformance.TransportBinding;
import java.util.List;

/**
 * The conformance table on every transport of each backend side by side: Qdrant REST and gRPC,
 * Milvus REST and gRPC. Each row must reach its verdict on each, and the transports of a backend
 * must agree.
 */
class CrossTransportConformanceTest extends ConformanceSuite {
  @Override
  protected List<TransportBinding> bindings() {
    return List.of(RestBinding.qdrant(), GrpcBinding.qdrant(), RestBinding.milvus(), GrpcBinding.milvus());
  }
}
