package dev.vectorguard.approval;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The days and times of day in which a grant may be used, in one time zone: a rule's
 * {@code approval.window}, such as {@code { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00",
 * zone: Europe/Berlin }}. When {@code from} is after {@code to} the window spans midnight
 * ({@code from: "22:00", to: "06:00"}), and the day is the day it started. Immutable.
 */
public final class ApprovalWindow {
  private final Set<DayOfWeek> days;
  private final LocalTime from;
  private final LocalTime to;
  private final ZoneId zone;

  private ApprovalWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    this.days = days;
    this.from = from;
    this.to = to;
    this.zone = zone;
  }

  /**
   * A window.
   *
   * @throws IllegalArgumentException when {@code days} is empty or {@code from} equals {@code to}
   */
  public static ApprovalWindow of(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    Objects.requireNonNull(days, "days");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("an approval window needs at least one day");
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("an approval window's from and to must differ, but both were " + from);
    }
    return new ApprovalWindow(Set.copyOf(EnumSet.copyOf(days)), from, to, zone);
  }

  /** Whether {@code instant} falls inside the window. */
  public boolean contains(Instant instant) {
    ZonedDateTime local = instant.atZone(zone);
    LocalTime time = local.toLocalTime();
    if (from.isBefore(to)) {
      return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
    }
    // Spans midnight: after from on a listed day, or before to on the day after a listed day.
    return !time.isBefore(from) ? days.contains(local.getDayOfWeek())
        : time.isBefore(to) && days.contains(local.getDayOfWeek().minus(1));
  }

  public Set<DayOfWeek> days() {
    return days;
  }

  public LocalTime from() {
    return from;
  }

  public LocalTime to() {
    return to;
  }

  public ZoneId zone() {
    return zone;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApprovalWindow w && days.equals(w.days) && from.equals(w.from) && to.equals(w.to)
        && zone.equals(w.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(days, from, to, zone);
  }

  /** As the policy writes it: {@code mon,tue 08:00-18:00 Europe/Berlin}. */
  @Override
  public String toString() {
    return days.stream().sorted().map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(",")) + ' ' + from + '-' + to + ' ' + zone;
  }
}
