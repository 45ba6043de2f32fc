package dev.vectorguard.policy;

import dev.vectorguard.approval.ApprovalWindow;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a rule's {@code approval} block for {@link PolicyCompiler}: approvers, {@code ttl},
 * {@code single_use}, {@code min_approvals}, {@code wait} and {@code window}. Not public API.
 */
final class ApprovalReader {
  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([smhd])");
  private static final int MAX_APPROVALS = 20;
  private static final Duration MAX_WAIT = Duration.ofHours(1);
  private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
      "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
      "sun", DayOfWeek.SUNDAY);

  private final PolicyCompiler compiler;

  ApprovalReader(PolicyCompiler compiler) {
    this.compiler = compiler;
  }

  Rule.@Nullable Approval read(Node node) {
    Node.MapNode map = compiler.map(node, "approval");
    if (map == null) {
      return null;
    }
    compiler.checkKeys(map, " in approval",
        List.of("approvers", "ttl", "single_use", "min_approvals", "wait", "window"));
    Node.Entry approversEntry = map.entries().get("approvers");
    Node.Entry ttlEntry = map.entries().get("ttl");
    if (approversEntry == null || ttlEntry == null) {
      compiler.error(map, "approval needs approvers and ttl, such as "
          + "{ approvers: [\"group:dba\"], ttl: 15m, single_use: true }");
      return null;
    }
    List<Node.Scalar> approvers = compiler.stringList(approversEntry);
    Duration ttl = duration(ttlEntry, "ttl");
    boolean singleUse = true;
    Node.Entry singleUseEntry = map.entries().get("single_use");
    if (singleUseEntry != null) {
      if (singleUseEntry.value() instanceof Node.Scalar scalar && scalar.isBoolean()) {
        singleUse = Boolean.parseBoolean(scalar.text());
      } else {
        compiler.error(singleUseEntry.value(), "single_use must be true or false, but was "
            + singleUseEntry.value().kind());
      }
    }
    int minApprovals = minApprovals(map.entries().get("min_approvals"));
    Node.Entry waitEntry = map.entries().get("wait");
    Duration wait = waitEntry == null ? Duration.ZERO : duration(waitEntry, "wait");
    if (wait != null && wait.compareTo(MAX_WAIT) > 0) {
      compiler.error(waitEntry.value(), "wait must be at most 1h (a held call keeps its caller waiting), but was "
          + describe(waitEntry.value()));
      wait = null;
    }
    Node.Entry windowEntry = map.entries().get("window");
    ApprovalWindow window = windowEntry == null ? null : window(windowEntry.value());
    if (approvers == null || ttl == null || minApprovals < 1 || wait == null
        || (windowEntry != null && window == null)) {
      return null;
    }
    return new Rule.Approval(approvers.stream().map(Node.Scalar::text).toList(), ttl, singleUse, minApprovals, wait,
        window);
  }

  private @Nullable Duration duration(Node.Entry entry, String what) {
    String text = entry.value() instanceof Node.Scalar scalar ? scalar.text() : null;
    Matcher matcher = text == null ? null : DURATION.matcher(text);
    if (matcher == null || !matcher.matches()) {
      compiler.error(entry.value(), what + " must be a duration such as 90s, 15m, 2h or 1d, but was "
          + describe(entry.value()));
      return null;
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** The number of distinct approvers needed; 1 when absent, 0 after reporting an error. */
  private int minApprovals(Node.@Nullable Entry entry) {
    if (entry == null) {
      return 1;
    }
    if (entry.value() instanceof Node.Scalar scalar && scalar.isInteger()) {
      long value = Long.parseLong(scalar.text());
      if (value >= 1 && value <= MAX_APPROVALS) {
        return (int) value;
      }
    }
    compiler.error(entry.value(), "min_approvals must be a whole number from 1 to " + MAX_APPROVALS + ", but was "
        + describe(entry.value()));
    return 0;
  }

  private @Nullable ApprovalWindow window(Node node) {
    Node.MapNode map = compiler.map(node, "window");
    if (map == null) {
      return null;
    }
    compiler.checkKeys(map, " in window", List.of("days", "from", "to", "zone"));
    Node.Entry fromEntry = map.entries().get("from");
    Node.Entry toEntry = map.entries().get("to");
    if (fromEntry == null || toEntry == null) {
      compiler.error(map, "window needs from and to, such as { days: [mon, tue, wed, thu, fri], from: \"08:00\", "
          + "to: \"18:00\", zone: Europe/Berlin }");
      return null;
    }
    LocalTime from = time(fromEntry);
    LocalTime to = time(toEntry);
    Set<DayOfWeek> days = days(map.entries().get("days"));
    ZoneId zone = zone(map.entries().get("zone"));
    if (from == null || to == null || days == null || zone == null) {
      return null;
    }
    if (from.equals(to)) {
      compiler.error(toEntry.value(), "window from and to must differ, but both were " + from);
      return null;
    }
    return ApprovalWindow.of(days, from, to, zone);
  }

  private @Nullable LocalTime time(Node.Entry entry) {
    String text = entry.value() instanceof Node.Scalar scalar ? scalar.text() : "";
    try {
      if (text.matches("[0-2][0-9]:[0-5][0-9]")) {
        return LocalTime.parse(text);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    compiler.error(entry.value(), entry.key() + " must be a time of day as HH:MM, such as \"08:00\", but was "
        + describe(entry.value()));
    return null;
  }

  private @Nullable Set<DayOfWeek> days(Node.@Nullable Entry entry) {
    if (entry == null) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    List<Node.Scalar> items = compiler.stringList(entry);
    if (items == null) {
      return null;
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    boolean ok = true;
    for (Node.Scalar item : items) {
      DayOfWeek day = DAYS.get(item.text().toLowerCase(Locale.ROOT));
      if (day == null) {
        compiler.error(item, "days must be among mon, tue, wed, thu, fri, sat, sun, but was '" + item.text() + "'");
        ok = false;
      } else {
        days.add(day);
      }
    }
    return ok ? days : null;
  }

  private @Nullable ZoneId zone(Node.@Nullable Entry entry) {
    if (entry == null) {
      return ZoneOffset.UTC;
    }
    String text = compiler.string(entry.value(), "zone");
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      compiler.error(entry.value(), "zone must be a time zone id such as UTC or Europe/Berlin, but was '" + text + "'");
      return null;
    }
  }

  private static String describe(Node node) {
    return node instanceof Node.Scalar scalar && !scalar.text().isEmpty()
        ? "'" + scalar.text() + "'" : node.kind();
  }
}
