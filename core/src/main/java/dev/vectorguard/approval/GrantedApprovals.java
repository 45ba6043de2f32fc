package dev.vectorguard.approval;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.Decision;
import dev.vectorguard.VectorCall;
import dev.vectorguard.internal.Ids;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Just-in-time approvals kept in this process: calls that need approval become pending requests;
 * an approver grants one with {@link #approve}, which returns a signed, time-boxed grant (an
 * HS256 JWS); the next identical call then proceeds while the grant is valid (once, when the rule
 * says {@code single_use}).
 *
 * <pre>{@code
 * GrantedApprovals approvals = GrantedApprovals.create(signingKey, Clock.systemUTC());
 * // a call is refused with approval id "apr_3f…"; an approver in group:dba says yes:
 * approvals.approve("apr_3f…", "user:bob", Set.of("group:dba"), Duration.ofMinutes(10));
 * }</pre>
 *
 * <p>A request's id is derived from what it asks (workload, actor, backend, operation, access,
 * scope, collections, database, and the request facts: limit, vectors, filter and output fields),
 * so retries of the same call share it and a grant covers exactly that call. Filter values are not
 * part of it: a grant for a filtered call covers the same call with other filter values. Grants are stored as signed tokens and verified again on every use, so a grant cannot be
 * forged or widened without the key; {@link #accept(String)} takes a grant signed elsewhere with
 * the same key. Thread-safe.
 */
public final class GrantedApprovals implements ApprovalService {
  private static final int MAX_PENDING = 10_000;
  private static final String CLAIM_REQUEST = "vg_req";
  private static final String CLAIM_APPROVER = "vg_approver";
  private static final String CLAIM_SINGLE_USE = "vg_single_use";

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Clock clock;
  private final Map<String, PendingApproval> pending = new ConcurrentHashMap<>();
  private final Map<String, String> grants = new ConcurrentHashMap<>();
  private final Set<String> spent = ConcurrentHashMap.newKeySet();

  private GrantedApprovals(byte[] signingKey, Clock clock) throws JOSEException {
    this.signer = new MACSigner(signingKey);
    this.verifier = new MACVerifier(signingKey);
    this.clock = clock;
  }

  /**
   * An approval service signing grants with {@code signingKey}.
   *
   * @throws IllegalArgumentException when the key is shorter than 32 bytes (HS256 needs 256 bits)
   */
  public static GrantedApprovals create(byte[] signingKey, Clock clock) {
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(clock, "clock");
    if (signingKey.length < 32) {
      throw new IllegalArgumentException("the approval signing key must be at least 32 bytes, but was "
          + signingKey.length);
    }
    try {
      return new GrantedApprovals(signingKey.clone(), clock);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the approval signing key is not usable for HS256: " + e.getMessage(), e);
    }
  }

  @Override
  public ApprovalStatus check(ApprovalRequest request) {
    String requestId = requestId(request);
    String grant = grants.get(requestId);
    if (grant != null) {
      String refusal = verify(grant, requestId, true);
      if (refusal == null) {
        return ApprovalStatus.granted(requestId, "granted by " + approverOf(grant));
      }
      grants.remove(requestId, grant);
      return remember(request, requestId, refusal);
    }
    return remember(request, requestId, null);
  }

  /** Calls waiting for approval, oldest first. */
  public List<PendingApproval> pending() {
    List<PendingApproval> out = new ArrayList<>(pending.values());
    out.sort((a, b) -> a.requestedAt().compareTo(b.requestedAt()));
    return out;
  }

  /**
   * Grants a pending request and returns the signed grant.
   *
   * @param approver who approves, as written in audit records ({@code "user:bob"})
   * @param approverGroups the approver's principals; one must be among the rule's approvers
   * @param ttl how long the grant lasts; capped by the rule's {@code ttl}
   * @throws IllegalArgumentException when no such request is pending, or the approver may not approve it
   */
  public String approve(String requestId, String approver, Set<String> approverGroups, Duration ttl) {
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(approverGroups, "approverGroups");
    Objects.requireNonNull(ttl, "ttl");
    PendingApproval request = pending.get(requestId);
    if (request == null) {
      throw new IllegalArgumentException("no pending approval request " + requestId);
    }
    Decision.NeedsApproval decision = request.decision();
    boolean allowed = decision.approvers().contains(approver)
        || approverGroups.stream().anyMatch(decision.approvers()::contains);
    if (!allowed) {
      throw new IllegalArgumentException(approver + " may not approve " + requestId
          + ": the rule names approvers " + decision.approvers());
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
    }
    Duration lifetime = ttl.compareTo(decision.grantTtl()) > 0 ? decision.grantTtl() : ttl;
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .jwtID(Ids.next("grant_"))
        .subject(request.workload())
        .claim(CLAIM_REQUEST, requestId)
        .claim(CLAIM_APPROVER, approver)
        .claim(CLAIM_SINGLE_USE, decision.singleUse())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign the approval grant: " + e.getMessage(), e);
    }
    String grant = jwt.serialize();
    grants.put(requestId, grant);
    pending.remove(requestId);
    return grant;
  }

  /**
   * Takes a grant signed elsewhere with the same key.
   *
   * @throws IllegalArgumentException when the grant is malformed, forged, expired or spent
   */
  public void accept(String grant) {
    Objects.requireNonNull(grant, "grant");
    String requestId;
    try {
      requestId = SignedJWT.parse(grant).getJWTClaimsSet().getStringClaim(CLAIM_REQUEST);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the approval grant is not a signed JWT: " + e.getMessage(), e);
    }
    if (requestId == null) {
      throw new IllegalArgumentException("the approval grant names no request");
    }
    String refusal = verify(grant, requestId, false);
    if (refusal != null) {
      throw new IllegalArgumentException("the approval grant was rejected: " + refusal);
    }
    grants.put(requestId, grant);
    pending.remove(requestId);
  }

  /**
   * Returns why the grant does not hold for {@code requestId}, or null when it holds. With
   * {@code use}, a single-use grant that holds is spent (atomically: of two racing calls, one wins).
   */
  private @Nullable String verify(String grant, String requestId, boolean use) {
    JWTClaimsSet claims;
    try {
      SignedJWT jwt = SignedJWT.parse(grant);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return "its signature does not verify";
      }
      claims = jwt.getJWTClaimsSet();
      if (!requestId.equals(claims.getStringClaim(CLAIM_REQUEST))) {
        return "it was granted for another request";
      }
      Date exp = claims.getExpirationTime();
      if (exp == null || !clock.instant().isBefore(exp.toInstant())) {
        return "it expired";
      }
      boolean singleUse = Boolean.TRUE.equals(claims.getBooleanClaim(CLAIM_SINGLE_USE));
      if (singleUse && (use ? !spent.add(claims.getJWTID()) : spent.contains(claims.getJWTID()))) {
        return "it was single-use and has been used";
      }
      return null;
    } catch (ParseException | JOSEException e) {
      return "it is malformed: " + e.getMessage();
    }
  }

  private static String approverOf(String grant) {
    try {
      return String.valueOf(SignedJWT.parse(grant).getJWTClaimsSet().getStringClaim(CLAIM_APPROVER));
    } catch (ParseException e) {
      return "an unreadable grant";
    }
  }

  private ApprovalStatus remember(ApprovalRequest request, String requestId, @Nullable String refusal) {
    if (pending.size() < MAX_PENDING || pending.containsKey(requestId)) {
      pending.putIfAbsent(requestId, new PendingApproval(requestId, request.identity().workload().id(),
          describe(request.call()), request.decision(), clock.instant()));
    }
    return ApprovalStatus.pending(requestId, refusal == null
        ? "waiting for approval by one of " + request.decision().approvers()
        : "the grant no longer holds: " + refusal);
  }

  /** The request id of a call: the same call asked again gets the same id. */
  static String requestId(ApprovalRequest request) {
    return "apr_" + RequestFingerprint.of(request);
  }

  private static String describe(VectorCall call) {
    return call.backend().id() + ' ' + call.operation().id()
        + (call.collections().isEmpty() ? "" : " on " + call.collections());
  }

  /**
   * A call waiting for approval.
   *
   * @param requestId the id refusals name
   * @param workload who asked
   * @param call what was asked, in one line
   * @param decision the rule's approval requirements
   * @param requestedAt when it was first asked
   */
  public record PendingApproval(String requestId, String workload, String call, Decision.NeedsApproval decision,
      Instant requestedAt) {}
}
