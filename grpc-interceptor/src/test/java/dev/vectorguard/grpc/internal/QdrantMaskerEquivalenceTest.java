package dev.vectorguard.grpc.internal;

import com.google.protobuf.Message;
import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskPlan;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.ListValue;
import io.qdrant.client.grpc.JsonWithInt.NullValue;
import io.qdrant.client.grpc.JsonWithInt.Struct;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.GroupId;
import io.qdrant.client.grpc.Points.GroupsResult;
import io.qdrant.client.grpc.Points.MultiDenseVector;
import io.qdrant.client.grpc.Points.NamedVectorsOutput;
import io.qdrant.client.grpc.Points.OrderValue;
import io.qdrant.client.grpc.Points.PointGroup;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.SearchBatchResponse;
import io.qdrant.client.grpc.Points.SearchGroupsResponse;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.VectorsOutput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link QdrantMasker}, which masks only the payload entries a rule reaches and keeps the rest
 * as they are, against {@link LegacyQdrantMasker}, which took every payload through Java maps:
 * for random responses of every point-carrying shape, random payloads, rules, allowed fields,
 * tenant checks and vector stripping, both give the same bytes, the same counts and the same
 * result count, or fail with the same error.
 */
class QdrantMaskerEquivalenceTest {
  private static final List<String> KEYS = List.of("email", "customer", "contacts", "card", "notes", "tenant",
      "title", "score", "tags", "x");
  private static final List<String> INNER_KEYS = List.of("email", "ssn", "phone", "secret", "kind", "z");
  private static final List<String> SELECTORS = List.of("email", "customer.email", "customer.ssn", "**.email",
      "*", "*.kind", "contacts[].phone", "contacts.*", "card", "notes", "customer.**.secret", "title", "score",
      "**.phone", "tags[]", "x.*.z", "tenant");
  private static final List<String> TEXTS = List.of("ann@example.com", "call +47 22 33 44 55",
      "card 4111 1111 1111 1111", "ssn 123-45-6789", "plain words", "", "t1");

  @Test
  void masksEveryResponseAsTheWholePayloadPathDid() {
    MaskerOutcome.assertSameOnEvery(3000, 1616, random -> {
      Obligations ob = obligations(random);
      MaskPlan plan = ob.maskRules().isEmpty() ? null : MaskerOutcome.ENGINE.plan(ob.maskRules(), false);
      Operation operation = random.nextInt(4) == 0 ? Operation.GET : Operation.SEARCH;
      VectorCall call = VectorCall.builder(Backend.QDRANT, operation).collections(List.of("docs")).build();
      Message response = response(random, random.nextInt(6));
      return new MaskerOutcome.Case(() -> ob + " on " + response,
          () -> LegacyQdrantMasker.mask(call, response, ob, plan), () -> QdrantMasker.mask(call, response, ob, plan));
    });
  }

  private static Obligations obligations(Random random) {
    Obligations.Builder b = Obligations.builder().stripVectors(random.nextBoolean());
    MaskerOutcome.randomRules(b, random, SELECTORS, 4);
    if (random.nextInt(3) == 0) {
      Set<String> allowed = new LinkedHashSet<>();
      KEYS.stream().filter(k -> random.nextBoolean()).forEach(allowed::add);
      b.allowedOutputFields(allowed);
    }
    if (random.nextInt(3) == 0) {
      b.tenantFilter(new TenantFilter("tenant", "t1"));
    }
    return b.build();
  }

  /** One response of the given shape: search, get, scroll, batch, groups with lookups, or no points. */
  private static Message response(Random random, int shape) {
    return switch (shape) {
      case 0 -> SearchResponse.newBuilder().addAllResult(scored(random)).setTime(0.5).build();
      case 1 -> GetResponse.newBuilder().addAllResult(retrieved(random)).build();
      case 2 -> ScrollResponse.newBuilder().addAllResult(retrieved(random)).build();
      case 3 -> SearchBatchResponse.newBuilder()
          .addResult(BatchResult.newBuilder().addAllResult(scored(random)))
          .addResult(BatchResult.newBuilder().addAllResult(scored(random))).build();
      case 4 -> {
        GroupsResult.Builder groups = GroupsResult.newBuilder();
        for (int g = random.nextInt(3); g >= 0; g--) {
          PointGroup.Builder group = PointGroup.newBuilder().setId(GroupId.newBuilder().setIntegerValue(g))
              .addAllHits(scored(random));
          if (random.nextBoolean()) {
            group.setLookup(retrievedPoint(random, g));
          }
          groups.addGroups(group);
        }
        yield SearchGroupsResponse.newBuilder().setResult(groups).build();
      }
      default -> SearchResponse.newBuilder().setTime(1).build();
    };
  }

