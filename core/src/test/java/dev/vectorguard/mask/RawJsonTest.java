package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RawJson#copyableEnd}, which scans strings 8 bytes at a time, against a byte-at-a-time reference. */
class RawJsonTest {
  private static final byte[] ALPHABET = {'"', '\\', 0x1F, 0x20, 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF, 'a', 'z',
      '{', '}', '[', ']', ':', ',', '1', '\t', '\n'};

  @Test
  void findsTheSameEndAsAByteAtATimeScan() {
    Random random = new Random(8);
    int copyable = 0;
    for (int round = 0; round < 200_000; round++) {
      byte[] b = new byte[1 + random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        // mostly plain letters, so that long runs are scanned in words
        b[i] = random.nextInt(4) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) ('a' + random.nextInt(26));
      }
      b[0] = "\"{[".getBytes(StandardCharsets.US_ASCII)[random.nextInt(3)];
      int max = random.nextInt(4) == 0 ? random.nextInt(10) : 100;
      int expected = reference(b, 0, max);
      assertThat(RawJson.copyableEnd(b, 0, max)).as(Arrays.toString(b) + " max " + max).isEqualTo(expected);
      copyable += expected > 0 ? 1 : 0;
    }
    assertThat(copyable).isGreaterThan(10_000);
  }

  @Test
  void aPlainValueEndsAfterItsLastByte() {
    String value = "{\"k\":[\"plain text over eight bytes\",1,true]}";
    byte[] b = (value + ", \"next\"").getBytes(StandardCharsets.US_ASCII);
    assertThat(RawJson.copyableEnd(b, 0, 100)).isEqualTo(value.length());
    assertThat(RawJson.copyableEnd("\"tab\\tin\"".getBytes(StandardCharsets.US_ASCII), 0, 100)).isEqualTo(-1);
    assertThat(RawJson.copyableEnd("\"caf\u00e9 au lait\"".getBytes(StandardCharsets.UTF_8), 0, 100)).isEqualTo(-1);
    assertThat(RawJson.copyableEnd("[1, 2]".getBytes(StandardCharsets.US_ASCII), 0, 100)).isEqualTo(-1);
    assertThat(RawJson.copyableEnd("\"twelve chars\"".getBytes(StandardCharsets.US_ASCII), 0, 11)).isEqualTo(-1);
  }

  /** The scan written plainly: one byte at a time. */
  private static int reference(byte[] b, int start, int maxString) {
    int depth = 0;
    int i = start;
    while (i < b.length) {
      byte c = b[i];
      if (c == '"') {
        int from = ++i;
        while (i < b.length && b[i] != '"') {
          if (b[i] < 0x20 || b[i] == '\\') {
            return -1;
          }
          i++;
        }
        if (i >= b.length || i - from > maxString) {
          return -1;
        }
        i++;
        if (depth == 0) {
          return i;
        }
      } else if (c == '{' || c == '[') {
        depth++;
        i++;
      } else if (c == '}' || c == ']') {
        depth--;
        i++;
        if (depth <= 0) {
          return depth == 0 ? i : -1;
        }
      } else if (c <= ' ' || depth == 0) {
        return -1;
      } else {
        i++;
      }
    }
    return -1;
  }
}
