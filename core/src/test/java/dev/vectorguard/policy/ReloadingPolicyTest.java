package dev.vectorguard.policy;

import static dev.vectorguard.policy.Fixtures.RAG;
import static dev.vectorguard.policy.Fixtures.call;
import static dev.vectorguard.policy.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.Effect;
import dev.vectorguard.Operation;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingPolicyTest {
  private static final String ALLOW_DOCS = "version: 1\nrules:\n  - { id: docs, collections: [docs], effect: allow }\n";
  private static final String ALLOW_KB = "version: 1\nrules:\n  - { id: kb, collections: [kb], effect: allow }\n"
      + "  - { id: other, collections: [other], effect: allow }\n";

  @TempDir
  Path dir;

  private final List<String> heard = new ArrayList<>();
  private final PolicyListener listener = new PolicyListener() {
    @Override
    public void loaded(String version, int ruleCount) {
      heard.add("loaded " + version + " " + ruleCount);
    }

    @Override
    public void rejected(String source, List<PolicyError> errors) {
      heard.add("rejected " + errors.stream().map(PolicyError::toString).toList());
    }
  };

  private Path write(String text) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void theInitialPolicyMustBeValidAndIsAnnounced() throws Exception {
    Path file = write(ALLOW_DOCS);
    ReloadingPolicy policy = ReloadingPolicy.load(file, listener);
    assertThat(policy.version()).isEqualTo(PolicyLoader.version(ALLOW_DOCS));
    assertThat(heard).containsExactly("loaded " + policy.version() + " 1");

    write("version: 1\nrules:\n  - { id: a, effect: maybe }\n");
    heard.clear();
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class,
        () -> ReloadingPolicy.load(file, listener));
    assertThat(e.getMessage()).isEqualTo(file + ":3:22: rule 'a': effect must be one of allow, deny, approve, "
        + "but was 'maybe'");
    assertThat(heard).containsExactly("rejected [" + e.getMessage() + "]");
  }

  @Test
  void aValidChangeIsSwappedIn() throws Exception {
    Path file = write(ALLOW_DOCS);
    ReloadingPolicy policy = ReloadingPolicy.load(file, listener);
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "kb")).effect()).isEqualTo(Effect.DENY);
    assertThat(policy.reloadNow()).as("unchanged").isFalse();

    write(ALLOW_KB);
    assertThat(policy.reloadNow()).isTrue();
    assertThat(policy.version()).isEqualTo(PolicyLoader.version(ALLOW_KB));
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "kb")).effect()).isEqualTo(Effect.ALLOW);
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "kb")).policyVersion())
        .isEqualTo(policy.version());
    assertThat(policy.explain(workload(RAG), call(Operation.SEARCH, "kb")).trace()).hasSize(2);
    assertThat(heard).containsExactly("loaded " + PolicyLoader.version(ALLOW_DOCS) + " 1",
        "loaded " + PolicyLoader.version(ALLOW_KB) + " 2");
  }

  @Test
  void anInvalidChangeKeepsTheOldPolicyAndIsReportedOnce() throws Exception {
    Path file = write(ALLOW_DOCS);
    ReloadingPolicy policy = ReloadingPolicy.load(file, listener);
    CompiledPolicy before = policy.current();
    write("version: 1\nrules:\n  - { id: docs, collections: [], effect: allow }\n");
    assertThat(policy.reloadNow()).isFalse();
    assertThat(policy.reloadNow()).isFalse();
    assertThat(policy.current()).isSameAs(before);
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "docs")).effect()).isEqualTo(Effect.ALLOW);
    assertThat(heard).containsExactly("loaded " + before.version() + " 1",
        "rejected [" + file + ":3:17: rule 'docs': collections must not be empty: omit the key to match every "
            + "call, or list collections globs]");

    write(ALLOW_KB);
    assertThat(policy.reloadNow()).isTrue();
    assertThat(heard).hasSize(3).last().asString().startsWith("loaded ");
  }

  @Test
  void anUnreadableFileKeepsTheOldPolicy() throws Exception {
    Path file = write(ALLOW_DOCS);
    ReloadingPolicy policy = ReloadingPolicy.load(file, listener);
    Files.delete(file);
    assertThat(policy.reloadNow()).isFalse();
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "docs")).effect()).isEqualTo(Effect.ALLOW);
    assertThat(heard).hasSize(2);
    assertThat(heard.get(1)).startsWith("rejected [" + file + ": cannot read the policy file: "
        + "java.nio.file.NoSuchFileException");
  }

  @Test
  void theAuditingListenerWritesPolicyEvents() throws Exception {
    Path file = write(ALLOW_DOCS);
    InMemoryAuditSink sink = new InMemoryAuditSink();
    Clock clock = Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC);
    ReloadingPolicy policy = ReloadingPolicy.load(file, PolicyListener.auditing(sink, "policy.yaml", clock));
    write("version: 1\nrules:\n  - { id: a, effect: maybe }\n");
    policy.reloadNow();
    List<AuditEvent> events = sink.events();
    assertThat(events).extracting(AuditEvent::type).containsExactly(AuditEvent.POLICY_LOADED, AuditEvent.POLICY_REJECTED);
    assertThat(events.get(0).data()).containsEntry("source", "policy.yaml").containsEntry("version", policy.version())
        .containsEntry("rules", 1);
    assertThat(events.get(1).get("version_in_force")).isEqualTo(policy.version());
    assertThat(events.get(1).get("errors")).isEqualTo(List.of(file + ":3:22: rule 'a': effect must be one of allow, "
        + "deny, approve, but was 'maybe'"));
    assertThat(events.get(1).timestamp()).isEqualTo(clock.instant());
  }

  @Test
  void everyDecisionDuringReloadsComesWhollyFromOneVersion() throws Exception {
    String denyDocs = "version: 1\nrules:\n  - { id: no-docs, collections: [docs], effect: deny }\n";
    Path file = write(ALLOW_DOCS);
    ReloadingPolicy policy = ReloadingPolicy.load(file, PolicyListener.none());
    String allowVersion = PolicyLoader.version(ALLOW_DOCS);
    String denyVersion = PolicyLoader.version(denyDocs);
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.ConcurrentLinkedQueue<String> torn = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicLong decisions = new java.util.concurrent.atomic.AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread reader = new Thread(() -> {
        while (!done.get()) {
          dev.vectorguard.Decision d = policy.decide(workload(RAG), call(Operation.SEARCH, "docs"));
          String expected = d.effect() == Effect.ALLOW ? allowVersion : denyVersion;
          if (!d.policyVersion().equals(expected)) {
            torn.add(d.toString());
          }
          decisions.incrementAndGet();
        }
      });
      reader.start();
      readers.add(reader);
    }
    for (int i = 0; i < 40; i++) {
      write(i % 2 == 0 ? denyDocs : ALLOW_DOCS);
      assertThat(policy.reloadNow()).isTrue();
    }
    done.set(true);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(torn).isEmpty();
    assertThat(decisions.get()).isPositive();
    assertThat(policy.version()).isEqualTo(allowVersion);
  }

  @Test
  void anOversizedFileIsRejectedWithoutBeingRead() throws Exception {
    Path file = write(ALLOW_DOCS);
    ReloadingPolicy policy = ReloadingPolicy.load(file, listener);
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(PolicyLoader.MAX_SIZE + 1L);
    }
    assertThat(policy.reloadNow()).isFalse();
    assertThat(heard.get(1)).isEqualTo("rejected [" + file + ": the policy is larger than 4194304 bytes]");
    assertThat(policy.version()).isEqualTo(PolicyLoader.version(ALLOW_DOCS));
  }

  @Test
  void aThrowingListenerCannotBreakAReload() throws Exception {
    Path file = write(ALLOW_DOCS);
    PolicyListener throwing = new PolicyListener() {
      @Override
      public void loaded(String version, int ruleCount) {
        throw new IllegalStateException("listener bug");
      }
    };
    ReloadingPolicy policy = ReloadingPolicy.load(file, throwing);
    write(ALLOW_KB);
    assertThat(policy.reloadNow()).isTrue();
    assertThat(policy.version()).isEqualTo(PolicyLoader.version(ALLOW_KB));
  }

  @Test
  void pollingRunsReloadsOnTheGivenExecutorUntilClosed() throws Exception {
    Path file = write(ALLOW_DOCS);
    List<Runnable> scheduled = new ArrayList<>();
    List<Long> delays = new ArrayList<>();
    AtomicBoolean cancelled = new AtomicBoolean();
    ScheduledFuture<?> future = (ScheduledFuture<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ScheduledFuture.class}, (proxy, method, args) -> {
          if (method.getName().equals("cancel")) {
            cancelled.set(true);
            return true;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    ScheduledExecutorService executor = (ScheduledExecutorService) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ScheduledExecutorService.class}, (proxy, method, args) -> {
          if (method.getName().equals("scheduleWithFixedDelay")) {
            scheduled.add((Runnable) args[0]);
            delays.add((Long) args[2]);
            assertThat(args[3]).isEqualTo(TimeUnit.MILLISECONDS);
            return future;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    ReloadingPolicy policy = ReloadingPolicy.load(file, listener).pollEvery(Duration.ofSeconds(2), executor);
    assertThat(delays).containsExactly(2000L);
    assertThatThrownBy(() -> policy.pollEvery(Duration.ofSeconds(2), executor))
        .isInstanceOf(IllegalStateException.class).hasMessage("already polling " + file);

    write(ALLOW_KB);
    scheduled.get(0).run();
    assertThat(policy.version()).isEqualTo(PolicyLoader.version(ALLOW_KB));

    policy.close();
    assertThat(cancelled).isTrue();
    assertThatThrownBy(() -> ReloadingPolicy.load(file, listener).pollEvery(Duration.ZERO, executor))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("interval must be positive, but was PT0S");
  }
}
