package dev.vectorguard.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * Phone, card, IBAN and SSN detectors behind {@link PiiDetectors}. Patterns use possessive
 * quantifiers so that no input makes them backtrack. Not public API.
 */
final class NumberDetectors {
  private NumberDetectors() {}

  private static boolean isNumeric(char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '+';
  }

  /**
   * Runs {@code patterns} only over the stretches of digits, spaces and {@code .-()+} that hold at
   * least {@code minDigits} digits, which is where every match of the numeric detectors lies. Prose
   * is skipped with one cheap pass; transparent bounds let look-arounds see past a stretch.
   */
  static void findInNumericRuns(CharSequence text, int minDigits, Consumer<Matcher> onMatch, Pattern... patterns) {
    Matcher[] matchers = null; // created on the first stretch worth matching: most strings have none
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isNumeric(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      int digits = 0;
      char c;
      while (i < n && isNumeric(c = text.charAt(i))) {
        digits += c >= '0' && c <= '9' ? 1 : 0;
        i++;
      }
      if (digits >= minDigits) {
        if (matchers == null) {
          matchers = new Matcher[patterns.length];
          for (int k = 0; k < patterns.length; k++) {
            matchers[k] = patterns[k].matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
          }
        }
        for (Matcher m : matchers) {
          m.region(start, i);
          while (m.find()) {
            onMatch.accept(m);
          }
        }
      }
    }
  }

