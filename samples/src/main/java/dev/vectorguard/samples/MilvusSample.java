package dev.vectorguard.samples;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.grpc.MilvusGuard;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.List;

/** Guarding the Milvus Java SDK (2.6.18+, gRPC shaded); quoted in samples/README.md. */
final class MilvusSample {
  private MilvusSample() {}

  static SearchResp search(VectorGuard guard, String uri, String tenant) {
    // sample:milvus
    MilvusClientV2 milvus = MilvusGuard.create(guard)
        .connect(ConnectConfig.builder().uri(uri).build()); // no SDK credentials: the guard attaches its own
    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant(tenant).build())) {
      return milvus.search(SearchReq.builder()
          .collectionName("docs")
          .data(List.of(new FloatVec(new float[] {0.1f, 0.2f, 0.3f, 0.4f})))
          .topK(50)                                          // capped by the policy's max_results
          .outputFields(List.of("title", "email"))           // email masked in the answer
          .build());
    } finally {
      milvus.close();
    }
    // end:milvus
  }
}
