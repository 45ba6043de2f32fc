package dev.vectorguard.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A list of globs matched as one: literal patterns are looked up in a hash set, so a rule naming
 * hundreds of collections costs one lookup, and only the patterns with wildcards or templates are
 * tried one by one. Immutable; not public API.
 */
final class GlobSet {
  private final List<Glob> all;
  private final Set<String> literals;
  private final Glob[] patterns;

  GlobSet(List<Glob> globs) {
    this.all = List.copyOf(globs);
    Set<String> literal = new HashSet<>();
    List<Glob> other = new ArrayList<>();
    for (Glob glob : globs) {
      if (glob.isLiteral()) {
        literal.add(glob.toString());
      } else {
        other.add(glob);
      }
    }
    this.literals = Set.copyOf(literal);
    this.patterns = other.toArray(new Glob[0]);
  }

  boolean matches(String value, String @Nullable [] values) {
    if (literals.contains(value)) {
      return true;
    }
    for (Glob pattern : patterns) {
      if (pattern.matches(value, values)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every glob is a literal name. */
  boolean allLiteral() {
    return patterns.length == 0;
  }

  List<Glob> globs() {
    return all;
  }

  @Override
  public String toString() {
    return all.toString();
  }
}
