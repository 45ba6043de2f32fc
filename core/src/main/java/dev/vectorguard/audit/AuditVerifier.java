package dev.vectorguard.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Checks the hash chain of audit files written by {@link HashChainFileSink}, across rotated files,
 * and reports either how many events are intact or the first broken line and why:
 *
 * <ul>
 *   <li>{@link Kind#EDITED}: a line does not match its own hash, or is not an audit event;
 *   <li>{@link Kind#MISSING}: a line chains to no event before it: events (or whole earlier
 *       files) were deleted;
 *   <li>{@link Kind#REORDERED}: a line chains to an event that is elsewhere in the trail;
 *   <li>{@link Kind#TRUNCATED}: a file ends in the middle of a line, at the byte reported.
 * </ul>
 *
 * <p>A file that ends in the middle of a line is not a problem when the trail goes on with an
 * {@code audit.recovered} event that accounts for exactly those bytes (the file, its complete
 * bytes and the bytes lost): that is how {@link HashChainFileSink} continues after a crash, and
 * the loss is then on record in the chain itself. {@link Result#recovered()} lists such cuts.
 *
 * <p>A chain proves order and integrity relative to its head: whoever can rewrite the files can
 * recompute every hash after an edit, and can cut whole events off the end. Compare
 * {@link Result#head()} with a copy kept elsewhere (a log shipper, a ticket) to detect that; see
 * {@link #verify(List, String, String)}.
 *
 * <pre>{@code
 * AuditVerifier.Result result = AuditVerifier.verify(List.of(Path.of("audit-000001.jsonl")));
 * if (!result.ok()) {
 *   throw new IllegalStateException(result.summary()); // "edited: audit-000001.jsonl line 7 (byte 2310): ..."
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe; reads each file once, streaming.
 */
public final class AuditVerifier {
  /** How far ahead the verifier looks for the event a misplaced line chains to. */
  private static final int LOOKAHEAD = 100_000;
  private static final int RECENT = 4096;

  /** Why a trail is broken. */
  public enum Kind {
    EDITED,
    MISSING,
    REORDERED,
    TRUNCATED;

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The first broken place: the file, the 1-based line in it, and the byte the line starts at. */
  public record Problem(Kind kind, Path file, long line, long byteOffset, String detail) {
    /** One line for people: {@code edited: audit-000001.jsonl line 7 (byte 2310): ...}. */
    public String describe() {
      return kind.id() + ": " + file + " line " + line + " (byte " + byteOffset + "): " + detail;
    }
  }

  /** The outcome of a verification. Immutable. */
  public static final class Result {
    private final long events;
    private final String head;
    private final Map<String, Long> eventsByType;
    private final List<Problem> recovered;
    private final @Nullable Problem problem;

    private Result(long events, String head, Map<String, Long> eventsByType, List<Problem> recovered,
        @Nullable Problem problem) {
      this.events = events;
      this.head = head;
      this.eventsByType = Map.copyOf(eventsByType);
      this.recovered = List.copyOf(recovered);
      this.problem = problem;
    }

    public boolean ok() {
      return problem == null;
    }

    /** The intact events before the first problem (all of them when {@link #ok()}). */
    public long events() {
      return events;
    }

    /** The hash of the last intact event, or the expected first {@code prev} when there is none. */
    public String head() {
      return head;
    }

    /** The intact events counted by type. */
    public Map<String, Long> eventsByType() {
      return eventsByType;
    }

    public @Nullable Problem problem() {
      return problem;
    }

    /**
     * The cuts (kind {@link Kind#TRUNCATED}) that an {@code audit.recovered} event later in the
     * trail accounts for, in trail order: where a writer crashed mid-line and the next one went on.
     */
    public List<Problem> recovered() {
      return recovered;
    }

    /**
     * {@code OK <n> events}, with {@code (k torn lines recovered)} when the trail has such cuts,
     * or the problem.
     */
    public String summary() {
      if (problem != null) {
        return problem.describe();
      }
      return "OK " + events + " events" + (recovered.isEmpty() ? ""
          : " (" + recovered.size() + (recovered.size() == 1 ? " torn line" : " torn lines") + " recovered)");
    }

    @Override
    public String toString() {
      return summary();
    }
  }

  private AuditVerifier() {}

  /** Verifies {@code files}, in the order given, as one trail starting at the genesis. */
  public static Result verify(List<Path> files) throws IOException {
    return verify(files, HashChain.GENESIS, null);
  }

  /**
   * Verifies {@code files}, in the order given, as one trail.
   *
   * @param firstPrev the {@code prev} of the first event: 64 zeros for a whole trail, or the head
   *     of the files verified before (when earlier files were archived)
   * @param expectedHead when not null, the hash the last event must have (an anchor kept
   *     elsewhere); a shorter trail is reported as {@link Kind#TRUNCATED}
   * @throws IOException when a file cannot be read
   */
  public static Result verify(List<Path> files, String firstPrev, @Nullable String expectedHead) throws IOException {
    return verify(files, firstPrev, expectedHead, null);
  }

  /**
   * Verifies a trail written with {@link HashChainFileSink.Builder#hmacKey(byte[])}, or a plain
   * one when {@code hmacKey} is null.
   *
   * @throws IllegalArgumentException when the key is shorter than 32 bytes
   * @see #verify(List, String, String)
   */
  public static Result verify(List<Path> files, String firstPrev, @Nullable String expectedHead,
      byte @Nullable [] hmacKey) throws IOException {
    Objects.requireNonNull(files, "files");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no audit files to verify");
    }
    if (!firstPrev.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("firstPrev must be 64 lower-case hex digits, but was '" + firstPrev + "'");
    }
    try (TrailReader lines = new TrailReader(files)) {
      return new Run(lines, firstPrev, new HashChain(hmacKey == null ? null : HashChain.checkKey(hmacKey)))
          .verify(expectedHead);
    }
  }

  /** A file that ends mid-line: the cut as it would be reported, and how many bytes it lost. */
  private record Tear(Problem problem, long lostBytes) {}

  private record Location(Path file, long line) {
    @Override
    public String toString() {
      return file.getFileName() + " line " + line;
    }
  }

  /** One verification. */
  private static final class Run {
    private final TrailReader lines;
    private final HashChain chain;
    private final Map<String, Long> byType = new TreeMap<>();
    private final LinkedHashMap<String, Location> recent = new LinkedHashMap<>(RECENT * 2) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Location> eldest) {
        return size() > RECENT;
      }
    };
    private final String firstPrev;
    /** Cuts not yet accounted for by an audit.recovered event, oldest first. */
    private final List<Tear> tears = new ArrayList<>();
    private final List<Problem> recovered = new ArrayList<>();
    private String expected;
    private @Nullable Location previous;
    private long events;

    Run(TrailReader lines, String firstPrev, HashChain chain) {
      this.lines = lines;
      this.chain = chain;
      this.firstPrev = firstPrev;
      this.expected = firstPrev;
    }

    Result verify(@Nullable String expectedHead) throws IOException {
      while (lines.next()) {
        Problem problem = checkLine();
        if (problem != null) {
          return new Result(events, expected, byType, recovered, problem);
        }
      }
      if (!tears.isEmpty()) {
        return new Result(events, expected, byType, recovered, tears.get(0).problem());
      }
      if (expectedHead != null && !expectedHead.equals(expected)) {
        Path last = lines.lastFile();
        return new Result(events, expected, byType, recovered, new Problem(Kind.TRUNCATED, last, lines.lastLineNumber() + 1,
            lines.lastFileSize(), "the trail ends at byte " + lines.lastFileSize() + " after " + events
                + " events with head " + expected + ", but the expected head is " + expectedHead
                + ": events were cut from the end, or the anchor belongs to another trail"));
      }
      return new Result(events, expected, byType, recovered, null);
    }

    private @Nullable Problem checkLine() throws IOException {
      Location here = new Location(lines.file(), lines.lineNumber());
      byte[] bytes = lines.bytes();
      int length = lines.length();
      if (lines.overlong()) {
        return problem(Kind.EDITED, "the line is longer than " + TrailReader.MAX_LINE + " bytes: it is no audit event");
      }
      if (!lines.terminated()) {
        HashChain.Check check = chain.check(bytes, length);
        if (check.problem() != null || !Objects.equals(check.stored(), check.computed())) {
          // Not a problem yet: an audit.recovered event may follow that accounts for these bytes.
          tears.add(new Tear(problem(Kind.TRUNCATED, "the file ends at byte " + lines.fileSize() + " in the middle "
              + "of this line: its last " + length + " bytes are an incomplete event; the " + events
              + " events before it are intact"), length));
          return null;
        }
      }
      if (!tears.isEmpty()) {
        return recovers(bytes, length) ? recoveredLine(here, bytes, length) : tears.get(0).problem();
      }
      return eventLine(here, bytes, length);
    }

    /**
     * Whether the line is a valid audit.recovered event that names the oldest pending cut: its
     * file, its complete bytes and its lost bytes.
     */
    private boolean recovers(byte[] bytes, int length) {
      HashChain.Check check = chain.check(bytes, length);
      if (check.problem() != null || !Objects.equals(check.stored(), check.computed())
          || !expected.equals(check.prev())) {
        return false;
      }
      AuditEvent event;
      try {
        event = AuditJson.parse(new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return false;
      }
      Tear tear = tears.get(0);
      return AuditEvent.AUDIT_RECOVERED.equals(event.type())
          && tear.problem().file().getFileName().toString().equals(event.get(AuditFields.FILE))
          && event.get(AuditFields.COMPLETE_BYTES) instanceof Number complete
          && complete.longValue() == tear.problem().byteOffset()
          && event.get(AuditFields.LOST_BYTES) instanceof Number lost && lost.longValue() == tear.lostBytes();
    }

    private @Nullable Problem recoveredLine(Location here, byte[] bytes, int length) throws IOException {
      Tear tear = tears.remove(0);
      Problem problem = eventLine(here, bytes, length);
      if (problem == null) {
        recovered.add(tear.problem());
      }
      return problem;
    }

    private @Nullable Problem eventLine(Location here, byte[] bytes, int length) throws IOException {
      if (length == 0) {
        return problem(Kind.EDITED, "the line is empty");
      }
      HashChain.Check check = chain.check(bytes, length);
      if (check.problem() != null) {
        return problem(Kind.EDITED, "the line " + check.problem());
      }
      if (!Objects.equals(check.stored(), check.computed())) {
        return problem(Kind.EDITED, "the line does not match its hash (stored " + check.stored() + ", computed "
            + check.computed() + "): its content was changed" + (events > 0 ? ""
                : chain.keyed() ? ", or the trail was written with another key" : ", or the trail is keyed (HMAC)"));
      }
      String stored = Objects.requireNonNull(check.stored());
      String prev = Objects.requireNonNull(check.prev());
      String type;
      try {
        type = Structure.check(bytes, length, prev, stored);
      } catch (IOException | IllegalArgumentException e) {
        return problem(Kind.EDITED, "the line matches its hash but is not a valid audit event: " + e.getMessage());
      }
      if (!prev.equals(expected)) {
        return chainBreak(here, prev);
      }
      events++;
      byType.merge(type, 1L, Long::sum);
      recent.put(stored, here);
      expected = stored;
      previous = here;
      return null;
    }

    private Problem chainBreak(Location here, String prev) throws IOException {
      Location earlier = recent.get(prev);
      if (earlier != null) {
        return problem(Kind.REORDERED, "it chains to " + earlier + ", which is not the event just before it ("
            + previous + "): lines are out of order or duplicated");
      }
      Problem problem = problem(Kind.MISSING, previous == null
          ? (prev.equals(HashChain.GENESIS)
              ? "the first event chains to the genesis, but " + firstPrev + " was expected"
              : "the first event chains to " + prev + ", not to " + (firstPrev.equals(HashChain.GENESIS)
                  ? "the genesis (64 zeros)" : firstPrev) + ": earlier events or files are missing")
          : "it does not chain to the event before it (" + previous + "): at least one event between them is missing");
      for (int i = 0; i < LOOKAHEAD && lines.next(); i++) {
        if (lines.length() > 0) {
          HashChain.Check later = chain.check(lines.bytes(), lines.length());
          if (prev.equals(later.computed())) {
            Location found = new Location(lines.file(), lines.lineNumber());
            return new Problem(Kind.REORDERED, here.file(), here.line(), problem.byteOffset(),
                "it chains to " + found + ", which comes after it: lines are out of order");
          }
        }
      }
      return problem;
    }

    private Problem problem(Kind kind, String detail) {
      return new Problem(kind, lines.file(), lines.lineNumber(), lines.lineStart(), detail);
    }
  }

  /** Checks the shape of a line with a streaming parser, which also checks that it is valid JSON. */
  private static final class Structure {
    private static final List<String> KEYS = List.of(AuditJson.KEY_SCHEMA_VERSION, AuditJson.KEY_ID,
        AuditJson.KEY_TYPE, AuditJson.KEY_CALL_ID, AuditJson.KEY_TS, AuditJson.KEY_DATA, AuditJson.KEY_PREV,
        AuditJson.KEY_HASH);

    /** Returns the event type, or throws saying what is wrong. */
    static String check(byte[] bytes, int length, String prev, String hash) throws IOException {
      try (JsonParser json = AuditJson.parser(bytes, length)) {
        if (json.nextToken() != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("not a JSON object");
        }
        String type = null;
        for (String key : KEYS) {
          if (json.nextToken() != JsonToken.FIELD_NAME || !key.equals(json.currentName())) {
            throw new IllegalArgumentException("expected the field \"" + key + "\" but found " + json.currentToken()
                + (json.currentName() == null ? "" : " \"" + json.currentName() + "\""));
          }
          JsonToken value = json.nextToken();
          switch (key) {
            case AuditJson.KEY_SCHEMA_VERSION -> {
              if (value != JsonToken.VALUE_NUMBER_INT || json.getIntValue() != AuditEvent.SCHEMA_VERSION) {
                throw new IllegalArgumentException(key + " must be " + AuditEvent.SCHEMA_VERSION);
              }
            }
            case AuditJson.KEY_CALL_ID -> {
              if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                throw new IllegalArgumentException(key + " must be a string or null");
              }
            }
            case AuditJson.KEY_DATA -> {
              if (value != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(key + " must be an object");
              }
              json.skipChildren();
            }
            default -> {
              if (value != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(key + " must be a string");
              }
              String text = json.getText();
              if (key.equals(AuditJson.KEY_TYPE)) {
                type = text;
              } else if (key.equals(AuditJson.KEY_PREV) && !text.equals(prev)
                  || key.equals(AuditJson.KEY_HASH) && !text.equals(hash)) {
                throw new IllegalArgumentException("its \"" + key + "\" is not where the chain expects it");
              }
            }
          }
        }
        if (json.nextToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
          throw new IllegalArgumentException("it has content after its \"" + AuditJson.KEY_HASH + "\"");
        }
        return Objects.requireNonNull(type);
      }
    }
  }
}
