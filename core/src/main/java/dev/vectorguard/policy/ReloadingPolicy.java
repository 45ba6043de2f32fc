package dev.vectorguard.policy;

import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A policy backed by a file that is re-read and swapped in atomically when it changes. A change
 * that fails validation (or cannot be read) is rejected: the policy in force stays, and the
 * {@link PolicyListener} hears why, once per distinct bad content. So is a change that does not
 * satisfy a {@link #require requirement} of the guard using the policy, such as a {@code hash}
 * mask rule when the guard's masking has no hash key.
 *
 * <pre>{@code
 * ReloadingPolicy policy = ReloadingPolicy.load(Path.of("policy.yaml"), listener)
 *     .pollEvery(Duration.ofSeconds(5), scheduler);
 * VectorGuard guard = VectorGuard.builder(policy)...build();
 * }</pre>
 *
 * <p>Thread-safe. Each {@link #decide} reads the policy in force once, so a decision is made by
 * exactly one version, which it names. {@link #reloadNow()} checks the file at once (tests call
 * it instead of waiting for a poll). Closing stops polling; the policy keeps deciding.
 */
public final class ReloadingPolicy implements Policy, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ReloadingPolicy.class.getName());

  private final Path file;
  private final PolicyListener listener;
  private volatile CompiledPolicy current;
  private @Nullable String lastRejectedVersion;
  private @Nullable ScheduledFuture<?> polling;
  private final List<PolicyRequirement> requirements = new CopyOnWriteArrayList<>();

  private ReloadingPolicy(Path file, PolicyListener listener, CompiledPolicy initial) {
    this.file = file;
    this.listener = listener;
    this.current = initial;
  }

  /**
   * Loads {@code file}, which must be a valid policy, and tells {@code listener}.
   *
   * @throws IOException when the file cannot be read
   * @throws PolicyValidationException when it is not a valid policy (the listener hears it too)
   */
  public static ReloadingPolicy load(Path file, PolicyListener listener)
      throws IOException, PolicyValidationException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(listener, "listener");
    CompiledPolicy initial;
    try {
      initial = PolicyLoader.load(file);
    } catch (PolicyValidationException e) {
      notifyRejected(listener, file.toString(), e.errors());
      throw e;
    }
    notifyLoaded(listener, initial);
    return new ReloadingPolicy(file, listener, initial);
  }

  /**
   * Checks the file every {@code interval} on {@code executor} (which this policy does not own
   * or shut down).
   *
   * @throws IllegalArgumentException when {@code interval} is not positive
   * @throws IllegalStateException when already polling
   */
  public synchronized ReloadingPolicy pollEvery(Duration interval, ScheduledExecutorService executor) {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(executor, "executor");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, but was " + interval);
    }
    if (polling != null) {
      throw new IllegalStateException("already polling " + file);
    }
    long millis = Math.max(1, interval.toMillis());
    polling = executor.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Re-reads the file now and swaps in its policy when it changed and is valid.
   *
   * @return whether a new policy is now in force
   */
  public synchronized boolean reloadNow() {
    String text;
    try {
      long size = Files.size(file);
      if (size > PolicyLoader.MAX_SIZE) {
        reject("too-large:" + size, List.of(new PolicyError(file.toString(), 0, 0, null,
            "the policy is larger than " + PolicyLoader.MAX_SIZE + " bytes")));
        return false;
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      reject("cannot-read", List.of(new PolicyError(file.toString(), 0, 0, null,
          "cannot read the policy file: " + e)));
      return false;
    }
    String version = PolicyLoader.version(text);
    if (version.equals(current.version())) {
      lastRejectedVersion = null;
      return false;
    }
    CompiledPolicy next;
    try {
      next = PolicyLoader.parse(text, file.toString());
    } catch (PolicyValidationException e) {
      reject(version, e.errors());
      return false;
    }
    List<PolicyError> unmet = unmet(next);
    if (!unmet.isEmpty()) {
      reject(version, unmet);
      return false;
    }
    current = next;
    lastRejectedVersion = null;
    LOG.log(Level.INFO, "policy " + file + " reloaded: " + next.version() + ", " + next.ruleCount() + " rules");
    notifyLoaded(listener, next);
    return true;
  }

  /**
   * Checks {@code requirement} against the policy in force now, and against every later version
   * before it is swapped in; a version that fails is rejected like an invalid one.
   *
   * @throws PolicyValidationException when the policy in force does not satisfy it (it is then
   *     not kept as a requirement)
   */
  @Override
  public synchronized void require(PolicyRequirement requirement) throws PolicyValidationException {
    Objects.requireNonNull(requirement, "requirement");
    List<PolicyError> errors = Requirements.unmet(requirement, current);
    if (!errors.isEmpty()) {
      throw new PolicyValidationException(errors);
    }
    requirements.add(requirement);
  }

  private List<PolicyError> unmet(CompiledPolicy next) {
    List<PolicyError> errors = new ArrayList<>();
    for (PolicyRequirement requirement : requirements) {
      errors.addAll(Requirements.unmet(requirement, next));
    }
    return errors;
  }

  /** The policy in force. */
  public CompiledPolicy current() {
    return current;
  }

  @Override
  public Decision decide(Identity identity, VectorCall call) {
    return current.decide(identity, call);
  }

  /** {@link CompiledPolicy#explain} of the policy in force. */
  @Override
  public Explanation explain(Identity identity, VectorCall call) {
    return current.explain(identity, call);
  }

  @Override
  public String version() {
    return current.version();
  }

  @Override
  public PolicyMode mode() {
    return current.mode();
  }

  public Path file() {
    return file;
  }

  /** Stops polling, if started. Idempotent. */
  @Override
  public synchronized void close() {
    if (polling != null) {
      polling.cancel(false);
      polling = null;
    }
  }

  private void poll() {
    try {
      reloadNow();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again; keep polling.
      LOG.log(Level.WARNING, "reloading policy " + file + " failed", e);
    }
  }

  private void reject(String version, List<PolicyError> errors) {
    if (version.equals(lastRejectedVersion)) {
      return;
    }
    lastRejectedVersion = version;
    LOG.log(Level.WARNING, "policy " + file + " rejected; keeping " + current.version() + ":\n"
        + String.join("\n", errors.stream().map(PolicyError::toString).toList()));
    notifyRejected(listener, file.toString(), errors);
  }

  private static void notifyLoaded(PolicyListener listener, CompiledPolicy policy) {
    try {
      listener.loaded(policy.version(), policy.ruleCount());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "policy listener failed on loaded", e);
    }
  }

  private static void notifyRejected(PolicyListener listener, String source, List<PolicyError> errors) {
    try {
      listener.rejected(source, errors);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "policy listener failed on rejected", e);
    }
  }

  @Override
  public String toString() {
    return "ReloadingPolicy{" + file + ", " + current.version() + (polling == null ? "" : ", polling") + '}';
  }
}
