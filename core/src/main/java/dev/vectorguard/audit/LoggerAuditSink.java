package dev.vectorguard.audit;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Writes each event as one line of canonical JSON ({@link AuditJson}) to a {@link System.Logger},
 * which the application routes to SLF4J, Log4j or JUL as it does for its own logs. No hash chain:
 * use {@link HashChainFileSink} for evidence. Thread-safe; never throws for a disabled level.
 *
 * <pre>{@code
 * AuditSink sink = LoggerAuditSink.create(); // logger "dev.vectorguard.audit", level INFO
 * }</pre>
 */
public final class LoggerAuditSink implements AuditSink {
  /** The logger name of {@link #create()}. */
  public static final String LOGGER_NAME = "dev.vectorguard.audit";

  private final Logger logger;
  private final Level level;

  private LoggerAuditSink(Logger logger, Level level) {
    this.logger = logger;
    this.level = level;
  }

  /** A sink that logs at {@code INFO} to the logger named {@value #LOGGER_NAME}. */
  public static LoggerAuditSink create() {
    return create(System.getLogger(LOGGER_NAME), Level.INFO);
  }

  /** A sink that logs to {@code logger} at {@code level}. */
  public static LoggerAuditSink create(Logger logger, Level level) {
    return new LoggerAuditSink(Objects.requireNonNull(logger, "logger"), Objects.requireNonNull(level, "level"));
  }

  @Override
  public void write(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    if (logger.isLoggable(level)) {
      logger.log(level, AuditJson.toJson(event));
    }
  }

  @Override
  public String toString() {
    return "LoggerAuditSink{" + logger.getName() + ", " + level + '}';
  }
}
