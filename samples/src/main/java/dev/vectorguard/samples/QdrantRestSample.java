package dev.vectorguard.samples;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.okhttp.VectorGuardOkHttp;
import dev.vectorguard.okhttp.VectorGuardRefusedIOException;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Guarding plain OkHttp calls to Qdrant's REST API; quoted in samples/README.md. */
final class QdrantRestSample {
  private QdrantRestSample() {}

  /** Searches {@code docs} for {@code tenant}; the guard adds the tenant filter and masks the answer. */
  static String search(VectorGuard guard, HttpUrl qdrant, OkHttpClient client, String tenant) throws IOException {
    // sample:qdrant-rest
    OkHttpClient guarded = VectorGuardOkHttp.builder(guard)
        .backend(qdrant, Backend.QDRANT)          // calls to this base URL are Qdrant REST
        .build()
        .wrap(client);                            // a new client; `client` itself stays unguarded
    Request search = new Request.Builder()
        .url(qdrant.resolve("collections/docs/points/query"))
        .post(RequestBody.create("{\"query\":[0.1,0.2,0.3,0.4],\"limit\":50,\"with_payload\":true}",
            MediaType.get("application/json")))
        .build();
    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant(tenant).build());
        Response response = guarded.newCall(search).execute()) {
      return response.body().string();           // capped, tenant-filtered, masked
    } catch (VectorGuardRefusedIOException refused) {
      return "refused: " + refused.getMessage(); // nothing was sent
    }
    // end:qdrant-rest
  }
}
