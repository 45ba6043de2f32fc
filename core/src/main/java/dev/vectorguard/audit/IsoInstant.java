package dev.vectorguard.audit;

import java.time.Instant;

/**
 * Formats an instant exactly as {@link Instant#toString()} does (ISO-8601 in UTC, the fraction in
 * groups of three digits, none when zero), reusing the date and time of day of the last second it
 * formatted: consecutive audit events fall in the same second, and the JDK's formatter costs more
 * than the rest of the line's fixed fields. Instants outside the years 1970–9999 go to
 * {@code toString}. Thread-safe; not public API.
 */
final class IsoInstant {
  /** 10000-01-01T00:00:00Z: from here on years have five digits and a sign. */
  private static final long YEAR_10000 = 253_402_300_800L;

  /** A second and its text without the {@code Z}; immutable, so a racing reader sees a whole one. */
  private record Second(long epochSecond, String text) {}

  private static volatile Second last = new Second(-1, "");

  private IsoInstant() {}

  static String format(Instant at) {
    long second = at.getEpochSecond();
    if (second < 0 || second >= YEAR_10000) {
      return at.toString();
    }
    Second cached = last;
    if (cached.epochSecond() != second) {
      String whole = Instant.ofEpochSecond(second).toString();
      cached = new Second(second, whole.substring(0, whole.length() - 1));
      last = cached;
    }
    int nano = at.getNano();
    if (nano == 0) {
      return cached.text() + 'Z';
    }
    int value;
    int digits;
    if (nano % 1_000_000 == 0) {
      value = nano / 1_000_000;
      digits = 3;
    } else if (nano % 1_000 == 0) {
      value = nano / 1_000;
      digits = 6;
    } else {
      value = nano;
      digits = 9;
    }
    String fraction = Integer.toString(value);
    StringBuilder text = new StringBuilder(cached.text().length() + 11).append(cached.text()).append('.');
    for (int i = fraction.length(); i < digits; i++) {
      text.append('0');
    }
    return text.append(fraction).append('Z').toString();
  }
}
