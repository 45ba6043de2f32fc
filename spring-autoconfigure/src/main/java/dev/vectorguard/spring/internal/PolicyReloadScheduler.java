package dev.vectorguard.spring.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one daemon thread that polls a reloading policy file; not public API. A bean of its own so
 * that the context shuts it down, and so that no application executor is borrowed for it.
 */
public final class PolicyReloadScheduler implements AutoCloseable {
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "vectorguard-policy-reload");
    thread.setDaemon(true);
    return thread;
  });

  public ScheduledExecutorService executor() {
    return executor;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