  private static List<ScoredPoint> scored(Random random) {
    List<ScoredPoint> points = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      ScoredPoint.Builder p = ScoredPoint.newBuilder().setId(id(i)).setScore(random.nextFloat()).setVersion(i)
          .putAllPayload(payload(random));
      if (random.nextBoolean()) {
        p.setVectors(vectors(random));
      }
      if (random.nextInt(4) == 0) {
        p.setOrderValue(OrderValue.newBuilder().setInt(i));
      }
      points.add(p.build());
    }
    return points;
  }

  private static List<RetrievedPoint> retrieved(Random random) {
    List<RetrievedPoint> points = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      points.add(retrievedPoint(random, i));
    }
    return points;
  }

  private static RetrievedPoint retrievedPoint(Random random, int i) {
    RetrievedPoint.Builder p = RetrievedPoint.newBuilder().setId(id(i)).putAllPayload(payload(random));
    if (random.nextBoolean()) {
      p.setVectors(vectors(random));
    }
    if (random.nextInt(4) == 0) {
      p.setOrderValue(OrderValue.newBuilder().setFloat(i));
    }
    return p.build();
  }

  private static PointId id(long n) {
    return PointId.newBuilder().setNum(n).build();
  }

  private static VectorsOutput vectors(Random random) {
    VectorOutput dense = VectorOutput.newBuilder().setDense(DenseVector.newBuilder().addData(1f).addData(0.5f)).build();
    return switch (random.nextInt(3)) {
      case 0 -> VectorsOutput.newBuilder().setVector(dense).build();
      case 1 -> VectorsOutput.newBuilder().setVectors(NamedVectorsOutput.newBuilder().putVectors("a", dense)
          .putVectors("b", dense)).build();
      default -> VectorsOutput.newBuilder().setVector(VectorOutput.newBuilder().setMultiDense(
          MultiDenseVector.newBuilder().addVectors(DenseVector.newBuilder().addData(1f))
              .addVectors(DenseVector.newBuilder().addData(2f)))).build();
    };
  }

  private static java.util.Map<String, Value> payload(Random random) {
    java.util.Map<String, Value> payload = new java.util.LinkedHashMap<>();
    List<String> keys = new ArrayList<>(KEYS);
    java.util.Collections.shuffle(keys, random);
    for (String key : keys) {
      if (random.nextInt(3) > 0) {
        payload.put(key, key.equals("tenant") && random.nextBoolean() ? string(random.nextBoolean() ? "t1" : "t2")
            : value(random, 3));
      }
    }
    return payload;
  }

  private static Value value(Random random, int depth) {
    return switch (random.nextInt(depth > 0 ? 9 : 6)) {
      case 0 -> Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
      case 1 -> Value.newBuilder().setBoolValue(random.nextBoolean()).build();
      case 2 -> Value.newBuilder().setIntegerValue(random.nextInt(2_000_000) - 1_000_000).build();
      case 3 -> Value.newBuilder().setDoubleValue(random.nextInt(200) == 0 ? Double.NaN
          : random.nextInt(200) == 0 ? Double.NEGATIVE_INFINITY : random.nextDouble() * 100).build();
      case 4, 5 -> string(TEXTS.get(random.nextInt(TEXTS.size())));
      case 6, 7 -> {
        Struct.Builder struct = Struct.newBuilder();
        for (String key : INNER_KEYS) {
          if (random.nextInt(3) == 0) {
            struct.putFields(key, value(random, depth - 1));
          }
        }
        yield Value.newBuilder().setStructValue(struct).build();
      }
      default -> {
        ListValue.Builder list = ListValue.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.addValues(value(random, depth - 1));
        }
        yield Value.newBuilder().setListValue(list).build();
      }
    };
  }

  private static Value string(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }
}
