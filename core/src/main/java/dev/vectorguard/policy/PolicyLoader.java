package dev.vectorguard.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Loads policies from YAML or JSON: parses, validates every rule, and compiles them. An invalid
 * policy is never returned; {@link PolicyValidationException} lists every error with its file,
 * line, column and rule.
 *
 * <pre>{@code
 * CompiledPolicy policy = PolicyLoader.load(Path.of("policy.yaml"));
 * }</pre>
 *
 * <p>Thread-safe; stateless. The policy's {@link Policy#version()} is a digest of its text, so the
 * same text always has the same version.
 */
public final class PolicyLoader {
  /** The largest policy file accepted, in bytes. */
  public static final int MAX_SIZE = 4 * 1024 * 1024;

  private PolicyLoader() {}

  /**
   * Parses and compiles a policy from text. A {@code sourceName} ending in {@code .json} is read
   * as JSON, anything else as YAML.
   *
   * @param sourceName names the policy in errors and {@link CompiledPolicy#source()}
   * @throws PolicyValidationException when the text is not a valid policy
   */
  public static CompiledPolicy parse(String yaml, String sourceName) throws PolicyValidationException {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    List<PolicyError> errors = new ArrayList<>();
    if (yaml.length() > MAX_SIZE) {
      errors.add(new PolicyError(sourceName, 0, 0, null, "the policy is larger than " + MAX_SIZE + " bytes"));
      throw new PolicyValidationException(errors);
    }
    Node root = TreeReader.read(yaml, sourceName, errors);
    PolicyCompiler compiler = new PolicyCompiler(sourceName, errors);
    if (root != null) {
      compiler.compile(root);
    }
    if (!errors.isEmpty()) {
      List<PolicyError> sorted = new ArrayList<>(errors);
      sorted.sort(Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column));
      throw new PolicyValidationException(sorted);
    }
    return new CompiledPolicy(sourceName, version(yaml), compiler.mode(), compiler.rules());
  }

  /**
   * Reads, parses and compiles a policy file (UTF-8).
   *
   * @throws IOException when the file cannot be read
   * @throws PolicyValidationException when it is not a valid policy
   */
  public static CompiledPolicy load(Path file) throws IOException, PolicyValidationException {
    Objects.requireNonNull(file, "file");
    if (Files.size(file) > MAX_SIZE) {
      throw new PolicyValidationException(List.of(new PolicyError(file.toString(), 0, 0, null,
          "the policy is larger than " + MAX_SIZE + " bytes")));
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** {@code sha256:} and the first 16 hex digits of the SHA-256 of {@code text} in UTF-8. */
  static String version(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
