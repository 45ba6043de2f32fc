package dev.vectorguard.policy;

import dev.vectorguard.Spi;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditEvents;
import dev.vectorguard.audit.AuditSink;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Hears what a {@link ReloadingPolicy} loads and rejects, for example to write
 * {@code policy.loaded} and {@code policy.rejected} audit events ({@link #auditing}).
 *
 * <p>Called on the thread that (re)loads the policy. A listener that throws is logged and
 * otherwise ignored: it cannot stop a reload or break the policy in force.
 */
@Spi
public interface PolicyListener {

  /** A policy was loaded and is now in force. */
  default void loaded(String version, int ruleCount) {}

  /** The policy at {@code source} was not loaded; the one in force, if any, stays. */
  default void rejected(String source, List<PolicyError> errors) {}

  /** A listener that does nothing. */
  static PolicyListener none() {
    return new PolicyListener() {};
  }

  /**
   * A listener that writes {@code policy.loaded} and {@code policy.rejected} events to
   * {@code sink}, naming {@code source} (never the policy's content). A rejection names the
   * version still in force. An event the sink does not accept is logged.
   *
   * <pre>{@code
   * ReloadingPolicy policy = ReloadingPolicy.load(file, PolicyListener.auditing(sink, file.toString(), clock));
   * }</pre>
   */
  static PolicyListener auditing(AuditSink sink, String source, Clock clock) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(clock, "clock");
    return new PolicyListener() {
      private volatile String inForce;

      @Override
      public void loaded(String version, int ruleCount) {
        inForce = version;
        write(AuditEvents.policyLoaded(source, version, ruleCount, clock.instant()));
      }

      @Override
      public void rejected(String rejectedSource, List<PolicyError> errors) {
        write(AuditEvents.policyRejected(rejectedSource, errors.stream().map(PolicyError::toString).toList(),
            inForce, clock.instant()));
      }

      private void write(AuditEvent event) {
        try {
          sink.write(event);
        } catch (IOException | RuntimeException e) {
          System.getLogger(PolicyListener.class.getName()).log(System.Logger.Level.WARNING,
              "audit sink did not accept " + event.type() + " for " + source + ": " + e);
        }
      }
    };
  }
}
