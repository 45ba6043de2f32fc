package dev.vectorguard.mask;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@link PiiDetector}s and the overlap resolution that {@code detect-pii} applies.
 * Every detector is stateless and thread-safe.
 *
 * <p>Entity types: {@code EMAIL}, {@code PHONE}, {@code CARD}, {@code IBAN}, {@code SSN},
 * {@code IP}, {@code SECRET}. The detectors favour precision where a format is ambiguous:
 * <ul>
 *   <li>{@link #phone()}: E.164 ({@code +} and 8 to 15 digits, separators allowed), North American
 *       {@code (415) 555-2671} / {@code 415-555-2671}, and trunk-prefixed national numbers that
 *       start with {@code 0} and contain a separator ({@code 020 7946 0958}). A bare run of digits
 *       without {@code +} is not a phone number.
 *   <li>{@link #paymentCard()}: 13 to 19 digits, optionally grouped by one kind of separator, with
 *       a known issuer prefix and a valid Luhn check digit, and not part of a larger number: no
 *       digit with a {@code .}, {@code ,} or {@code -} right before it, no {@code .5} or
 *       {@code ,25} after it ({@code 0.4111111111111111} is a decimal).
 *   <li>{@link #iban()}: a country or territory in commons-validator's {@code IBANValidator}
 *       table, that country's length and BBAN format, and a valid mod-97 check.
 *   <li>{@link #usSsn()}: {@code AAA-GG-SSSS} or {@code AAA GG SSSS} with area not 000, 666 or
 *       900-999, group not 00 and serial not 0000. A bare 9-digit number is never an SSN, even
 *       next to the word "SSN": too many business identifiers have nine digits.
 *   <li>{@link #ipAddress()}: dotted-quad IPv4 and IPv6 (full, {@code ::}-compressed, with an IPv4
 *       tail); version strings such as {@code v1.2.3.4} are not addresses.
 *   <li>{@link #secret()}: JWTs ({@code eyJ….eyJ….sig}), API keys with well-known prefixes
 *       ({@code sk-}, {@code sk_live_}, {@code ghp_}, {@code AKIA}, {@code xoxb-}, {@code AIza},
 *       {@code glpat-}, {@code hf_}…), and values of 16+ letters and digits after a label such as
 *       {@code api_key=} or {@code token:} (only the value is reported).
 * </ul>
 *
 * <p>The figures each reaches on two labelled corpora, and how to add a detector, are in the
 * {@linkplain dev.vectorguard.mask package documentation}.
 */
public final class PiiDetectors {
  private static final List<PiiDetector> DEFAULTS = List.of(
      new TextDetectors.Secret(), new TextDetectors.Email(), new NumberDetectors.Iban(),
      new NumberDetectors.Card(), new NumberDetectors.Ssn(), new TextDetectors.Ip(),
      new NumberDetectors.Phone());

  private PiiDetectors() {}

  /** All built-in detectors: secret, email, IBAN, card, SSN, IP, phone. */
  public static List<PiiDetector> defaults() {
    return DEFAULTS;
  }

  /** E-mail addresses ({@code EMAIL}), including internationalised ones with non-ASCII letters. */
  public static PiiDetector email() {
    return DEFAULTS.get(1);
  }

  /** Phone numbers ({@code PHONE}). */
  public static PiiDetector phone() {
    return DEFAULTS.get(6);
  }

  /** Payment card numbers ({@code CARD}) that pass the Luhn check. */
  public static PiiDetector paymentCard() {
    return DEFAULTS.get(3);
  }

  /** IBANs ({@code IBAN}) that pass the mod-97 check. */
  public static PiiDetector iban() {
    return DEFAULTS.get(2);
  }

  /** US social security numbers ({@code SSN}) with separators. */
  public static PiiDetector usSsn() {
    return DEFAULTS.get(4);
  }

  /** IPv4 and IPv6 addresses ({@code IP}). */
  public static PiiDetector ipAddress() {
    return DEFAULTS.get(5);
  }

  /** JWTs and API keys ({@code SECRET}). */
  public static PiiDetector secret() {
    return DEFAULTS.get(0);
  }

  /**
   * A detector reporting every match of {@code pattern} as {@code type}. The pattern must not
   * backtrack catastrophically: it runs over every selected string.
   */
  public static PiiDetector regex(String type, Pattern pattern) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(pattern, "pattern");
    if (type.isBlank()) {
      throw new IllegalArgumentException("type must not be blank");
    }
    return new PiiDetector() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public List<PiiMatch> find(CharSequence text) {
        List<PiiMatch> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
          if (m.end() > m.start()) {
            found.add(new PiiMatch(type, m.start(), m.end()));
          }
        }
        return found;
      }

      @Override
      public String toString() {
        return "PiiDetector{" + type + '}';
      }
    };
  }

  /**
   * Runs {@code detectors} over {@code text} and resolves overlaps deterministically: the match
   * that starts first wins, then the longer one, then the one of the earlier detector. Returns
   * non-overlapping matches in text order.
   *
   * @throws IllegalStateException when a detector returns a span outside the text
   */
  public static List<PiiMatch> scan(CharSequence text, List<? extends PiiDetector> detectors) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(detectors, "detectors");
    record Ranked(PiiMatch match, int rank) {}
    List<Ranked> all = new ArrayList<>();
    for (int i = 0; i < detectors.size(); i++) {
      PiiDetector detector = detectors.get(i);
      for (PiiMatch m : detector.find(text)) {
        if (m.end() > text.length()) {
          throw new IllegalStateException("detector " + detector.type() + " returned a span past the end of the text");
        }
        all.add(new Ranked(m, i));
      }
    }
    if (all.isEmpty()) {
      return List.of();
    }
    all.sort(Comparator.comparingInt((Ranked r) -> r.match().start())
        .thenComparing(r -> -r.match().length())
        .thenComparingInt(Ranked::rank));
    List<PiiMatch> chosen = new ArrayList<>();
    int covered = 0;
    for (Ranked r : all) {
      if (r.match().start() >= covered) {
        chosen.add(r.match());
        covered = r.match().end();
      }
    }
    return chosen;
  }
}
