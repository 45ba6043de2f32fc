package dev.vectorguard.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.vectorguard.Obligations;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.mask.MaskSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one masker did to a response, for comparing two maskers in the equivalence tests: the
 * delivered bytes, the counts and the result count, or the error it threw.
 */
record MaskerOutcome(ByteString bytes, MaskCounts counts, Integer results, String error) {
  static final MaskEngine ENGINE = MaskEngine.create(MaskSettings.builder()
      .hashKey("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).build());

  static MaskerOutcome of(Supplier<GrpcDialect.Masked> masker) {
    try {
      GrpcDialect.Masked m = masker.get();
      return new MaskerOutcome(m.message().toByteString(), m.counts(), m.results(), null);
    } catch (RuntimeException e) {
      return new MaskerOutcome(null, null, null, e.toString());
    }
  }

  /** One generated case: what it is (for the failure message) and the two maskers applied to it. */
  record Case(Supplier<String> description, Supplier<GrpcDialect.Masked> legacy, Supplier<GrpcDialect.Masked> now) {}

  /**
   * Runs {@code rounds} cases from {@code cases}, asserting that both maskers have the same
   * outcome in each, that most cases masked and that some failed (non-finite numbers, which both
   * must refuse alike).
   */
  static void assertSameOnEvery(int rounds, long seed, Function<Random, Case> cases) {
    Random random = new Random(seed);
    int failed = 0;
    for (int round = 0; round < rounds; round++) {
      Case c = cases.apply(random);
      MaskerOutcome legacy = of(c.legacy());
      int r = round;
      assertThat(of(c.now())).as(() -> "round " + r + ": " + c.description().get()).isEqualTo(legacy);
      failed += legacy.error() == null ? 0 : 1;
    }
    assertThat(rounds - failed).as("masked").isGreaterThan(rounds * 5 / 6);
    assertThat(failed).as("non-finite numbers refused").isGreaterThan(5);
  }

  /** Adds up to {@code most} rules of random selectors from {@code selectors} and random actions. */
  static Obligations.Builder randomRules(Obligations.Builder b, Random random, List<String> selectors, int most) {
    for (int r = random.nextInt(most + 1); r > 0; r--) {
      MaskAction action = MaskAction.values()[random.nextInt(MaskAction.values().length)];
      b.mask(new MaskRule(selectors.get(random.nextInt(selectors.size())), action,
          action == MaskAction.PARTIAL ? 1 + random.nextInt(4) : 0));
    }
    return b;
  }
}
