package dev.vectorguard.spring.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.approval.ApprovalService;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.testing.ApprovalStoreSuite;
import java.security.Principal;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Approvals wired from {@code vectorguard.approvals.*}, and decided through the actuator endpoint by role. */
class VectorGuardApprovalsTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardApprovalsAutoConfiguration.class,
          VectorGuardAutoConfiguration.class, VectorGuardApprovalsEndpointAutoConfiguration.class))
      .withUserConfiguration(PolicyConfig.class)
      .withPropertyValues("vectorguard.workload.id=spiffe://acme.io/sa/ops", "vectorguard.audit.sink=none",
          "management.endpoints.web.exposure.include=vectorguardapprovals");

  @Configuration(proxyBeanMethods = false)
  static class PolicyConfig {
    @Bean
    Policy policy() throws Exception {
      return PolicyLoader.parse(ApprovalStoreSuite.POLICY, "approvals.yaml");
    }
  }

  /** A request's security context as Spring Security fills it: a principal and its roles. */
  private record Caller(String name, Set<String> roles) implements SecurityContext {
    @Override
    public Principal getPrincipal() {
      return name == null ? null : () -> name;
    }

    @Override
    public boolean isUserInRole(String role) {
      return roles.contains(role);
    }
  }

  private static final Caller BOB = new Caller("bob", Set.of(VectorGuardApprovalsEndpoint.APPROVER_ROLE,
      "VECTORGUARD_GROUP_DBA"));

  @Test
  void anInMemoryStoreBacksTheGuardAndTheEndpointDecidesAsTheAuthenticatedApprover() {
    runner.withPropertyValues("vectorguard.approvals.store=memory").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Approvals.class).hasSingleBean(ApprovalService.class);
      VectorGuard guard = context.getBean(VectorGuard.class);
      String id = catchThrowableOfType(CallRefusedException.class,
          () -> guard.begin(ApprovalStoreSuite.call(Operation.DELETE), ApprovalStoreSuite.ALICE)).approvalId();
      VectorGuardApprovalsEndpoint endpoint = context.getBean(VectorGuardApprovalsEndpoint.class);

      assertThat(endpoint.list(null, new Caller("vera", Set.of(VectorGuardApprovalsEndpoint.VIEWER_ROLE))))
          .extracting(VectorGuardApprovalsEndpoint.ApprovalView::id).containsExactly(id);
      assertThatThrownBy(() -> endpoint.decide(id, "approve", "ok", null,
          new Caller("vera", Set.of(VectorGuardApprovalsEndpoint.VIEWER_ROLE))))
          .isInstanceOf(InvalidEndpointRequestException.class).hasMessage("vera needs the role VECTORGUARD_APPROVER");
      assertThatThrownBy(() -> endpoint.decide(id, "approve", "ok", null,
          new Caller("carl", Set.of(VectorGuardApprovalsEndpoint.APPROVER_ROLE))))
          .hasMessage("user:carl may not approve " + id + ": the rule names approvers [group:dba] and user:carl holds []");
      assertThatThrownBy(() -> endpoint.decide(id, "approve", "mine", null, new Caller("alice",
          Set.of(VectorGuardApprovalsEndpoint.APPROVER_ROLE, "VECTORGUARD_GROUP_DBA"))))
          .hasMessageContaining("their own request (no self-approval)");
      assertThatThrownBy(() -> endpoint.list(null, new Caller(null, Set.of())))
          .hasMessage("approvals need an authenticated approver");

      VectorGuardApprovalsEndpoint.ApprovalView approved = endpoint.decide(id, "approve", "ticket OPS-12", "PT5M", BOB);
      assertThat(approved.state()).isEqualTo("approved");
      assertThat(approved.approvedBy()).containsExactly("user:bob");
      guard.begin(ApprovalStoreSuite.call(Operation.DELETE), ApprovalStoreSuite.ALICE)
          .complete(CallOutcome.ok("200").build());
      assertThat(endpoint.show(id, BOB).state()).isEqualTo("spent");

      String next = catchThrowableOfType(CallRefusedException.class,
          () -> guard.begin(ApprovalStoreSuite.call(Operation.DELETE), ApprovalStoreSuite.ALICE)).approvalId();
      assertThat(endpoint.decide(next, "reject", "once was enough", null, BOB).state()).isEqualTo("rejected");
      assertThat(endpoint.list("rejected,spent", BOB)).hasSize(2);
    });
  }

  @Test
  void withoutAStoreTheGuardHasNoApprovalsAndNoEndpoint() {
    runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Approvals.class)
        .doesNotHaveBean(VectorGuardApprovalsEndpoint.class));
  }

  @Test
  void misconfiguredApprovalsStopTheStartSayingWhat() {
    runner.withPropertyValues("vectorguard.approvals.store=redis://x").run(context -> assertThat(context)
        .getFailure().rootCause().hasMessageContaining("vectorguard.approvals.store is not a store Vectorguard knows."));
    runner.withPropertyValues("vectorguard.approvals.store=memory",
        "vectorguard.approvals.webhook.url=https://hooks.acme.io/vg").run(context -> assertThat(context)
        .getFailure().rootCause().hasMessageContaining("The approval webhook has no signing secret."));
    runner.withPropertyValues("vectorguard.approvals.store=jdbc:postgresql://127.0.0.1:1/none").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining(
            "Vectorguard could not open its approval store: the approval store could not create or migrate"));
  }
}
