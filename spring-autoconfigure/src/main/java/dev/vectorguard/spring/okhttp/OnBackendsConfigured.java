package dev.vectorguard.spring.okhttp;

import dev.vectorguard.spring.VectorGuardProperties.BackendProperties;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code vectorguard.backends.*} names at least one base URL. */
class OnBackendsConfigured extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    BackendProperties backends = Binder.get(context.getEnvironment())
        .bind("vectorguard.backends", BackendProperties.class)
        .orElseGet(BackendProperties::new);
    boolean any = !backends.getQdrant().isEmpty() || !backends.getMilvus().isEmpty()
        || !backends.getChroma().isEmpty() || !backends.getPassThrough().isEmpty();
    return any
        ? ConditionOutcome.match("vectorguard.backends names base URLs: " + backends)
        : ConditionOutcome.noMatch("vectorguard.backends names no base URL");
  }
}
