package dev.vectorguard.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** E-mail, IP and secret detectors behind {@link PiiDetectors}. Not public API. */
final class TextDetectors {
  private TextDetectors() {}

  static boolean isWordChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  /** Scans around each {@code @}, so the cost stays linear in the text whatever it holds. */
  static final class Email implements PiiDetector {
    /** Not top-level domains, but what follows {@code @2x} in image names ({@code logo@2x.png}). */
    private static final Set<String> FILE_EXTENSIONS = Set.of(
        "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "pdf", "js", "css", "json", "txt");

    @Override
    public String type() {
      return "EMAIL";
    }

    /** ASCII letters, digits and {@code ._%+-}, and non-ASCII letters and digits (RFC 6531). */
    private static boolean isLocal(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
          || (c >= 128 && Character.isLetterOrDigit(c));
    }

    private static boolean isLabel(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
          || (c >= 128 && Character.isLetterOrDigit(c));
    }

    @Override
    public List<PiiMatch> find(CharSequence text) {
      List<PiiMatch> found = new ArrayList<>();
      int n = text.length();
      for (int at = 0; at < n; at++) {
        if (text.charAt(at) != '@') {
          continue;
        }
        int start = at;
        while (start > 0 && at - start < 64 && isLocal(text.charAt(start - 1))) {
          start--;
        }
        if (start > 0 && (isLocal(text.charAt(start - 1)) || isWordChar(text.charAt(start - 1)))) {
          continue; // local part too long or glued to other text
        }
        while (start < at && text.charAt(start) == '.') {
          start++;
        }
        if (start == at || text.charAt(at - 1) == '.' || contains(text, start, at, "..")) {
          continue;
        }
        int end = domainEnd(text, at + 1);
        if (end > 0) {
          found.add(new PiiMatch(type(), start, end));
          at = end - 1;
        }
      }
      return found;
    }

    /** The end of a valid domain of two or more labels with an alphabetic TLD, or -1. */
    private static int domainEnd(CharSequence text, int from) {
      int n = text.length();
      int pos = from;
      int labels = 0;
      int lastLabelStart = -1;
      int end = -1;
      while (pos < n && pos - from < 253) {
        int labelStart = pos;
        while (pos < n && isLabel(text.charAt(pos)) && pos - labelStart < 63) {
          pos++;
        }
        if (pos == labelStart || text.charAt(labelStart) == '-' || text.charAt(pos - 1) == '-') {
          break;
        }
        labels++;
        lastLabelStart = labelStart;
        end = pos;
        if (pos + 1 < n && text.charAt(pos) == '.' && isLabel(text.charAt(pos + 1))) {
          pos++;
        } else {
          break;
        }
      }
      if (labels < 2 || end < 0 || (end < n && (isLabel(text.charAt(end)) || isWordChar(text.charAt(end))))) {
        return -1;
      }
      int tldLength = end - lastLabelStart;
      if (tldLength < 2 || tldLength > 24
          || FILE_EXTENSIONS.contains(text.subSequence(lastLabelStart, end).toString().toLowerCase(Locale.ROOT))) {
        return -1;
      }
      for (int i = lastLabelStart; i < end; i++) {
        if (!Character.isLetter(text.charAt(i))) {
          return -1;
        }
      }
      return end;
    }

    private static boolean contains(CharSequence text, int from, int to, String needle) {
      return text.subSequence(from, to).toString().contains(needle);
    }
  }

  /** IPv4 by pattern; IPv6 by scanning runs of hex digits, colons and dots, then validating them. */
  static final class Ip implements PiiDetector {
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(
        "(?<![\\w.])" + OCTET + "(?:\\." + OCTET + "){3}(?![\\w]|\\.\\d)");
    private static final Pattern IPV4_EXACT = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    @Override
    public String type() {
      return "IP";
    }

    @Override
    public List<PiiMatch> find(CharSequence text) {
      List<PiiMatch> found = new ArrayList<>();
      NumberDetectors.findInNumericRuns(text, 4, m -> found.add(new PiiMatch(type(), m.start(), m.end())), IPV4);
      findIpv6(text, found);
      return found;
    }

    private static boolean isRunChar(char c) {
      return c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 128;
    }

    private void findIpv6(CharSequence text, List<PiiMatch> found) {
      int n = text.length();
      int i = 0;
      while (i < n) {
        if (!isRunChar(text.charAt(i))) {
          i++;
          continue;
        }
        int start = i;
        int colons = 0;
        while (i < n && isRunChar(text.charAt(i))) {
          colons += text.charAt(i) == ':' ? 1 : 0;
          i++;
        }
        int end = i;
        if (start + 1 < end && text.charAt(start) == ':' && text.charAt(start + 1) != ':') {
          start++; // a label's colon, as in "ip:2001:db8::1"
        }
        while (end > start && text.charAt(end - 1) == '.') {
          end--; // a full stop ending a sentence
        }
        boolean bounded = (start == 0 || !isWordChar(text.charAt(start - 1)))
            && (end == n || !isWordChar(text.charAt(end)) && text.charAt(end) != ':');
        if (colons >= 2 && bounded && end - start <= 45 && isIpv6(text.subSequence(start, end).toString())) {
          found.add(new PiiMatch(type(), start, end));
        }
      }
    }

