package dev.vectorguard.rest.internal;

import dev.vectorguard.rest.RestClassificationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalises request paths the way the servers do before routing (merge {@code //}, trim the
 * trailing {@code /}, percent-decode each segment), refusing what a server could read
 * differently. Not public API.
 */
public final class Paths {
  private Paths() {}

  /**
   * The decoded segments of {@code rawPath}.
   *
   * @throws RestClassificationException on malformed percent-encoding or UTF-8, or a segment that
   *     decodes to {@code .}, {@code ..} or contains {@code /}, {@code \}, NUL or a control character
   */
  public static List<String> segments(String rawPath) throws RestClassificationException {
    List<String> out = new ArrayList<>();
    for (String raw : rawPath.split("/")) {
      if (raw.isEmpty()) {
        continue; // merged "//" and the trailing "/", as actix NormalizePath::trim and axum do
      }
      String segment = decode(raw, rawPath);
      if (segment.equals(".") || segment.equals("..")) {
        throw new RestClassificationException("the path '" + rawPath + "' has a dot segment ('" + raw
            + "'), which servers and proxies resolve differently");
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c == '/' || c == '\\') {
          throw new RestClassificationException("the path '" + rawPath + "' has a segment ('" + raw
              + "') that decodes to a name containing '" + c + "'");
        }
        if (c < 0x20 || c == 0x7f) {
          throw new RestClassificationException("the path '" + rawPath + "' has a segment ('" + raw
              + "') that decodes to a control character");
        }
      }
      out.add(segment);
    }
    return out;
  }

  /** The path re-joined from decoded segments ({@code "/collections/docs"}), for messages and unknown endpoints. */
  public static String join(List<String> segments) {
    return "/" + String.join("/", segments);
  }

  /**
   * Checks a collection (or alias) name read from a path or a body.
   *
   * @throws RestClassificationException when it is empty or contains {@code /}, {@code \}, NUL, a
   *     control character or {@code ..}
   */
  public static String checkName(String kind, String name) throws RestClassificationException {
    if (name.isEmpty()) {
      throw new RestClassificationException("the " + kind + " name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
        throw new RestClassificationException("the " + kind + " name '" + printable(name)
            + "' contains '" + printable(String.valueOf(c)) + "', which is not allowed");
      }
    }
    if (name.contains("..")) {
      throw new RestClassificationException("the " + kind + " name '" + name + "' contains '..', which is not allowed");
    }
    return name;
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String decode(String raw, String rawPath) throws RestClassificationException {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        continue;
      }
      if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
          || Character.digit(raw.charAt(i + 2), 16) < 0) {
        throw new RestClassificationException("the path '" + rawPath + "' has a malformed percent-escape in '"
            + raw + "'");
      }
      bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RestClassificationException("the path '" + rawPath + "' has a segment ('" + raw
          + "') that is not valid UTF-8 once decoded", e);
    }
  }
}
