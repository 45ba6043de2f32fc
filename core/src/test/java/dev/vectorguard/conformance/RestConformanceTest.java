package dev.vectorguard.conformance;

import java.util.List;

/** The conformance table on core's own transports: the Qdrant and Milvus REST dialects. */
class RestConformanceTest extends ConformanceSuite {
  @Override
  protected List<TransportBinding> bindings() {
    return List.of(RestBinding.qdrant(), RestBinding.milvus());
  }
}
