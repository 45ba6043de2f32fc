package dev.vectorguard.benchmarks;

/**
 * The generated policy's intended meaning, written out plainly, to check both engines against:
 * allow when an allow rule matches and no deny rule does. Globs are prefix globs ({@code f3-*}).
 */
final class ReferenceDecider {
  private ReferenceDecider() {}

  static boolean allows(GeneratedPolicy policy, GeneratedPolicy.Request request) {
    boolean allowed = false;
    for (GeneratedPolicy.Rule rule : policy.rules()) {
      if (matches(rule, request)) {
        if (rule.deny()) {
          return false;
        }
        allowed = true;
      }
    }
    return allowed;
  }

  private static boolean matches(GeneratedPolicy.Rule rule, GeneratedPolicy.Request request) {
    if (!glob(rule.workload(), request.workload()) || !rule.actions().contains(request.action())) {
      return false;
    }
    for (String pattern : rule.collections()) {
      if (glob(pattern.replace("${actor.tenant}", request.tenant()), request.collection())) {
        return true;
      }
    }
    return false;
  }

  private static boolean glob(String pattern, String value) {
    return pattern.endsWith("*")
        ? value.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(value);
  }
}
