package dev.vectorguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Actor scopes: nesting, closing out of order, closing twice, closing on another thread. */
class GuardContextTest {
  private final Actor alice = Actor.builder().user("alice").tenant("acme").build();
  private final Actor bob = Actor.builder().user("bob").tenant("globex").build();
  private final Actor carol = Actor.builder().user("carol").tenant("initech").build();

  @AfterEach
  void nothingLeaksToTheNextTest() {
    assertThat(GuardContext.current()).isNull();
  }

  @Test
  void nestedScopesRestoreTheirPredecessorsInOrder() {
    try (GuardContext.Scope outer = GuardContext.actAs(alice)) {
      try (GuardContext.Scope inner = GuardContext.actAs(bob)) {
        assertThat(GuardContext.current()).isEqualTo(bob);
      }
      assertThat(GuardContext.current()).isEqualTo(alice);
    }
    assertThat(GuardContext.current()).isNull();
  }

  @Test
  void closingTheOuterScopeFirstLeavesNoActorOnceBothAreClosed() {
    GuardContext.Scope outer = GuardContext.actAs(alice);
    GuardContext.Scope inner = GuardContext.actAs(bob);
    outer.close();
    assertThat(GuardContext.current()).as("the inner scope is still open").isEqualTo(bob);
    inner.close();
    assertThat(GuardContext.current()).as("a closed scope's actor must not come back").isNull();
  }

  @Test
  void closingAMiddleScopeFirstRestoresTheOutermostOpenActor() {
    GuardContext.Scope first = GuardContext.actAs(alice);
    GuardContext.Scope second = GuardContext.actAs(bob);
    GuardContext.Scope third = GuardContext.actAs(carol);
    second.close();
    assertThat(GuardContext.current()).isEqualTo(carol);
    third.close();
    assertThat(GuardContext.current()).isEqualTo(alice);
    first.close();
    assertThat(GuardContext.current()).isNull();
  }

  @Test
  void closingTwiceChangesNothing() {
    GuardContext.Scope outer = GuardContext.actAs(alice);
    GuardContext.Scope inner = GuardContext.actAs(bob);
    inner.close();
    inner.close();
    assertThat(GuardContext.current()).isEqualTo(alice);
    outer.close();
    assertThat(GuardContext.current()).isNull();
  }

  @Test
  void aScopeCannotBeClosedOnAnotherThread() throws Exception {
    try (GuardContext.Scope scope = GuardContext.actAs(alice)) {
      Throwable thrown = CompletableFuture.supplyAsync(() -> {
        try {
          scope.close();
          return null;
        } catch (IllegalStateException e) {
          return e;
        }
      }).get(5, TimeUnit.SECONDS);
      assertThat(thrown).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("a GuardContext scope must be closed on the thread that opened it");
      assertThat(GuardContext.current()).isEqualTo(alice);
    }
  }

  @Test
  void actAsRefusesNull() {
    assertThatThrownBy(() -> GuardContext.actAs(null)).isInstanceOf(NullPointerException.class).hasMessage("actor");
  }
}
