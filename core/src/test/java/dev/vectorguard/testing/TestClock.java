package dev.vectorguard.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that moves only when a test says so, so that no test sleeps. Thread-safe. */
public final class TestClock extends Clock {
  private volatile Instant now;

  /** A clock at 2026-11-29T06:00:00Z. */
  public TestClock() {
    this(Instant.parse("2026-11-29T06:00:00Z"));
  }

  public TestClock(Instant start) {
    this.now = start;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long millis() {
    return now.toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** The same clock: it is UTC only, and tests never need another zone. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
