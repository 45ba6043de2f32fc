package dev.vectorguard.spring;

import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyError;
import dev.vectorguard.policy.PolicyListener;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.policy.ReloadingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Loads the policy named by {@code vectorguard.policy.*}; every failure says what to change. */
final class PolicyResources {
  private PolicyResources() {}

  /**
   * The policy at {@code vectorguard.policy.location}; a {@link ReloadingPolicy} polled on
   * {@code scheduler} when {@code vectorguard.policy.reload} is set.
   */
  static Policy load(VectorGuardProperties.PolicyProperties properties, ResourceLoader loader,
      @Nullable ScheduledExecutorService scheduler, PolicyListener listener) {
    String location = properties.getLocation();
    if (location == null || location.isBlank()) {
      throw new VectorGuardConfigurationException("Vectorguard is enabled but no policy is configured.",
          "Set vectorguard.policy.location to the policy file (such as classpath:vectorguard-policy.yaml"
              + " or file:/etc/vectorguard/policy.yaml), or set vectorguard.enabled=false.");
    }
    Resource resource = hasPrefix(location) ? loader.getResource(location) : new FileSystemResource(location);
    if (!resource.exists()) {
      throw new VectorGuardConfigurationException("Vectorguard's policy " + location + " does not exist.",
          "Create the policy file or point vectorguard.policy.location at an existing one.");
    }
    if (properties.isReload()) {
      return reloading(location, resource, properties, scheduler, listener);
    }
    String text;
    try (InputStream in = resource.getInputStream()) {
      // one byte over the limit is enough for the loader to reject the file by its size
      text = new String(in.readNBytes(PolicyLoader.MAX_SIZE + 1), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VectorGuardConfigurationException("Vectorguard's policy " + location + " could not be read: " + e,
          List.of(), "Make the policy file readable by the application.", e);
    }
    try {
      CompiledPolicy policy = PolicyLoader.parse(text, location);
      listener.loaded(policy.version(), policy.ruleCount());
      return policy;
    } catch (PolicyValidationException e) {
      listener.rejected(location, e.errors());
      throw invalid(location, e);
    }
  }

  private static Policy reloading(String location, Resource resource, VectorGuardProperties.PolicyProperties properties,
      @Nullable ScheduledExecutorService scheduler, PolicyListener listener) {
    Path file;
    try {
      file = resource.getFile().toPath();
    } catch (IOException e) {
      throw new VectorGuardConfigurationException("Vectorguard's policy " + location
          + " cannot be reloaded: it is not a file on the file system.",
          "Point vectorguard.policy.location at a file (file:/etc/vectorguard/policy.yaml), or set"
              + " vectorguard.policy.reload=false.");
    }
    try {
      ReloadingPolicy policy = ReloadingPolicy.load(file, listener);
      return scheduler == null ? policy : policy.pollEvery(properties.getReloadInterval(), scheduler);
    } catch (PolicyValidationException e) {
      throw invalid(location, e);
    } catch (IOException e) {
      throw new VectorGuardConfigurationException("Vectorguard's policy " + location + " could not be read: " + e,
          List.of(), "Make the policy file readable by the application.", e);
    } catch (IllegalArgumentException e) {
      throw new VectorGuardConfigurationException("vectorguard.policy.reload-interval is not usable: "
          + e.getMessage(), "Set vectorguard.policy.reload-interval to a positive duration such as 5s.");
    }
  }

  private static VectorGuardConfigurationException invalid(String location, PolicyValidationException e) {
    List<String> problems = e.errors().stream().map(PolicyError::toString).toList();
    return new VectorGuardConfigurationException("Vectorguard's policy " + location + " is invalid ("
        + problems.size() + (problems.size() == 1 ? " error):" : " errors):"), problems,
        "Fix the policy (check it with 'vectorguard policy check <file>'), or point"
            + " vectorguard.policy.location at a valid one.", e);
  }

  /** Whether {@code location} names a resource type ({@code classpath:}, {@code file:}), not a plain path. */
  private static boolean hasPrefix(String location) {
    int colon = location.indexOf(':');
    return colon > 1 && location.substring(0, colon).chars().allMatch(Character::isLetter);
  }
}
