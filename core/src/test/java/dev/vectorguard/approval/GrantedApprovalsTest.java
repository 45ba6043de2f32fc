package dev.vectorguard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.Workload;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrantedApprovalsTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final GrantedApprovals approvals = GrantedApprovals.create(KEY, clock);

  @Test
  void aCallNeedingApprovalIsPendingUntilAnApproverGrantsIt() {
    ApprovalStatus first = approvals.check(deleteRequest("docs", true));

    assertThat(first.granted()).isFalse();
    assertThat(first.approvalId()).startsWith("apr_");
    assertThat(first.reason()).isEqualTo("waiting for approval by one of [group:dba]");
    assertThat(approvals.pending()).singleElement()
        .satisfies(p -> assertThat(p.call()).isEqualTo("qdrant delete on [docs]"));

    approvals.approve(first.approvalId(), "user:bob", Set.of("group:dba"), Duration.ofMinutes(5));

    ApprovalStatus second = approvals.check(deleteRequest("docs", true));
    assertThat(second.granted()).isTrue();
    assertThat(second.approvalId()).isEqualTo(first.approvalId());
    assertThat(second.reason()).isEqualTo("granted by user:bob");
    assertThat(approvals.pending()).isEmpty();
  }

  @Test
  void aSingleUseGrantIsSpentByItsFirstCall() {
    String id = approvals.check(deleteRequest("docs", true)).approvalId();
    approvals.approve(id, "user:bob", Set.of("group:dba"), Duration.ofMinutes(5));

    assertThat(approvals.check(deleteRequest("docs", true)).granted()).isTrue();
    ApprovalStatus again = approvals.check(deleteRequest("docs", true));

    assertThat(again.granted()).isFalse();
    assertThat(again.reason()).isEqualTo("the grant no longer holds: it was single-use and has been used");
  }

  @Test
  void ofManyRacingCallsExactlyOneSpendsASingleUseGrant() throws Exception {
    String id = approvals.check(deleteRequest("docs", true)).approvalId();
    approvals.approve(id, "user:bob", Set.of("group:dba"), Duration.ofMinutes(5));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
    for (int i = 0; i < 32; i++) {
      results.add(pool.submit(() -> {
        go.await();
        return approvals.check(deleteRequest("docs", true)).granted();
      }));
    }
    go.countDown();
    int granted = 0;
    for (java.util.concurrent.Future<Boolean> result : results) {
      granted += result.get() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(granted).isEqualTo(1);
  }

  @Test
  void aReusableGrantHoldsUntilItsTtlWhichTheRuleCaps() {
    String id = approvals.check(deleteRequest("docs", false)).approvalId();
    approvals.approve(id, "user:bob", Set.of("group:dba"), Duration.ofHours(5));

    assertThat(approvals.check(deleteRequest("docs", false)).granted()).isTrue();
    clock.advance(Duration.ofMinutes(14));
    assertThat(approvals.check(deleteRequest("docs", false)).granted()).isTrue();
    clock.advance(Duration.ofMinutes(1));
    ApprovalStatus expired = approvals.check(deleteRequest("docs", false));
    assertThat(expired.granted()).isFalse();
    assertThat(expired.reason()).isEqualTo("the grant no longer holds: it expired");
  }

  @Test
  void aGrantCoversExactlyTheCallItWasAskedFor() {
    String id = approvals.check(deleteRequest("docs", true)).approvalId();
    approvals.approve(id, "user:bob", Set.of("group:dba"), Duration.ofMinutes(5));

    ApprovalStatus other = approvals.check(deleteRequest("docs-archive", true));

    assertThat(other.granted()).isFalse();
    assertThat(other.approvalId()).isNotEqualTo(id);
  }

  @Test
  void aGrantDoesNotCoverTheSameOperationAskingForMore() {
    ApprovalRequest approved = readRequest(dev.vectorguard.RequestFacts.builder().limit(5).build());
    String id = approvals.check(approved).approvalId();
    approvals.approve(id, "user:bob", Set.of("group:dba"), Duration.ofMinutes(5));
    assertThat(approvals.check(readRequest(dev.vectorguard.RequestFacts.builder().limit(5).build())).granted())
        .as("the same call again").isTrue();

    assertThat(approvals.check(readRequest(dev.vectorguard.RequestFacts.builder().limit(10_000).build())).granted())
        .as("a larger limit").isFalse();
    assertThat(approvals.check(readRequest(dev.vectorguard.RequestFacts.builder().limit(5).vectorsRequested(true)
        .build())).granted()).as("raw vectors too").isFalse();
    assertThat(approvals.check(readRequest(dev.vectorguard.RequestFacts.builder().limit(5)
        .outputFields(List.of("salary")).build())).granted()).as("other output fields").isFalse();
    assertThat(approvals.check(readRequest(dev.vectorguard.RequestFacts.builder().limit(5).filterPresent(true)
        .filterFields(List.of("team")).build())).granted()).as("a filter").isFalse();
  }

  @Test
  void onlyTheRulesApproversMayApprove() {
    String id = approvals.check(deleteRequest("docs", true)).approvalId();

    assertThatThrownBy(() -> approvals.approve(id, "user:mallory", Set.of("group:dev"), Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user:mallory may not approve " + id + ": the rule names approvers [group:dba]");
    assertThat(approvals.check(deleteRequest("docs", true)).granted()).isFalse();
  }

  @Test
  void unknownRequestsCannotBeApproved() {
    assertThatThrownBy(() -> approvals.approve("apr_nope", "user:bob", Set.of("group:dba"), Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no pending approval request apr_nope");
  }

  @Test
  void forgedAndAlgNoneGrantsAreRejected() throws Exception {
    String id = approvals.check(deleteRequest("docs", true)).approvalId();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID("grant_x").claim("vg_req", id)
        .claim("vg_approver", "user:eve").expirationTime(Date.from(clock.instant().plusSeconds(600))).build();
    SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    forged.sign(new MACSigner("another-key-another-key-another-key!".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> approvals.accept(forged.serialize()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the approval grant was rejected: its signature does not verify");

    String unsigned = new com.nimbusds.jwt.PlainJWT(claims).serialize();
    assertThatThrownBy(() -> approvals.accept(unsigned))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the approval grant is not a signed JWT");
    assertThat(approvals.check(deleteRequest("docs", true)).granted()).isFalse();
  }

  @Test
  void aGrantSignedWithTheSameKeyElsewhereIsAccepted() {
    GrantedApprovals approverSide = GrantedApprovals.create(KEY, clock);
    String id = approverSide.check(deleteRequest("docs", true)).approvalId();
    String grant = approverSide.approve(id, "user:bob", Set.of("group:dba"), Duration.ofMinutes(5));

    approvals.accept(grant);

    assertThat(approvals.check(deleteRequest("docs", true)).granted()).isTrue();
  }

  @Test
  void shortKeysAreRefused() {
    assertThatThrownBy(() -> GrantedApprovals.create(new byte[16], clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the approval signing key must be at least 32 bytes, but was 16");
  }

  private static ApprovalRequest deleteRequest(String collection, boolean singleUse) {
    Identity identity = Identity.of(Workload.configured("spiffe://acme.io/ns/prod/sa/ops-janitor"),
        Actor.builder().user("carol").build());
    VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.DELETE).collection(collection).build();
    Decision.NeedsApproval decision = new Decision.NeedsApproval(Obligations.NONE, List.of("ops-writes-need-approval"),
        "ops writes need a DBA", "sha256:test", List.of("group:dba"), Duration.ofMinutes(15), singleUse);
    return new ApprovalRequest(identity, call, decision);
  }

  private static ApprovalRequest readRequest(dev.vectorguard.RequestFacts facts) {
    Identity identity = Identity.of(Workload.configured("spiffe://acme.io/ns/prod/sa/hr-report"));
    VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.SCROLL).collection("hr-salaries").facts(facts)
        .build();
    Decision.NeedsApproval decision = new Decision.NeedsApproval(Obligations.NONE, List.of("hr-reads-need-approval"),
        "hr reads need a DBA", "sha256:test", List.of("group:dba"), Duration.ofMinutes(15), false);
    return new ApprovalRequest(identity, call, decision);
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
