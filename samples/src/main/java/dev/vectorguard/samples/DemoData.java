package dev.vectorguard.samples;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;

import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's generated dataset: a {@code docs} collection shared by two tenants, whose payloads
 * carry names, emails, phone numbers and notes with card numbers in them, and an
 * {@code hr-salaries} collection. Generated from a fixed seed, so every run sees the same data.
 * All personal data here is made up; the card numbers are well-known test numbers.
 */
final class DemoData {
  static final String DOCS = "docs";
  static final String SALARIES = "hr-salaries";
  static final String TENANT_A = "tenant-a";
  static final String TENANT_B = "tenant-b";
  static final int DIMENSIONS = 8;
  /** Test card numbers that pass the Luhn check. */
  static final List<String> CARDS = List.of("4111 1111 1111 1111", "5500-0000-0000-0004", "340000000000009");

  private static final String[] FIRST = {"Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana"};
  private static final String[] LAST = {"Meyer", "Silva", "Wang", "Cohen", "Okafor", "Haddad", "Petrov", "Sato"};
  private static final String[] TOPICS = {"refund request", "address change", "plan upgrade", "billing dispute"};

  private DemoData() {}

  /** Ten points per tenant, ids 1–10 for tenant A and 11–20 for tenant B. */
  static List<PointStruct> docs() {
    Random random = new Random(42);
    List<PointStruct> points = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String tenant = i < 10 ? TENANT_A : TENANT_B;
      String first = FIRST[i % FIRST.length];
      String last = LAST[(i * 3) % LAST.length];
      Map<String, Value> payload = new LinkedHashMap<>();
      payload.put("tenant_id", value(tenant));
      payload.put("name", value(first + " " + last));
      payload.put("email", value(first.toLowerCase() + "." + last.toLowerCase() + "@" + tenant + ".example"));
      payload.put("phone", value(String.format("+1 415 555 %04d", 1000 + i * 37)));
      payload.put("notes", value("Customer asked about a " + TOPICS[i % TOPICS.length] + "; paid with card "
          + CARDS.get(i % CARDS.size()) + " last month."));
      points.add(PointStruct.newBuilder()
          .setId(id(i + 1))
          .setVectors(vectors(randomVector(random)))
          .putAllPayload(payload)
          .build());
    }
    return points;
  }

  static List<PointStruct> salaries() {
    Random random = new Random(7);
    List<PointStruct> points = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      points.add(PointStruct.newBuilder()
          .setId(id(i + 1))
          .setVectors(vectors(randomVector(random)))
          .putAllPayload(Map.of("employee", value(FIRST[i] + " " + LAST[i]), "salary", value(90_000 + i * 7_500)))
          .build());
    }
    return points;
  }

  /** The query vector every search in the demo uses. */
  static List<Float> query() {
    return randomVector(new Random(1));
  }

  private static List<Float> randomVector(Random random) {
    List<Float> vector = new ArrayList<>(DIMENSIONS);
    for (int d = 0; d < DIMENSIONS; d++) {
      vector.add(random.nextFloat());
    }
    return vector;
  }
}
