package dev.vectorguard.spring;

import dev.vectorguard.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Loads the policy named by {@code vectorguard.policy.*}; every failure says what to change. */
final class PolicyResources {
  private PolicyResources() {}

  static Policy load(VectorGuardProperties.PolicyProperties properties, ResourceLoader loader) {
    String location = properties.getLocation();
    if (location == null || location.isBlank()) {
      throw new VectorGuardConfigurationException("Vectorguard is enabled but no policy is configured.",
          "Set vectorguard.policy.location to the policy file (such as classpath:vectorguard-policy.yaml"
              + " or file:/etc/vectorguard/policy.yaml), or set vectorguard.enabled=false.");
    }
    Resource resource = loader.getResource(location);
    if (!resource.exists()) {
      throw new VectorGuardConfigurationException("Vectorguard's policy " + location + " does not exist.",
          "Create the policy file or point vectorguard.policy.location at an existing one.");
    }
    String text;
    try (InputStream in = resource.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VectorGuardConfigurationException("Vectorguard's policy " + location + " could not be read: " + e,
          java.util.List.of(), "Make the policy file readable by the application.", e);
    }
    throw new UnsupportedOperationException("policy parsing lands with the policy loader (" + text.length() + ")");
  }
}
