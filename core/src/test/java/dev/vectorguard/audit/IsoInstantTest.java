package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The audit line's {@code ts} is exactly {@link Instant#toString()}, at every precision and year. */
class IsoInstantTest {

  @Test
  void formatsAsInstantToString() {
    Random random = new Random(16);
    long[] seconds = {0, 1, 59, 86_399, 951_782_400L /* 2000-02-29 */, 1_798_761_599L, 253_402_300_799L,
        253_402_300_800L, -1, -62_135_596_800L};
    int[] nanos = {0, 1, 999_999_999, 1_000_000, 120_000_000, 123_456_000, 100_000, 5_000, 50};
    for (long second : seconds) {
      for (int nano : nanos) {
        Instant at = Instant.ofEpochSecond(second, nano);
        assertThat(IsoInstant.format(at)).as("%s", at).isEqualTo(at.toString());
      }
    }
    for (int i = 0; i < 20_000; i++) {
      long second = random.nextInt(4) == 0 ? 1_764_000_000L + random.nextInt(3) : random.nextLong() % 300_000_000_000L;
      int nano = switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant at = Instant.ofEpochSecond(second, nano);
      assertThat(IsoInstant.format(at)).as("%s", at).isEqualTo(at.toString());
    }
  }
}
