package dev.vectorguard.qdrant;

import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * Qdrant's JSON paths, read the way the server's parser ({@code lib/segment/src/json_path})
 * reads every payload key a request names — filter {@code key}s, {@code order_by},
 * {@code group_by}, facet keys, {@code set_payload}'s {@code key}, {@code delete_payload}'s
 * {@code keys}, {@code with_payload} selectors, formula variables: a first key, then any of
 * {@code .key}, {@code [N]}, {@code []}, where a key is a run of letters, digits, {@code _} and
 * {@code -}, or any text but {@code "} and {@code \} in double quotes. {@code "\"email\""} and
 * {@code email} are the same field; so are {@code a.b} and {@code a[0].b}. Stateless.
 */
public final class QdrantPaths {
  private QdrantPaths() {}

  /**
   * The field {@code path} names.
   *
   * @throws UnenforceableRequestException when Qdrant would not parse it either (the guard does not
   *     guess what a server makes of a key it cannot read)
   */
  public static FieldPath parse(String path) throws UnenforceableRequestException {
    List<String> keys = new ArrayList<>();
    int i = key(path, 0, keys);
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        i = key(path, i + 1, keys);
      } else if (c == '[' && i + 1 < path.length() && path.charAt(i + 1) == ']') {
        i += 2;
      } else if (c == '[') {
        int j = i + 1;
        while (j < path.length() && path.charAt(j) >= '0' && path.charAt(j) <= '9') {
          j++;
        }
        if (j == i + 1 || j >= path.length() || path.charAt(j) != ']') {
          throw malformed(path);
        }
        i = j + 1;
      } else {
        throw malformed(path);
      }
    }
    return FieldPath.of(keys);
  }

  private static int key(String path, int start, List<String> keys) throws UnenforceableRequestException {
    if (start < path.length() && path.charAt(start) == '"') {
      int end = start + 1;
      while (end < path.length() && path.charAt(end) != '"') {
        if (path.charAt(end) == '\\') {
          throw malformed(path);
        }
        end++;
      }
      if (end >= path.length() || end == start + 1) {
        throw malformed(path); // unterminated, or the empty key, which names nothing the guard can check
      }
      keys.add(path.substring(start + 1, end));
      return end + 1;
    }
    int end = start;
    while (end < path.length()) {
      int cp = path.codePointAt(end);
      if (!isRawKeyChar(cp)) {
        break;
      }
      end += Character.charCount(cp);
    }
    if (end == start) {
      throw malformed(path);
    }
    keys.add(path.substring(start, end));
    return end;
  }

  /** Rust's {@code char::is_alphanumeric}, {@code _} or {@code -}. */
  private static boolean isRawKeyChar(int cp) {
    if (cp == '_' || cp == '-' || Character.isAlphabetic(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  private static UnenforceableRequestException malformed(String path) {
    return new UnenforceableRequestException("the payload key '" + path + "' is not a JSON path Qdrant reads");
  }
}
