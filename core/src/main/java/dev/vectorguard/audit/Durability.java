package dev.vectorguard.audit;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When a {@link HashChainFileSink} hands its bytes to the operating system ("flush") and, when
 * {@link #fsync()} is set, forces them to the disk ({@link java.nio.channels.FileChannel#force}).
 * A process crash loses nothing that was flushed; a power loss loses nothing that was forced.
 * Immutable.
 *
 * <ul>
 *   <li>{@link #flushEachEvent()} / {@link #fsyncEachEvent()}: before {@code write} returns.
 *   <li>{@link #flushEachBatch()} / {@link #fsyncEachBatch()}: at the end of each batch an
 *       {@link AsyncAuditSink} delivers (group commit), and on {@link AuditSink#flush()}.
 *   <li>{@link #flushEvery(Duration)} / {@link #fsyncEvery(Duration)}: at most this long after an
 *       event was written, by the sink's clock, checked on each write and batch end.
 * </ul>
 */
public final class Durability {
  /** When bytes are flushed. */
  public enum Mode {
    EVENT,
    BATCH,
    INTERVAL
  }

  private final Mode mode;
  private final boolean fsync;
  private final @Nullable Duration interval;

  private Durability(Mode mode, boolean fsync, @Nullable Duration interval) {
    this.mode = mode;
    this.fsync = fsync;
    this.interval = interval;
  }

  public static Durability flushEachEvent() {
    return new Durability(Mode.EVENT, false, null);
  }

  public static Durability fsyncEachEvent() {
    return new Durability(Mode.EVENT, true, null);
  }

  public static Durability flushEachBatch() {
    return new Durability(Mode.BATCH, false, null);
  }

  public static Durability fsyncEachBatch() {
    return new Durability(Mode.BATCH, true, null);
  }

  /** @throws IllegalArgumentException when {@code interval} is not positive */
  public static Durability flushEvery(Duration interval) {
    return new Durability(Mode.INTERVAL, false, positive(interval));
  }

  /** @throws IllegalArgumentException when {@code interval} is not positive */
  public static Durability fsyncEvery(Duration interval) {
    return new Durability(Mode.INTERVAL, true, positive(interval));
  }

  private static Duration positive(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, but was " + interval);
    }
    return interval;
  }

  public Mode mode() {
    return mode;
  }

  /** Whether flushed bytes are also forced to the disk. */
  public boolean fsync() {
    return fsync;
  }

  /** The flush interval in {@link Mode#INTERVAL}, else {@code null}. */
  public @Nullable Duration interval() {
    return interval;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Durability other && mode == other.mode && fsync == other.fsync
        && Objects.equals(interval, other.interval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, fsync, interval);
  }

  @Override
  public String toString() {
    return (fsync ? "fsync" : "flush") + switch (mode) {
      case EVENT -> " each event";
      case BATCH -> " each batch";
      case INTERVAL -> " every " + interval;
    };
  }
}