  private static int digits(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += Character.isDigit(s.charAt(i)) ? 1 : 0;
    }
    return n;
  }

  static final class Phone implements PiiDetector {
    private static final Pattern INTERNATIONAL = Pattern.compile(
        "(?<![\\w+])\\+[1-9]\\d{0,2}+(?:[ .-]?+\\(\\d{1,4}+\\)|[ .-]?+\\d{1,5}+){1,6}+(?![\\w+]|[.-]\\d)");
    private static final Pattern NORTH_AMERICAN = Pattern.compile(
        "(?<![\\w+.-])(?:\\([2-9]\\d{2}\\)[ ]?|[2-9]\\d{2}[ .-])[2-9]\\d{2}[ .-]\\d{4}(?![\\w]|[.-]\\d)");
    private static final Pattern TRUNK_PREFIXED = Pattern.compile(
        "(?<![\\w+.-])0\\d{1,4}+(?:[ -]\\d{2,8}+){1,5}+(?![\\w]|[.-]\\d)");

    @Override
    public String type() {
      return "PHONE";
    }

    @Override
    public List<PiiMatch> find(CharSequence text) {
      List<PiiMatch> found = new ArrayList<>();
      findInNumericRuns(text, 8, m -> {
        int n = digits(m.group());
        Pattern p = m.pattern();
        boolean valid = p == INTERNATIONAL ? n >= 8 && n <= 15 : p == NORTH_AMERICAN ? n == 10 : n >= 10 && n <= 11;
        if (valid) {
          found.add(new PiiMatch(type(), m.start(), m.end()));
        }
      }, INTERNATIONAL, NORTH_AMERICAN, TRUNK_PREFIXED);
      return found;
    }
  }

  static final class Card implements PiiDetector {
    // A digit run that is part of a larger number is not a card: no digit and separator before it
    // (0.4111..., 12.4111..., 1,4111...) and no decimal or thousands part after it (4111....5).
    private static final Pattern CANDIDATE = Pattern.compile(
        "(?<![\\w-])(?<!\\d[ .,-])\\d(?:[ -]?+\\d){12,18}+(?![\\w]|[ -]\\d|-\\w|[.,]\\d)");

    @Override
    public String type() {
      return "CARD";
    }

    @Override
    public List<PiiMatch> find(CharSequence text) {
      List<PiiMatch> found = new ArrayList<>();
      findInNumericRuns(text, 13, m -> {
        String candidate = m.group();
        if (oneSeparatorKind(candidate)) {
          String number = candidate.replaceAll("[ -]", "");
          if (knownIssuer(number) && luhn(number)) {
            found.add(new PiiMatch(type(), m.start(), m.end()));
          }
        }
      }, CANDIDATE);
      return found;
    }

    private static boolean oneSeparatorKind(String s) {
      return s.indexOf(' ') < 0 || s.indexOf('-') < 0;
    }

    static boolean knownIssuer(String number) {
      int len = number.length();
      int p2 = Integer.parseInt(number.substring(0, 2));
      int p3 = Integer.parseInt(number.substring(0, 3));
      int p4 = Integer.parseInt(number.substring(0, 4));
      return switch (number.charAt(0)) {
        case '4' -> len == 13 || len == 16 || len == 19;                                  // Visa
        case '5' -> (p2 >= 51 && p2 <= 55 && len == 16)                                   // Mastercard
            || ((p2 == 50 || (p2 >= 56 && p2 <= 58)) && len >= 13);                       // Maestro
        case '2' -> p4 >= 2221 && p4 <= 2720 && len == 16;                                // Mastercard 2-series
        case '3' -> ((p2 == 34 || p2 == 37) && len == 15)                                 // Amex
            || (p4 >= 3528 && p4 <= 3589 && len >= 16)                                    // JCB
            || ((p2 == 36 || p2 == 38 || p2 == 39 || (p3 >= 300 && p3 <= 305)) && len >= 14); // Diners
        case '6' -> (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || p2 == 62       // Discover, UnionPay
            || p2 == 63 || p2 == 67) && len >= 16;                                        // Maestro
        default -> false;
      };
    }

    static boolean luhn(String number) {
      int sum = 0;
      boolean twice = false;
      for (int i = number.length() - 1; i >= 0; i--) {
        int d = number.charAt(i) - '0';
        if (twice) {
          d *= 2;
          if (d > 9) {
            d -= 9;
          }
        }
        sum += d;
        twice = !twice;
      }
      return sum % 10 == 0;
    }
  }

  static final class Iban implements PiiDetector {
    /**
     * commons-validator's table of every country and territory that issues IBANs (their length
     * and BBAN format, Jersey and the other GB, FR and FI territories included), kept current by
     * its maintainers from the SWIFT registry rather than by us.
     */
    private static final IBANValidator IBANS = IBANValidator.getInstance();

    @Override
    public String type() {
      return "IBAN";
    }

    @Override
    public List<PiiMatch> find(CharSequence text) {
      List<PiiMatch> found = new ArrayList<>();
      int n = text.length();
      int i = 0;
      while (i + 4 <= n) {
        if (isStart(text, i)) {
          IBANValidator.Validator country = IBANS.getValidator(text.subSequence(i, i + 2).toString());
          int end = country == null ? -1 : end(text, i, country.getIbanLength());
          if (end > 0) {
            found.add(new PiiMatch(type(), i, end));
            i = end;
            continue;
          }
        }
        i++;
      }
      return found;
    }

    /** Two capitals and two digits, not glued to a letter or digit before them. */
    private static boolean isStart(CharSequence text, int i) {
      return isUpper(text.charAt(i)) && isUpper(text.charAt(i + 1))
          && isDigit(text.charAt(i + 2)) && isDigit(text.charAt(i + 3))
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)));
    }

    private static boolean isUpper(char c) {
      return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    /** Where an IBAN of {@code length} alphanumerics starting at {@code start} ends, or -1. */
    private static int end(CharSequence text, int start, int length) {
      StringBuilder compact = new StringBuilder(length);
      int pos = start;
      while (pos < text.length() && compact.length() < length) {
        char c = text.charAt(pos);
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
          compact.append(c);
        } else if (!(c == ' ' && pos + 1 < text.length() && text.charAt(pos + 1) != ' ')) {
          break;
        }
        pos++;
      }
      if (compact.length() < length || (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos)))) {
        return -1;
      }
      // The country's BBAN format and the mod-97 check digits.
      return IBANS.isValid(compact.toString()) ? pos : -1;
    }
  }

  static final class Ssn implements PiiDetector {
    private static final Pattern FORMAT = Pattern.compile(
        "(?<![\\w-])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\w]|[- ]\\d)");

    @Override
    public String type() {
      return "SSN";
    }

    @Override
    public List<PiiMatch> find(CharSequence text) {
      List<PiiMatch> found = new ArrayList<>();
      findInNumericRuns(text, 9, m -> {
        int area = Integer.parseInt(m.group(1));
        int group = Integer.parseInt(m.group(3));
        int serial = Integer.parseInt(m.group(4));
        boolean valid = area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
        if (valid) {
          found.add(new PiiMatch(type(), m.start(), m.end()));
        }
      }, FORMAT);
      return found;
    }
  }
}
