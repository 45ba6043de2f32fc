package dev.vectorguard.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Fast random ids for calls and events; not public API. Unique, not secret. */
public final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ids() {}

  /** A 128-bit random id as 32 hex characters with {@code prefix} in front. */
  public static String next(String prefix) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[prefix.length() + 32];
    prefix.getChars(0, prefix.length(), out, 0);
    writeHex(random.nextLong(), out, prefix.length());
    writeHex(random.nextLong(), out, prefix.length() + 16);
    return new String(out);
  }

  private static void writeHex(long value, char[] out, int offset) {
    for (int i = 15; i >= 0; i--) {
      out[offset + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}
