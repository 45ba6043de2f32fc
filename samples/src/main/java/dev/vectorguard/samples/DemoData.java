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

  /** One record of the dataset, independent of the backend it is stored in. */
  record Doc(int id, List<Float> vector, Map<String, Object> payload) {}

  /** Ten records per tenant, ids 1–10 for tenant A and 11–20 for tenant B. */
  static List<Doc> docRecords() {
    Random random = new Random(42);
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String tenant = i < 10 ? TENANT_A : TENANT_B;
      String first = FIRST[i % FIRST.length];
      String last = LAST[(i * 3) % LAST.length];
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("tenant_id", tenant);
      payload.put("name", first + " " + last);
      payload.put("email", first.toLowerCase() + "." + last.toLowerCase() + "@" + tenant + ".example");
      payload.put("phone", String.format("+1 415 555 %04d", 1000 + i * 37));
      payload.put("notes", "Customer asked about a " + TOPICS[i % TOPICS.length] + "; paid with card "
          + CARDS.get(i % CARDS.size()) + " last month.");
      docs.add(new Doc(i + 1, randomVector(random), payload));
    }
    return docs;
  }

  static List<Doc> salaryRecords() {
    Random random = new Random(7);
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("employee", FIRST[i] + " " + LAST[i]);
      payload.put("salary", 90_000 + i * 7_500);
      docs.add(new Doc(i + 1, randomVector(random), payload));
    }
    return docs;
  }

  /** {@link #docRecords()} as Qdrant points. */
  static List<PointStruct> docs() {
    return points(docRecords());
  }

  /** {@link #salaryRecords()} as Qdrant points. */
  static List<PointStruct> salaries() {
    return points(salaryRecords());
  }

  private static List<PointStruct> points(List<Doc> docs) {
    List<PointStruct> points = new ArrayList<>();
    for (Doc doc : docs) {
      Map<String, Value> payload = new LinkedHashMap<>();
      doc.payload().forEach((field, v) -> payload.put(field,
          v instanceof Integer n ? value(n.longValue()) : value(String.valueOf(v))));
      points.add(PointStruct.newBuilder().setId(id(doc.id())).setVectors(vectors(doc.vector()))
          .putAllPayload(payload).build());
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
