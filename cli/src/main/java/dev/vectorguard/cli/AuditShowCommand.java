package dev.vectorguard.cli;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.audit.AuditJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vectorguard audit show FILE...}: a readable timeline of audit events, filtered; with full
 * capture it replays each call's request and masked response in order. It does not verify the
 * chain: run {@code audit verify} for that.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {"Print audit events as a timeline, in file order (a directory stands for its .jsonl files).",
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

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant from;
    try {
      from = since == null ? null : parseSince(since);
    } catch (IllegalArgumentException e) {
      err.println("vectorguard audit show: " + e.getMessage());
      return 2;
    }
    long shown = 0;
    long total = 0;
    long unreadable = 0;
    try {
      for (Path file : AuditFileArgs.expand(files)) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          String line;
          long number = 0;
          while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
              continue;
            }
            AuditEvent event;
            try {
              event = AuditJson.parse(line);
            } catch (IllegalArgumentException e) {
              unreadable++;
              err.println("vectorguard audit show: skipping " + file + " line " + number + ": " + e.getMessage());
              continue;
            }
            total++;
            if (matches(event, from)) {
              shown++;
              AuditTimeline.print(event, out);
            }
          }
        }
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

  private boolean matches(AuditEvent event, Instant from) {
    if (call != null && !call.equals(event.callId())) {
      return false;
    }
    if (from != null && event.timestamp().isBefore(from)) {
      return false;
    }
    if (workload != null && !workload.equals(event.get(AuditFields.WORKLOAD_ID))) {
      return false;
    }
    return collection == null
        || event.get(AuditFields.CALL_COLLECTIONS) instanceof List<?> names && names.contains(collection);
  }

  Instant parseSince(String value) {
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
          throw new IllegalArgumentException("--since must be an instant (2026-11-29T06:00:00Z), a UTC date or "
              + "date-time (2026-11-29, 2026-11-29T06:00) or an age (90s, 15m, 2h, 7d), but was '" + value + "'");
        }
      }
    }
  }
}
