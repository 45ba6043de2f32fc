package dev.vectorguard.samples.springai;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * A stand-in embedding model for running the sample offline: each word of a text adds one to the
 * dimension its CRC-32 falls into, and the vector is normalised. Texts that share words are
 * close; nothing more is claimed. Deterministic and thread-safe.
 */
final class HashingEmbeddingModel implements EmbeddingModel {
  private final int dimensions;

  HashingEmbeddingModel(int dimensions) {
    this.dimensions = dimensions;
  }

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<Embedding> embeddings = new ArrayList<>();
    List<String> texts = request.getInstructions();
    for (int i = 0; i < texts.size(); i++) {
      embeddings.add(new Embedding(embed(texts.get(i)), i));
    }
    return new EmbeddingResponse(embeddings);
  }

  @Override
  public float[] embed(Document document) {
    return embed(document.getText() == null ? "" : document.getText());
  }

  @Override
  public float[] embed(String text) {
    float[] vector = new float[dimensions];
    for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
      if (!word.isEmpty()) {
        CRC32 crc = new CRC32();
        crc.update(word.getBytes(StandardCharsets.UTF_8));
        vector[(int) (crc.getValue() % dimensions)] += 1f;
      }
    }
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    if (norm == 0) {
      vector[0] = 1f;
      return vector;
    }
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (vector[i] / Math.sqrt(norm));
    }
    return vector;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }
}
