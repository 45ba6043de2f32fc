package dev.vectorguard.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds responses back while closed, so tests can cancel calls or let deadlines pass while the
 * server is "working", without sleeping. Thread-safe.
 */
final class ResponseGate {
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;

  synchronized void hold() {
    holding = true;
  }

  /** Sends every held response (to calls still open) and stops holding. */
  void release() {
    List<Runnable> pending;
    synchronized (this) {
      holding = false;
      pending = List.copyOf(held);
      held.clear();
    }
    for (Runnable r : pending) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // The call was cancelled meanwhile: nobody is listening any more.
      }
    }
  }

  synchronized int heldCount() {
    return held.size();
  }

  void run(Runnable response) {
    synchronized (this) {
      if (holding) {
        held.add(response);
        return;
      }
    }
    response.run();
  }
}
