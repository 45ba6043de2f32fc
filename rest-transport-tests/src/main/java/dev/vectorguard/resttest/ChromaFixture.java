package dev.vectorguard.resttest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.testing.GuardBehaviourSuite.Seed;
import java.io.IOException;
import java.util.List;

/** Seeds Chroma collections without the guard. */
public final class ChromaFixture {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChromaFixture() {}

  public static void add(ChromaServer.Database db, String collectionId, List<Seed> records) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode ids = body.putArray("ids");
    ArrayNode embeddings = body.putArray("embeddings");
    ArrayNode metadatas = body.putArray("metadatas");
    ArrayNode documents = body.putArray("documents");
    for (Seed seed : records) {
      ids.add(seed.id());
      ArrayNode vector = embeddings.addArray();
      seed.vector().forEach(vector::add);
      metadatas.add(JSON.valueToTree(seed.payload()));
      documents.add(seed.text() + " by " + seed.email());
    }
    ChromaServer.post(db.base() + "/collections/" + collectionId + "/add", body.toString());
  }
}
