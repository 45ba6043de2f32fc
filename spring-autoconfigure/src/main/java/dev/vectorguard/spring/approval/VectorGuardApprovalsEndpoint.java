package dev.vectorguard.spring.approval;

import dev.vectorguard.approval.ApprovalException;
import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.ApprovalState;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import java.security.Principal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code vectorguardapprovals} actuator endpoint: approvers list requests
 * ({@code GET /actuator/vectorguardapprovals?state=pending}), show one
 * ({@code GET …/{id}}) and decide it ({@code POST …/{id}} with
 * {@code {"decision": "approve", "reason": "ticket OPS-12", "duration": "PT10M"}}; decisions
 * {@code approve}, {@code reject}, {@code revoke}).
 *
 * <p>Roles (checked through the request's security context, which Spring Security fills when it
 * is present): reading needs {@value #VIEWER_ROLE} or {@value #APPROVER_ROLE}; deciding needs
 * {@value #APPROVER_ROLE}. The approver is {@code user:<principal name>}; a rule's approver
 * {@code group:<g>} is held with the role {@code VECTORGUARD_GROUP_<G>} (upper case, {@code -}
 * and {@code .} as {@code _}). Without an authenticated principal nothing can be read or decided.
 * The lifecycle's rules (the rule's approvers, no self-approval, one vote per approver) apply as
 * everywhere. Shows names and summaries only, never a request body or a credential.
 */
@Endpoint(id = "vectorguardapprovals")
public class VectorGuardApprovalsEndpoint {
  public static final String VIEWER_ROLE = "VECTORGUARD_APPROVALS_VIEWER";
  public static final String APPROVER_ROLE = "VECTORGUARD_APPROVER";

  private final Approvals approvals;

  public VectorGuardApprovalsEndpoint(Approvals approvals) {
    this.approvals = approvals;
  }

  /** Requests in {@code state} (a comma-separated list; {@code pending} by default, {@code all} for every state). */
  @ReadOperation
  public List<ApprovalView> list(@Nullable String state, SecurityContext security) {
    require(security, VIEWER_ROLE, APPROVER_ROLE);
    Set<ApprovalState> states = EnumSet.noneOf(ApprovalState.class);
    String wanted = state == null || state.isBlank() ? "pending" : state;
    if (!wanted.equals("all")) {
      try {
        for (String s : wanted.split(",")) {
          states.add(ApprovalState.of(s.trim()));
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
      }
    }
    return approvals.list(states, 500).stream().map(ApprovalView::of).toList();
  }

  @ReadOperation
  public ApprovalView show(@Selector String id, SecurityContext security) {
    require(security, VIEWER_ROLE, APPROVER_ROLE);
    ApprovalRecord record = approvals.find(id);
    if (record == null) {
      throw new InvalidEndpointRequestException("no approval request " + id, "no approval request " + id);
    }
    return ApprovalView.of(record);
  }

  /**
   * Decides request {@code id} as the authenticated approver.
   *
   * @param decision {@code approve}, {@code reject} or {@code revoke}
   * @param duration for {@code approve}: how long the grant lasts (ISO-8601, at most the rule's ttl)
   */
  @WriteOperation
  public ApprovalView decide(@Selector String id, String decision, String reason, @Nullable String duration,
      SecurityContext security) {
    Principal principal = require(security, APPROVER_ROLE);
    ApprovalRecord record = approvals.find(id);
    if (record == null) {
      throw new InvalidEndpointRequestException("no approval request " + id, "no approval request " + id);
    }
    Approver approver = new Approver("user:" + principal.getName(), groupsHeld(record, security));
    try {
      return ApprovalView.of(switch (decision) {
        case "approve" -> approvals.approve(id, approver, reason, duration == null ? null : duration(duration));
        case "reject" -> approvals.reject(id, approver, reason);
        case "revoke" -> approvals.revoke(id, approver, reason);
        default -> throw new InvalidEndpointRequestException("decision must be approve, reject or revoke, but was '"
            + decision + "'", "unknown decision");
      });
    } catch (ApprovalException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
    }
  }

  /** The rule's approver groups the caller holds, by their roles. */
  static Set<String> groupsHeld(ApprovalRecord record, SecurityContext security) {
    Set<String> held = new LinkedHashSet<>();
    for (String approver : record.approvers()) {
      if (approver.startsWith("group:") && security.isUserInRole(groupRole(approver))) {
        held.add(approver);
      }
    }
    return held;
  }

  /** {@code group:db-admins} → {@code VECTORGUARD_GROUP_DB_ADMINS}. */
  public static String groupRole(String group) {
    return "VECTORGUARD_GROUP_" + group.substring("group:".length()).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]",
        "_");
  }

  private static Principal require(SecurityContext security, String... roles) {
    Principal principal = security.getPrincipal();
    if (principal == null) {
      throw new InvalidEndpointRequestException("approvals need an authenticated approver", "not authenticated");
    }
    for (String role : roles) {
      if (security.isUserInRole(role)) {
        return principal;
      }
    }
    throw new InvalidEndpointRequestException(principal.getName() + " needs the role " + String.join(" or ", roles),
        "missing role");
  }

  private static Duration duration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidEndpointRequestException("duration must be ISO-8601 such as PT10M, but was '" + text + "'",
          "bad duration");
    }
  }

  /** A request as the endpoint shows it: names, states and times, nothing from the request body. */
  public record ApprovalView(String id, String state, String summary, String workload, List<String> rules,
      List<String> approvers, int minApprovals, List<String> approvedBy, @Nullable String decidedBy,
      @Nullable String decisionReason, String requestedAt, @Nullable String expiresAt) {
    static ApprovalView of(ApprovalRecord r) {
      return new ApprovalView(r.id(), r.state().id(), r.summary(), r.workload(), r.rules(), r.approvers(),
          r.minApprovals(), r.votes().stream().map(ApprovalRecord.Vote::approver).toList(), r.decidedBy(),
          r.decisionReason(), r.requestedAt().toString(), r.expiresAt() == null ? null : r.expiresAt().toString());
    }
  }
}
