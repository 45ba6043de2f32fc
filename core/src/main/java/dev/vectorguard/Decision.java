package dev.vectorguard;

import dev.vectorguard.approval.ApprovalWindow;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of deciding one call: {@link Allow} (with obligations), {@link Deny} or {@link
 * NeedsApproval}. There is no "abstain": when no rule matches, the decision is a {@link Deny}.
 *
 * <p>Every decision names the rules that produced it ({@link #rules()}, empty only when the
 * policy's default decided), explains itself in one line ({@link #reason()}), and carries the
 * version of the policy that made it.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny, Decision.NeedsApproval {

  Effect effect();

  /** Ids of the rules that produced this decision, in policy order. */
  List<String> rules();

  /** One line a person can read: why this decision. */
  String reason();

  /** The version (content digest) of the policy that made this decision. */
  String policyVersion();

  /** Whether the call may proceed (possibly with obligations). */
  default boolean allowed() {
    return this instanceof Allow;
  }

  static Allow allow(Obligations obligations, List<String> rules, String reason, String policyVersion) {
    return new Allow(obligations, rules, reason, policyVersion);
  }

  static Deny deny(List<String> rules, String reason, String policyVersion) {
    return new Deny(rules, reason, policyVersion);
  }

  /** The call may proceed, obeying {@code obligations}. */
  record Allow(Obligations obligations, List<String> rules, String reason, String policyVersion)
      implements Decision {
    public Allow {
      Objects.requireNonNull(obligations, "obligations");
      rules = List.copyOf(rules);
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(policyVersion, "policyVersion");
    }

    @Override
    public Effect effect() {
      return Effect.ALLOW;
    }
  }

  /** The call is refused; nothing is sent. */
  record Deny(List<String> rules, String reason, String policyVersion) implements Decision {
    public Deny {
      rules = List.copyOf(rules);
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(policyVersion, "policyVersion");
    }

    @Override
    public Effect effect() {
      return Effect.DENY;
    }
  }

  /**
   * The call may proceed only with a valid approval grant; with one, it obeys {@code obligations}.
   *
   * @param approvers who may approve ({@code "group:dba"})
   * @param grantTtl how long a grant stays valid
   * @param singleUse whether a grant is spent by its first call
   * @param minApprovals how many distinct approvers must approve (n of m), at least 1
   * @param maxWait how long a call may be held waiting for a grant; {@link Duration#ZERO} refuses at once
   * @param windows times of day in which a grant may be used; empty means any time, several mean all
   */
  record NeedsApproval(
      Obligations obligations,
      List<String> rules,
      String reason,
      String policyVersion,
      List<String> approvers,
      Duration grantTtl,
      boolean singleUse,
      int minApprovals,
      Duration maxWait,
      List<ApprovalWindow> windows)
      implements Decision {
    public NeedsApproval {
      Objects.requireNonNull(obligations, "obligations");
      rules = List.copyOf(rules);
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(policyVersion, "policyVersion");
      approvers = List.copyOf(approvers);
      Objects.requireNonNull(grantTtl, "grantTtl");
      if (minApprovals < 1) {
        throw new IllegalArgumentException("minApprovals must be at least 1, but was " + minApprovals);
      }
      Objects.requireNonNull(maxWait, "maxWait");
      windows = List.copyOf(windows);
    }

    /** One approval, no waiting, any time of day. */
    public NeedsApproval(Obligations obligations, List<String> rules, String reason, String policyVersion,
        List<String> approvers, Duration grantTtl, boolean singleUse) {
      this(obligations, rules, reason, policyVersion, approvers, grantTtl, singleUse, 1, Duration.ZERO, List.of());
    }

    @Override
    public Effect effect() {
      return Effect.APPROVE;
    }
  }
}
