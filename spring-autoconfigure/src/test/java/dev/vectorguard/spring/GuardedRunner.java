package dev.vectorguard.spring;

import dev.vectorguard.testing.InMemoryAuditSink;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A context runner with the guard (workload rag, policy docs-read, a static token, an in-memory audit sink). */
final class GuardedRunner {
  static final String TOKEN = "vg-static-token";

  private GuardedRunner() {}

  static ApplicationContextRunner with(Class<?>... autoConfigurations) {
    Class<?>[] all = new Class<?>[autoConfigurations.length + 1];
    all[0] = VectorGuardAutoConfiguration.class;
    System.arraycopy(autoConfigurations, 0, all, 1, autoConfigurations.length);
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(all))
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.policy.location=classpath:policies/docs-read.yaml",
            "vectorguard.token.type=static", "vectorguard.token.static.value=" + TOKEN)
        .withBean(InMemoryAuditSink.class, InMemoryAuditSink::new);
  }
}
