package dev.vectorguard.spring;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/** vectorguard.audit.file.*: the hash-chained JSON Lines audit trail. */
public class FileSinkProperties {

  /**
   * The folder the audit files are written into (created when missing); required when
   * vectorguard.audit.sink=file.
   */
  private @Nullable Path directory;

  /** The name the audit files start with: audit-000001.jsonl, audit-000002.jsonl, … for the default "audit". */
  private String baseName = "audit";

  /** The size at which a file is rotated; the hash chain continues into the next file. */
  private DataSize maxSize = DataSize.ofMegabytes(64);

  /** The age at which a file is rotated; unset rotates by size only. */
  private @Nullable Duration maxAge;

  /** When written events are handed to the operating system: each event, each batch, or an interval. */
  private Flush flush = Flush.EVENT;

  /** The longest an event waits to be flushed, for flush: interval. */
  private Duration flushInterval = Duration.ofSeconds(1);

  /** Whether flushed events are also forced to the disk, to survive a power loss. */
  private boolean fsync = false;

  public @Nullable Path getDirectory() {
    return directory;
  }

  public void setDirectory(@Nullable Path directory) {
    this.directory = directory;
  }

  public String getBaseName() {
    return baseName;
  }

  public void setBaseName(String baseName) {
    this.baseName = baseName;
  }

  public DataSize getMaxSize() {
    return maxSize;
  }

  public void setMaxSize(DataSize maxSize) {
    this.maxSize = maxSize;
  }

  public @Nullable Duration getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(@Nullable Duration maxAge) {
    this.maxAge = maxAge;
  }

  public Flush getFlush() {
    return flush;
  }

  public void setFlush(Flush flush) {
    this.flush = flush;
  }

  public Duration getFlushInterval() {
    return flushInterval;
  }

  public void setFlushInterval(Duration flushInterval) {
    this.flushInterval = flushInterval;
  }

  public boolean isFsync() {
    return fsync;
  }

  public void setFsync(boolean fsync) {
    this.fsync = fsync;
  }

  @Override
  public String toString() {
    return "file{directory=" + directory + ", baseName=" + baseName + ", maxSize=" + maxSize + ", maxAge=" + maxAge
        + ", flush=" + flush + ", flushInterval=" + flushInterval + ", fsync=" + fsync + '}';
  }

  /** When the file sink hands written events to the operating system. */
  public enum Flush {
    /** Before each write returns: a process crash loses nothing. */
    EVENT,
    /** At the end of each batch the asynchronous writer delivers (group commit). */
    BATCH,
    /** At most flush-interval after an event was written. */
    INTERVAL
  }
}
