package dev.vectorguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.policy.PolicyListener;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.policy.ReloadingPolicy;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy whose masks the guard's masking engine cannot apply is refused when the guard is
 * built, or when a reload brings it, rather than at the first call it would have failed.
 */
class GuardBuildChecksTest {
  private static final String WORKLOAD = "spiffe://acme.io/ns/prod/sa/rag";
  private static final byte[] HASH_KEY = "a-hash-key-of-32-bytes-for-tests".getBytes(StandardCharsets.UTF_8);
  private static final String REDACTING = """
      version: 1
      rules:
        - id: reads-people
          collections: [people]
          actions: [read]
          effect: allow
          obligations:
            mask: [ { field: email, with: redact } ]
      """;
  private static final String HASHING = REDACTING.replace("{ field: email, with: redact } ]",
      "{ field: email, with: redact }, { field: customer.ssn, with: hash } ]");

  @TempDir Path dir;
  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final TestClock clock = new TestClock();

  private static VectorGuard.Builder builder(dev.vectorguard.policy.Policy policy) {
    return VectorGuard.builder(policy).workload(Workload.configured(WORKLOAD));
  }

  @Test
  void aHashMaskWithoutAHashKeyIsRefusedWhenTheGuardIsBuilt() throws Exception {
    IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
        () -> builder(PolicyLoader.parse(HASHING, "people.yaml")).build());

    assertThat(e).hasMessageEndingWith(":\npeople.yaml:3:5: rule 'reads-people': mask field 'customer.ssn' uses hash,"
        + " but no hash key is configured (MaskSettings.builder().hashKey(...))");
    assertThat(e.getCause()).isInstanceOfSatisfying(PolicyValidationException.class,
        v -> assertThat(v.errors()).singleElement()
            .satisfies(error -> assertThat(error.ruleId()).isEqualTo("reads-people")));
    assertThat(builder(PolicyLoader.parse(HASHING, "people.yaml"))
        .masking(MaskEngine.create(MaskSettings.builder().hashKey(HASH_KEY).build())).build()).isNotNull();
  }

  @Test
  void detectPiiWithoutDetectorsIsRefusedRatherThanPassingEveryValue() throws Exception {
    String policy = REDACTING.replace("{ field: email, with: redact }", "{ field: notes, with: detect-pii }");
    IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
        () -> builder(PolicyLoader.parse(policy, "notes.yaml"))
            .masking(MaskEngine.create(MaskSettings.builder().detectors(List.of()).build())).build());

    assertThat(e).hasMessageEndingWith("notes.yaml:3:5: rule 'reads-people': mask field 'notes' uses detect-pii, but no"
        + " PII detector is configured (MaskSettings.builder().detectors(...))");
  }

  @Test
  void aReloadThatBringsAHashMaskIsRejectedAndTheOldPolicyStays() throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), REDACTING);
    ReloadingPolicy policy = ReloadingPolicy.load(file, PolicyListener.auditing(audit, "policy.yaml", clock));
    VectorGuard guard = builder(policy).auditSink(audit).build();
    String inForce = policy.version();

    Files.writeString(file, HASHING);
    assertThat(policy.reloadNow()).isFalse();

    assertThat(policy.version()).isEqualTo(inForce);
    AuditEvent rejected = audit.ofType(AuditEvent.POLICY_REJECTED).get(0);
    assertThat(rejected.get(AuditFields.ERRORS)).isEqualTo(List.of(file + ":3:5: rule 'reads-people': mask field"
        + " 'customer.ssn' uses hash, but no hash key is configured (MaskSettings.builder().hashKey(...))"));
    assertThat(rejected.get(AuditFields.VERSION_IN_FORCE)).isEqualTo(inForce);
    GuardedCall call = guard.begin(VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("people")
        .endpoint("POST /collections/people/points/search").build(), null);
    assertThat(call.obligations().maskRules()).extracting(rule -> rule.action().id()).containsExactly("redact");

    Files.writeString(file, REDACTING.replace("redact", "drop"));
    assertThat(policy.reloadNow()).as("a change the guard can apply is still taken").isTrue();
  }

  @Test
  void aGuardWhosePolicyCannotBeCheckedRefusesTheCallBeforeItIsSent() {
    Obligations hashing = Obligations.builder().mask(dev.vectorguard.mask.MaskRule.of("ssn",
        dev.vectorguard.mask.MaskAction.HASH)).build();
    VectorGuard guard = builder(new VectorGuardRefusalTest.Scripted(Decision.allow(hashing, List.of("yes"),
        "allowed by rule 'yes'", "test"), dev.vectorguard.policy.PolicyMode.ENFORCE)).auditSink(audit).build();
    int[] rewrites = {0};

    GuardFailureException e = catchThrowableOfType(GuardFailureException.class, () -> guard.begin(
        VectorGuardRefusalTest.call(Operation.SEARCH, "people"), null, obligations -> ++rewrites[0]));

    assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.MASK);
    assertThat(e).hasMessage("Vectorguard refused qdrant search on [people]: its mask rules cannot be applied: mask"
        + " field 'ssn' uses hash, but no hash key is configured (MaskSettings.builder().hashKey(...))");
    assertThat(rewrites[0]).isZero();
    assertThat(audit.events()).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(AuditEvent.CALL_REFUSED);
      assertThat(event.get(AuditFields.FAILURE)).isEqualTo("mask");
    });
  }
}
