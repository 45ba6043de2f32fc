package dev.vectorguard.internal;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.observe.CallListener;
import dev.vectorguard.observe.CallObserver;
import dev.vectorguard.observe.CallOrigin;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The guard's listeners as one, each call to them isolated: what a listener throws (or a
 * {@code null} it returns) is logged and replaced by doing nothing, so that telemetry can neither
 * refuse a call nor break one. Not public API. Immutable and thread-safe.
 */
public final class CallListeners implements CallListener {
  private static final System.Logger LOG = System.getLogger(CallListeners.class.getName());
  public static final CallListeners NONE = new CallListeners(List.of());

  private final List<CallListener> listeners;

  private CallListeners(List<CallListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** These listeners followed by {@code listener}. */
  public CallListeners and(CallListener listener) {
    List<CallListener> all = new ArrayList<>(listeners);
    all.add(listener);
    return new CallListeners(all);
  }

  @Override
  public CallObserver starting(VectorCall call) {
    if (listeners.isEmpty()) {
      return CallObserver.NONE;
    }
    List<CallObserver> observers = new ArrayList<>(listeners.size());
    for (CallListener listener : listeners) {
      CallObserver observer = isolated(listener, "starting", () -> listener.starting(call));
      if (observer != null && observer != CallObserver.NONE) {
        observers.add(observer);
      }
    }
    return observers.isEmpty() ? CallObserver.NONE : new Observers(observers);
  }

  @Override
  public void unclassified(String endpoint, GuardFailureException refusal) {
    for (CallListener listener : listeners) {
      isolatedRun(listener, "unclassified", () -> listener.unclassified(endpoint, refusal));
    }
  }

  @Override
  public CallOrigin captureOrigin(@Nullable String serverAddress, int serverPort) {
    if (listeners.isEmpty()) {
      return CallOrigin.NONE;
    }
    List<CallOrigin> origins = new ArrayList<>(listeners.size());
    for (CallListener listener : listeners) {
      CallOrigin origin = isolated(listener, "captureOrigin", () -> listener.captureOrigin(serverAddress, serverPort));
      if (origin != null && origin != CallOrigin.NONE) {
        origins.add(origin);
      }
    }
    return origins.isEmpty() ? CallOrigin.NONE : () -> restoreAll(origins);
  }

  private static CallOrigin.Restored restoreAll(List<CallOrigin> origins) {
    List<CallOrigin.Restored> restored = new ArrayList<>(origins.size());
    for (CallOrigin origin : origins) {
      CallOrigin.Restored scope = isolated(origin, "restore", origin::restore);
      if (scope != null) {
        restored.add(scope);
      }
    }
    return () -> {
      // Closed innermost first, as nested scopes are.
      for (int i = restored.size() - 1; i >= 0; i--) {
        CallOrigin.Restored scope = restored.get(i);
        isolatedRun(scope, "close", scope::close);
      }
    };
  }

  private static void isolatedRun(Object target, String method, Runnable action) {
    isolated(target, method, () -> {
      action.run();
      return null;
    });
  }

  private static <T> @Nullable T isolated(Object target, String method, Supplier<@Nullable T> action) {
    try {
      return action.get();
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "Vectorguard call listener " + target.getClass().getName() + " failed in "
          + method + ": " + e);
      return null;
    }
  }

  /** The observers of one call. */
  private record Observers(List<CallObserver> observers) implements CallObserver {
    @Override
    public void admitted(GuardedCall call) {
      each("admitted", observer -> observer.admitted(call));
    }

    @Override
    public void refused(VectorGuardException refusal) {
      each("refused", observer -> observer.refused(refusal));
    }

    @Override
    public void completed(GuardedCall call, CallOutcome outcome) {
      each("completed", observer -> observer.completed(call, outcome));
    }

    private void each(String method, Consumer<CallObserver> action) {
      for (CallObserver observer : observers) {
        isolatedRun(observer, method, () -> action.accept(observer));
      }
    }
  }
}