    static boolean isIpv6(String s) {
      int groupsAllowed = 8;
      String hex = s;
      int lastColon = s.lastIndexOf(':');
      if (s.indexOf('.') >= 0) {
        if (!IPV4_EXACT.matcher(s.substring(lastColon + 1)).matches()) {
          return false;
        }
        groupsAllowed = 6; // the IPv4 tail stands for the last two groups
        hex = s.substring(0, lastColon + 1);
        if (!hex.endsWith("::")) {
          hex = hex.substring(0, hex.length() - 1);
        }
      }
      int compress = hex.indexOf("::");
      if (compress >= 0 && hex.indexOf("::", compress + 1) >= 0) {
        return false;
      }
      if (compress < 0) {
        return groups(hex) == groupsAllowed;
      }
      String head = hex.substring(0, compress);
      String tail = hex.substring(compress + 2);
      int h = head.isEmpty() ? 0 : groups(head);
      int t = tail.isEmpty() ? 0 : groups(tail);
      boolean anyDigit = h > 0 || t > 0 || groupsAllowed == 6;
      return h >= 0 && t >= 0 && anyDigit && h + t <= groupsAllowed - 1;
    }

    /** How many valid hex groups {@code s} holds separated by single colons, or -1. */
    private static int groups(String s) {
      if (s.isEmpty()) {
        return -1;
      }
      String[] parts = s.split(":", -1);
      for (String part : parts) {
        if (!HEX_GROUP.matcher(part).matches()) {
          return -1;
        }
      }
      return parts.length;
    }
  }

  /** JWTs, API keys with vendor prefixes, and labelled credential values. */
  static final class Secret implements PiiDetector {
    private static final Pattern TOKEN = Pattern.compile(
        "(?<![\\w-])(?:"
            + "eyJ[A-Za-z0-9_-]{8,}+\\.eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]*+"
            + "|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}+"
            + "|(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}+"
            + "|gh[pousr]_[A-Za-z0-9]{36,}+"
            + "|github_pat_[A-Za-z0-9_]{22,}+"
            + "|(?:AKIA|ASIA)[0-9A-Z]{16}"
            + "|xox[abprs]-[A-Za-z0-9-]{10,}+"
            + "|AIza[0-9A-Za-z_-]{35}"
            + "|glpat-[A-Za-z0-9_-]{20,}+"
            + "|hf_[A-Za-z0-9]{30,}+"
            + "|npm_[A-Za-z0-9]{36}"
            + ")(?![\\w-])");
    /** The shortest text the token pattern can match ({@code xoxb-} and ten characters). */
    private static final int MIN_TOKEN = 15;
    private static final Pattern LABEL = Pattern.compile(
        "(?i)(?<![A-Za-z0-9])(?:api[_-]?key|access[_-]?key|secret[_-]?key|client[_-]?secret"
            + "|auth[_-]?token|access[_-]?token|bearer|secret|token|password|passwd)[\"']?[ \t]*$");
    /** Sixteen value characters at least; the value runs on to its last one. */
    private static final Pattern VALUE = Pattern.compile("[ \\t]*[\"']?([A-Za-z0-9_\\-./+=]{16})");

    @Override
    public String type() {
      return "SECRET";
    }

    @Override
    public List<PiiMatch> find(CharSequence text) {
      List<PiiMatch> found = new ArrayList<>();
      findTokens(text, found);
      findLabelled(text, found);
      return found;
    }

    private static boolean isTokenChar(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == '.';
    }

    /** Whether the text before {@code i}, past quotes and blanks, ends in a letter that a label ends in. */
    private static boolean endsLikeALabel(CharSequence text, int i) {
      int j = i - 1;
      while (j >= 0 && j > i - 4 && (text.charAt(j) == ' ' || text.charAt(j) == '\t'
          || text.charAt(j) == '"' || text.charAt(j) == '\'')) {
        j--;
      }
      if (j < 0) {
        return false;
      }
      char last = Character.toLowerCase(text.charAt(j));
      return last == 'y' || last == 't' || last == 'n' || last == 'r' || last == 'd';
    }

    private static boolean isValueChar(char c) {
      return isTokenChar(c) || c == '/' || c == '+' || c == '=';
    }

    /** Runs the token pattern only over runs of token characters long enough to hold a key. */
    private void findTokens(CharSequence text, List<PiiMatch> found) {
      Matcher m = null;
      int n = text.length();
      int i = 0;
      while (i < n) {
        if (!isTokenChar(text.charAt(i))) {
          i++;
          continue;
        }
        int start = i;
        while (i < n && isTokenChar(text.charAt(i))) {
          i++;
        }
        if (i - start >= MIN_TOKEN) {
          if (m == null) {
            m = TOKEN.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
          }
          m.region(start, i);
          while (m.find()) {
            found.add(new PiiMatch(type(), m.start(), m.end()));
          }
        }
      }
    }

    /** Looks for a label only before each {@code :} or {@code =}, then for a value after it. */
    private void findLabelled(CharSequence text, List<PiiMatch> found) {
      Matcher label = null;
      Matcher value = null;
      int n = text.length();
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (c != ':' && c != '=') {
          continue;
        }
        if (!endsLikeALabel(text, i)) {
          continue;
        }
        if (label == null) {
          label = LABEL.matcher(text).useTransparentBounds(true).useAnchoringBounds(true);
          value = VALUE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        }
        label.region(Math.max(0, i - 24), i);
        if (!label.find()) {
          continue;
        }
        value.region(i + 1, Math.min(n, i + 1 + 64));
        if (value.lookingAt()) {
          int end = value.end(1);
          while (end < n && isValueChar(text.charAt(end))) {
            end++; // a long value is reported whole, and scanned once
          }
          CharSequence v = text.subSequence(value.start(1), end);
          if (v.chars().anyMatch(Character::isDigit) && v.chars().anyMatch(Character::isLetter)) {
            found.add(new PiiMatch(type(), value.start(1), end));
          }
          i = end - 1;
        }
      }
    }
  }
}
