package dev.vectorguard.cli;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.audit.AuditJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vectorguard audit show FILE...}: a readable timeline of audit events, filtered by call,
 * workload, actor, collection and time; with full capture it replays each call's request and
 * masked response in order; with {@code --follow} it tails a live trail across rotations. It does
 * not verify the chain: run {@code audit verify} for that.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {"Print audit events as a timeline, in file order (a directory stands for its .jsonl files); "
        + "with --follow, keep printing them as they are written.",
        "With full capture, each call's request (>) and masked response (<) follow its completion.",
        "Does not check the hash chain: use 'vectorguard audit verify'."})
final class AuditShowCommand implements Callable<Integer> {
  private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

  @Spec CommandSpec spec;

  /** The clock that relative --since values count back from; replaced in tests. */
  Clock clock = Clock.systemUTC();

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audit files or directories.")
  List<Path> files;

  @Option(names = "--workload", paramLabel = "W", description = "Only events of this workload id.")
  String workload;

  @Option(names = "--collection", paramLabel = "C", description = "Only calls on this collection.")
  String collection;

  @Option(names = "--since", paramLabel = "T",
      description = "Only events at or after T: an instant (2026-11-29T06:00:00Z), a UTC date or date-time "
          + "(2026-11-29, 2026-11-29T06:00), or an age (90s, 15m, 2h, 7d).")
  String since;

  @Option(names = "--call", paramLabel = "ID", description = "Only the events of this call id.")
  String call;

  @Option(names = "--until", paramLabel = "T",
      description = "Only events before T, in the same forms as --since (an age counts back from now).")
  String until;

  @Option(names = "--actor", paramLabel = "NAME=VALUE",
      description = "Only events of calls whose actor has this attribute (user=alice, tenant=acme); repeatable, all must match.")
  Map<String, String> actor;

  @Option(names = {"-f", "--follow"},
      description = "After the events there are, keep printing events as they are appended, following a directory "
          + "to the sink's next file when it rotates; stop with Ctrl-C.")
  boolean follow;

  /** How often a followed trail is checked for new lines; replaced in tests. */
  Duration pollInterval = Duration.ofMillis(200);

  private long shown;
  private long total;
  private long unreadable;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant from;
    Instant to;
    try {
      from = since == null ? null : parseTime("--since", since);
      to = until == null ? null : parseTime("--until", until);
    } catch (IllegalArgumentException e) {
      err.println("vectorguard audit show: " + e.getMessage());
      return 2;
    }
    TrailLines lines = new TrailLines(files, pollInterval);
    TrailLines.Receiver receiver = (file, number, line) -> show(file, number, line, from, to, out, err);
    try {
      if (follow) {
        lines.follow(receiver);
      } else {
        lines.readAll(receiver);
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("vectorguard audit show: " + e.getMessage());
      return 2;
    }
    out.println("-- " + shown + " of " + total + " events" + (unreadable == 0 ? "" : ", " + unreadable + " unreadable lines"));
    out.flush();
    err.flush();
    return 0;
  }

  private void show(Path file, long number, String line, Instant from, Instant to, PrintWriter out, PrintWriter err) {
    if (line.isBlank()) {
      return;
    }
    AuditEvent event;
    try {
      event = AuditJson.parse(line);
    } catch (IllegalArgumentException e) {
      unreadable++;
      err.println("vectorguard audit show: skipping " + file + " line " + number + ": " + e.getMessage());
      err.flush();
      return;
    }
    total++;
    if (matches(event, from, to)) {
      shown++;
      AuditTimeline.print(event, out);
      out.flush();
    }
  }

  private boolean matches(AuditEvent event, Instant from, Instant to) {
    if (call != null && !call.equals(event.callId())) {
      return false;
    }
    if (from != null && event.timestamp().isBefore(from) || to != null && !event.timestamp().isBefore(to)) {
      return false;
    }
    if (workload != null && !workload.equals(event.get(AuditFields.WORKLOAD_ID))) {
      return false;
    }
    if (actor != null && !(event.get(AuditFields.ACTOR) instanceof Map<?, ?> attributes
        && actor.entrySet().stream().allMatch(e -> e.getValue().equals(attributes.get(e.getKey()))))) {
      return false;
    }
    return collection == null
        || event.get(AuditFields.CALL_COLLECTIONS) instanceof List<?> names && names.contains(collection);
  }

  Instant parseTime(String option, String value) {
    Matcher age = AGE.matcher(value);
    if (age.matches()) {
      long n = Long.parseLong(age.group(1));
      Duration duration = switch (age.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return clock.instant().minus(duration);
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeException notInstant) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException notDateTime) {
        try {
          return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notDate) {
          throw new IllegalArgumentException(option + " must be an instant (2026-11-29T06:00:00Z), a UTC date or "
              + "date-time (2026-11-29, 2026-11-29T06:00) or an age (90s, 15m, 2h, 7d), but was '" + value + "'");
        }
      }
    }
  }
}
