package dev.vectorguard.conformance;

import dev.vectorguard.Backend;

/**
 * A backend's wire protocol, as a scenario spells a request in it. Every transport that speaks a
 * wire (OkHttp, the JDK client, gRPC stubs, the Milvus SDK) reads the same spelling; adding such a
 * transport means writing a {@link TransportBinding}, never copying rows.
 */
public enum Wire {
  /** Qdrant REST (port 6333): {@code METHOD /path} and a JSON body. */
  QDRANT_REST("qdrant-rest", Backend.QDRANT),
  /** Qdrant gRPC (port 6334): a full method name and the request message as protobuf JSON. */
  QDRANT_GRPC("qdrant-grpc", Backend.QDRANT),
  /** Milvus RESTful API v2: {@code POST /v2/vectordb/...} and a JSON body. */
  MILVUS_REST("milvus-rest", Backend.MILVUS),
  /** Milvus gRPC ({@code milvus.proto.milvus.MilvusService}): a full method name and protobuf JSON. */
  MILVUS_GRPC("milvus-grpc", Backend.MILVUS);

  private final String id;
  private final Backend backend;

  Wire(String id, Backend backend) {
    this.id = id;
    this.backend = backend;
  }

  public String id() {
    return id;
  }

  public Backend backend() {
    return backend;
  }

  @Override
  public String toString() {
    return id;
  }
}
