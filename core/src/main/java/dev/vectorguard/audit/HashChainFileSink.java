package dev.vectorguard.audit;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Writes events as JSON Lines into {@code <directory>/<base>-000001.jsonl}, {@code -000002}, …,
 * each line chained to the one before by SHA-256, so that {@link AuditVerifier} detects any edited,
 * deleted, reordered or cut line. The first line of the trail chains to 64 zeros; the first line of
 * every later file chains to the last line of the file before, so rotation keeps one chain.
 *
 * <pre>{@code
 * AuditSink sink = AsyncAuditSink.builder(
 *         HashChainFileSink.builder(Path.of("/var/log/vectorguard"))
 *             .maxFileBytes(64 << 20)
 *             .durability(Durability.fsyncEachBatch())
 *             .open())
 *     .build();
 * }</pre>
 *
 * <p>Every {@link Builder#open()} starts a new file that continues the chain from the last complete line
 * of the newest existing file. When that file ends in a partial line (a crash mid-write), the new
 * file begins with an {@code audit.recovered} event that names the file and the bytes lost, which
 * the verifier accepts as accounting for the cut. With a per-batch durability, lines are written at
 * {@link #endOfBatch()}, {@link #flush()} and {@link #close()}: use it behind an
 * {@link AsyncAuditSink}, which ends a batch after every drain. Thread-safe; {@code write} is serialised.
 *
 * <p>When a write to the disk fails (a full disk, a file-size limit), every later call throws, so
 * that a required audit trail fails closed, until {@link Builder#retryAfter(Duration) retryAfter}
 * has passed by the clock: the next call then continues the chain from what is on the disk in a
 * new file, as {@link Builder#open()} does after a crash (with an {@code audit.recovered} event for a
 * line the failure cut), and when events it had accepted never reached the disk (batch or interval
 * durability) it records how many in an {@code audit.dropped} event with cause
 * {@code write_failed}. If that fails too, it stays failed and tries again later. Events refused
 * meanwhile were refused to their callers, who count them (the guard does, see
 * {@code VectorGuard}).
 */
public final class HashChainFileSink implements AuditSink {
  private static final System.Logger LOG = System.getLogger(HashChainFileSink.class.getName());
  /** Bytes buffered in memory before they are handed to the OS even between flushes. */
  private static final int WRITE_THROUGH = 1 << 20;

  private final Path directory;
  private final String baseName;
  private final long maxFileBytes;
  private final @Nullable Duration maxFileAge;
  private final Durability durability;
  private final Clock clock;
  private final Duration retryAfter;
  private final ReentrantLock lock = new ReentrantLock();
  private final HashChain chain;
  private final HashChain.Buffer pending = new HashChain.Buffer();
  /**
   * Where each line in {@link #pending} ends, to know after a failure which accepted events never
   * reached the disk (by the hashes at the ends of those lines).
   */
  private int[] pendingEnds = new int[256];
  private int pendingLines;

  private @Nullable FileChannel channel;
  private Path file;
  private long sequence;
  private long fileBytes;
  private Instant fileOpened;
  private Instant lastFlush;
  /** The hash of the last line written, as 64 hex digits: the next line's {@code prev}. */
  private final byte[] head = new byte[64];
  /** {@link #head} as text, made when asked for. */
  private @Nullable String headText;
  private boolean dirty;
  private long written;
  private @Nullable IOException failure;
  private @Nullable Instant failedAt;
  private Instant lastAttempt = Instant.MIN;
  /** The hashes of the accepted lines that were pending when writing failed. */
  private List<String> unwritten = List.of();
  /** Accepted events known to be lost, not yet recorded in an audit.dropped event. */
  private long lostEvents;
  private boolean closed;

  private HashChainFileSink(Builder builder) throws IOException {
    this.directory = builder.directory;
    this.baseName = builder.baseName;
    this.maxFileBytes = builder.maxFileBytes;
    this.maxFileAge = builder.maxFileAge;
    this.durability = builder.durability;
    this.clock = builder.clock;
    this.retryAfter = builder.retryAfter;
    this.chain = new HashChain(builder.hmacKey);
    Files.createDirectories(directory);
    List<Path> existing = AuditFiles.list(directory, baseName);
    List<Map<String, Object>> tears = new ArrayList<>();
    setHead(continueFrom(chain, existing, tears));
    this.sequence = existing.isEmpty() ? 0 : AuditFiles.sequence(baseName, existing.get(existing.size() - 1));
    this.lastFlush = clock.instant();
    this.file = directory;
    this.fileOpened = lastFlush;
    openNext();
    for (Map<String, Object> recovered : tears) {
      LOG.log(Level.WARNING, "audit file " + recovered.get(AuditFields.FILE) + " ends in a partial line; "
          + recovered.get(AuditFields.LOST_BYTES) + " bytes of it are lost; continuing the chain in "
          + file.getFileName());
      write(AuditEvents.create(AuditEvent.AUDIT_RECOVERED, null, clock.instant(), recovered));
    }
    if (!tears.isEmpty()) {
      flush();
    }
  }

  /**
   * The head to continue from: the last line of the newest file that has one. Every newer file
   * that ends in a partial line (a crash mid-write, possibly again while recovering) is added to
   * {@code tears}, oldest first, as the data of its {@code audit.recovered} event. A partial line
   * that is a whole event but for its newline lost nothing: it is the head.
   */
  private static String continueFrom(HashChain chain, List<Path> existing, List<Map<String, Object>> tears)
      throws IOException {
    for (int i = existing.size() - 1; i >= 0; i--) {
      Path candidate = existing.get(i);
      AuditFiles.Tail tail = AuditFiles.tail(candidate);
      if (tail.partial()) {
        byte[] rest = AuditFiles.read(candidate, tail.completeBytes(), tail.size());
        HashChain.Check whole = chain.check(rest, rest.length);
        if (whole.problem() == null && Objects.equals(whole.stored(), whole.computed())) {
          return Objects.requireNonNull(whole.stored());
        }
        Map<String, Object> recovered = new LinkedHashMap<>();
        recovered.put(AuditFields.FILE, candidate.getFileName().toString());
        recovered.put(AuditFields.COMPLETE_BYTES, tail.completeBytes());
        recovered.put(AuditFields.LOST_BYTES, tail.size() - tail.completeBytes());
        tears.add(0, recovered);
      }
      if (tail.lastLine() != null) {
        return headOf(chain, candidate, tail.lastLine());
      }
    }
    return HashChain.GENESIS;
  }

  /** Starts configuring a sink that writes into {@code directory}, creating it when missing. */
  public static Builder builder(Path directory) {
    return new Builder(Objects.requireNonNull(directory, "directory"));
  }

  private static String headOf(HashChain chain, Path file, byte[] line) throws IOException {
    HashChain.Check check = chain.check(line, line.length);
    if (check.problem() != null || !Objects.equals(check.stored(), check.computed())) {
      throw new IOException("cannot continue the audit chain: the last line of " + file + ' '
          + (check.problem() != null ? check.problem()
              : "does not match its hash (edited" + (chain.keyed() ? ", or written with another key)" : ")"))
          + "; verify the trail with 'vectorguard audit verify' and move the damaged file aside");
    }
    return Objects.requireNonNull(check.stored());
  }

  @Override
  public void write(AuditEvent event) throws IOException {
    Objects.requireNonNull(event, "event");
    lock.lock();
    try {
      ensureUsable();
      append(event);
    } finally {
      lock.unlock();
    }
  }

  private void append(AuditEvent event) throws IOException {
    boolean added = false;
    try {
      Instant now = clock.instant();
      if (fileBytes > 0 && maxFileAge != null && !now.isBefore(fileOpened.plus(maxFileAge))) {
        rotate();
      }
      byte[] body = event.canonicalBody();
      int length = HashChain.lineLength(body.length);
      if (fileBytes > 0 && fileBytes + length > maxFileBytes) {
        rotate(); // the line's prev stays valid: the chain continues across files
      }
      chain.append(body, head, pending, head);
      headText = null;
      addPendingLine(pending.size());
      added = true;
      fileBytes += length;
      written++;
      dirty = true;
      if (durability.mode() == Durability.Mode.EVENT || intervalDue(now)) {
        drain(durability.fsync());
      } else if (pending.size() >= WRITE_THROUGH) {
        drain(false);
      }
    } catch (IOException | RuntimeException e) {
      if (added && pendingLines > 0 && pendingEnds[pendingLines - 1] == pending.size()) {
        // This event's caller hears that it was not accepted: it is refused, not lost.
        pendingLines--;
      }
      fail(e);
      throw e;
    }
  }

  /** Group commit: flushes in {@link Durability.Mode#BATCH}, and in interval mode when due. */
  @Override
  public void endOfBatch() throws IOException {
    lock.lock();
    try {
      ensureUsable();
      if (durability.mode() == Durability.Mode.BATCH || intervalDue(clock.instant())) {
        drainOrFail();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Hands every written line to the OS, and forces it to the disk when {@link Durability#fsync()}. */
  @Override
  public void flush() throws IOException {
    lock.lock();
    try {
      ensureUsable();
      drainOrFail();
    } finally {
      lock.unlock();
    }
  }

  /** Flushes, forces and closes the current file. Idempotent. */
  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      FileChannel open = channel;
      channel = null;
      if (open != null) {
        try (open) {
          if (failure == null) {
            writeOut(open);
            open.force(false);
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The hash of the last line written: the head of the chain, for anchoring elsewhere. */
  public String head() {
    lock.lock();
    try {
      String text = headText;
      if (text == null) {
        text = new String(head, StandardCharsets.US_ASCII);
        headText = text;
      }
      return text;
    } finally {
      lock.unlock();
    }
  }

  /** The file being written. */
  public Path currentFile() {
    lock.lock();
    try {
      return file;
    } finally {
      lock.unlock();
    }
  }

  /** How many events this sink wrote since it was opened. */
  public long written() {
    lock.lock();
    try {
      return written;
    } finally {
      lock.unlock();
    }
  }

  private void ensureUsable() throws IOException {
    if (closed) {
      throw new IOException("the audit file sink is closed");
    }
    IOException failed = failure;
    if (failed != null) {
      Instant now = clock.instant();
      Instant next = lastAttempt.plus(retryAfter);
      if (now.isBefore(next)) {
        throw new IOException("the audit file sink cannot write since " + failedAt + " (" + failed.getMessage()
            + ") and accepts no events until it can write again; next try at " + next, failed);
      }
      resume(now, failed);
    }
  }

  private void fail(Exception e) {
    if (failure == null) {
      failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
      Instant now = clock.instant();
      failedAt = failedAt == null ? now : failedAt;
      lastAttempt = now;
      unwritten = pendingHashes();
      pendingLines = 0;
      pending.reset();
      closeQuietly();
      LOG.log(Level.ERROR, "audit file sink failed writing " + file + "; it accepts no events until it can write "
          + "again (next try in " + retryAfter + ")", e);
    }
  }

  /**
   * Continues after a failure: from the head on the disk, in a new file, recording what the
   * failure cut ({@code audit.recovered}) and lost ({@code audit.dropped}); stays failed when that
   * fails too.
   */
  private void resume(Instant now, IOException failed) throws IOException {
    Instant since = Objects.requireNonNull(failedAt);
    lastAttempt = now;
    List<Map<String, Object>> tears = new ArrayList<>();
    try {
      List<Path> existing = AuditFiles.list(directory, baseName);
      String diskHead = continueFrom(chain, existing, tears);
      int at = unwritten.indexOf(diskHead);
      lostEvents += at < 0 ? unwritten.size() : unwritten.size() - 1 - at;
      unwritten = List.of();
      setHead(diskHead);
      sequence = existing.isEmpty() ? 0 : AuditFiles.sequence(baseName, existing.get(existing.size() - 1));
      openNext();
    } catch (IOException | RuntimeException e) {
      throw new IOException("the audit file sink cannot write since " + since + " (" + failed.getMessage()
          + "), and could not continue the trail: " + e.getMessage(), e);
    }
    failure = null;
    try {
      for (Map<String, Object> recovered : tears) {
        append(AuditEvents.create(AuditEvent.AUDIT_RECOVERED, null, now, recovered));
      }
      if (lostEvents > 0) {
        append(AuditEvents.lost(lostEvents, since, failed.getMessage(), now));
      }
      drain(durability.fsync());
    } catch (IOException | RuntimeException e) {
      fail(e);
      failedAt = since;
      unwritten = List.of(); // the bookkeeping events above are written again on the next try
      if (Files.exists(file) && Files.size(file) == 0) {
        Files.delete(file); // no empty file per try while the disk stays full
      }
      throw e;
    }
    failedAt = null;
    LOG.log(Level.WARNING, "audit file sink writes again, in " + file.getFileName() + ", after failing since " + since
        + (lostEvents > 0 ? "; " + lostEvents + " accepted events were lost" : ""));
    lostEvents = 0;
  }

  private void closeQuietly() {
    FileChannel open = channel;
    channel = null;
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "closing the failed audit file " + file, e);
      }
    }
  }

  private boolean intervalDue(Instant now) {
    Duration interval = durability.interval();
    return interval != null && !now.isBefore(lastFlush.plus(interval));
  }

  private void drainOrFail() throws IOException {
    try {
      drain(durability.fsync());
    } catch (IOException | RuntimeException e) {
      fail(e);
      throw e;
    }
  }

  private void drain(boolean force) throws IOException {
    FileChannel open = Objects.requireNonNull(channel);
    writeOut(open);
    if (force && dirty) {
      open.force(false);
    }
    dirty = false;
    lastFlush = clock.instant();
  }

  private void writeOut(FileChannel open) throws IOException {
    if (pending.size() == 0) {
      return;
    }
    ByteBuffer bytes = ByteBuffer.wrap(pending.array(), 0, pending.size());
    while (bytes.hasRemaining()) {
      open.write(bytes);
    }
    pending.reset();
    pendingLines = 0;
  }

  private void setHead(String hash) {
    for (int i = 0; i < head.length; i++) {
      head[i] = (byte) hash.charAt(i);
    }
    headText = hash;
  }

  private void addPendingLine(int end) {
    if (pendingLines == pendingEnds.length) {
      pendingEnds = Arrays.copyOf(pendingEnds, pendingLines * 2);
    }
    pendingEnds[pendingLines++] = end;
  }

  /** The hashes of the lines in {@link #pending}, oldest first (a line ends with its hash, {@code "}} and a newline). */
  private List<String> pendingHashes() {
    List<String> hashes = new ArrayList<>(pendingLines);
    byte[] bytes = pending.array();
    for (int i = 0; i < pendingLines; i++) {
      hashes.add(new String(bytes, pendingEnds[i] - 3 - 64, 64, StandardCharsets.US_ASCII));
    }
    return List.copyOf(hashes);
  }

  private void rotate() throws IOException {
    FileChannel open = Objects.requireNonNull(channel);
    try (open) {
      writeOut(open);
      if (durability.fsync()) {
        open.force(false);
      }
    }
    channel = null;
    openNext();
  }

  private void openNext() throws IOException {
    sequence++;
    file = directory.resolve(AuditFiles.name(baseName, sequence));
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    fileBytes = 0;
    fileOpened = clock.instant();
  }

  @Override
  public String toString() {
    return "HashChainFileSink{" + directory.resolve(baseName) + "-*.jsonl, " + durability + '}';
  }

  /** Configures a {@link HashChainFileSink}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private String baseName = "audit";
    private long maxFileBytes = 256L << 20;
    private @Nullable Duration maxFileAge;
    private Durability durability = Durability.fsyncEachBatch();
    private Clock clock = Clock.systemUTC();
    private Duration retryAfter = Duration.ofSeconds(1);
    private byte @Nullable [] hmacKey;

    private Builder(Path directory) {
      this.directory = directory;
    }

    /** The file name prefix; {@code audit} by default. Letters, digits, {@code .}, {@code _}, {@code -}. */
    public Builder baseName(String baseName) {
      Objects.requireNonNull(baseName, "baseName");
      if (!baseName.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new IllegalArgumentException("baseName must be 1-100 letters, digits, '.', '_' or '-', but was '"
            + baseName + "'");
      }
      this.baseName = baseName;
      return this;
    }

    /** Starts a new file before a line would take the current one past this size; 256 MiB by default. */
    public Builder maxFileBytes(long maxFileBytes) {
      if (maxFileBytes < 1024) {
        throw new IllegalArgumentException("maxFileBytes must be at least 1024, but was " + maxFileBytes);
      }
      this.maxFileBytes = maxFileBytes;
      return this;
    }

    /** Starts a new file when the current one has been open this long by the clock; off by default. */
    public Builder maxFileAge(Duration maxFileAge) {
      Objects.requireNonNull(maxFileAge, "maxFileAge");
      if (maxFileAge.isNegative() || maxFileAge.isZero()) {
        throw new IllegalArgumentException("maxFileAge must be positive, but was " + maxFileAge);
      }
      this.maxFileAge = maxFileAge;
      return this;
    }

    /** When lines reach the OS and the disk; {@link Durability#fsyncEachBatch()} by default. */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * How long after a failed write the sink refuses events before it tries to write again, by the
     * clock; 1 s by default.
     */
    public Builder retryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative, but was " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /** The clock for time-based rotation, interval flushing and retries (event times come from the events). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Chains with HMAC-SHA256 under {@code key} instead of plain SHA-256, so that whoever can
     * rewrite the files but does not hold the key cannot recompute the chain after an edit. Keep
     * the key away from the files; the verifier needs it. At least 32 bytes; copied.
     *
     * @throws IllegalArgumentException when the key is shorter than 32 bytes
     */
    public Builder hmacKey(byte[] key) {
      this.hmacKey = HashChain.checkKey(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * Opens a new file in the directory, continuing the chain of the files already there.
     *
     * @throws IOException when the directory cannot be written, or the newest complete line there
     *     is damaged (the chain cannot be continued safely)
     */
    public HashChainFileSink open() throws IOException {
      return new HashChainFileSink(this);
    }
  }
}
