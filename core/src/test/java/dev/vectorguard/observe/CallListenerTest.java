package dev.vectorguard.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a call listener sees of admitted, refused and unclassified calls, and that it cannot break them. */
class CallListenerTest {
  private static final String POLICY = """
      version: 1
      rules:
        - id: reads
          collections: [docs]
          actions: [read]
          effect: allow
      """;

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private VectorGuard guard(CallListener... listeners) throws Exception {
    VectorGuard.Builder builder = VectorGuard.builder(PolicyLoader.parse(POLICY, "listener.yaml"))
        .workload(Workload.configured("spiffe://acme.io/ns/prod/sa/rag")).auditSink(audit);
    for (CallListener listener : listeners) {
      builder.listener(listener);
    }
    return builder.build();
  }

  private CallListener recording(String name) {
    return new CallListener() {
      @Override
      public CallObserver starting(VectorCall call) {
        seen.add(name + " starting " + call.operation().id() + " audited=" + audit.events().size());
        return new CallObserver() {
          @Override
          public void admitted(GuardedCall guarded) {
            seen.add(name + " admitted " + guarded.decision().rules() + " audited=" + audit.events().size());
          }

          @Override
          public void refused(VectorGuardException refusal) {
            seen.add(name + " refused " + refusal.callId().equals(lastCallId()) + " audited=" + audit.events().size());
          }

          @Override
          public void completed(GuardedCall guarded, CallOutcome outcome) {
            seen.add(name + " completed " + outcome.code() + " audited=" + audit.events().size());
          }
        };
      }

      @Override
      public void unclassified(String endpoint, GuardFailureException refusal) {
        seen.add(name + " unclassified " + endpoint + ' ' + refusal.failure().id());
      }
    };
  }

  private String lastCallId() {
    return audit.events().get(audit.events().size() - 1).callId();
  }

  private static VectorCall search(String collection) {
    return VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection(collection)
        .endpoint("POST /collections/" + collection + "/points/search").build();
  }

  @Test
  void anAdmittedCallIsSeenStartingBeforeItsAuditThenAdmittedAndCompletedAfterEach() throws Exception {
    VectorGuard guard = guard(recording("a"));
    GuardedCall call = guard.begin(search("docs"), null);
    call.complete(CallOutcome.ok("200").build());
    call.complete(CallOutcome.ok("500").build());

    assertThat(seen).containsExactly("a starting search audited=0", "a admitted [reads] audited=1",
        "a completed 200 audited=2");
  }

  @Test
  void aRefusedCallIsSeenOnceWithTheRefusalTheCallerGets() throws Exception {
    VectorGuard guard = guard(recording("a"));
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard.begin(search("hr"), null));

    assertThat(refused).isNotNull();
    assertThat(seen).containsExactly("a starting search audited=0", "a refused true audited=1");
  }

  @Test
  void aRequestTheAdapterCouldNotClassifyIsSeenAsUnclassified() throws Exception {
    VectorGuard guard = guard(recording("a"));
    guard.refuse(GuardFailureException.Cause.CLASSIFY, "GET /nowhere", null, "no dialect", null);

    assertThat(seen).containsExactly("a unclassified GET /nowhere classify");
  }

  @Test
  void aListenerThatThrowsNeitherRefusesNorBreaksTheCallNorTheOtherListeners() throws Exception {
    CallListener broken = new CallListener() {
      @Override
      public CallObserver starting(VectorCall call) {
        throw new IllegalStateException("boom");
      }

      @Override
      public CallOrigin captureOrigin(String serverAddress, int serverPort) {
        throw new IllegalStateException("boom");
      }
    };
    CallListener brokenObserver = call -> new CallObserver() {
      @Override
      public void admitted(GuardedCall guarded) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void completed(GuardedCall guarded, CallOutcome outcome) {
        throw new IllegalStateException("boom");
      }
    };
    VectorGuard guard = guard(broken, brokenObserver, recording("b"));

    try (CallOrigin.Restored restored = guard.captureOrigin("qdrant", 6333).restore()) {
      GuardedCall call = guard.begin(search("docs"), null);
      assertThat(call.complete(CallOutcome.ok("200").build())).isTrue();
    }

    assertThat(seen).containsExactly("b starting search audited=0", "b admitted [reads] audited=1",
        "b completed 200 audited=2");
    assertThat(audit.events()).extracting(AuditEvent::type)
        .containsExactly(AuditEvent.CALL_STARTED, AuditEvent.CALL_COMPLETED);
  }

  @Test
  void originsAreRestoredInOrderAndClosedInnermostFirst() throws Exception {
    CallListener first = originListener("first");
    CallListener second = originListener("second");
    VectorGuard guard = guard(first, second);

    CallOrigin origin = guard.captureOrigin("qdrant", 6334);
    try (CallOrigin.Restored restored = origin.restore()) {
      seen.add("inside");
    }

    assertThat(seen).containsExactly("first captured qdrant:6334", "second captured qdrant:6334",
        "first restored", "second restored", "inside", "second closed", "first closed");
  }

  @Test
  void withoutListenersNothingIsCapturedOrObserved() throws Exception {
    assertThat(guard().captureOrigin("qdrant", 6334)).isSameAs(CallOrigin.NONE);
  }

  private CallListener originListener(String name) {
    return new CallListener() {
      @Override
      public CallObserver starting(VectorCall call) {
        return CallObserver.NONE;
      }

      @Override
      public CallOrigin captureOrigin(String serverAddress, int serverPort) {
        seen.add(name + " captured " + serverAddress + ':' + serverPort);
        return () -> {
          seen.add(name + " restored");
          return () -> seen.add(name + " closed");
        };
      }
    };
  }
}
