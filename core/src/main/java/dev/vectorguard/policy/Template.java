package dev.vectorguard.policy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A value with {@code ${...}} references, such as a tenant filter's {@code "${actor.tenant}"},
 * filled from the identity attributes a rule resolved. Immutable; not public API.
 */
final class Template {
  private final String source;
  private final String[] literals;
  private final int[] slots;

  private Template(String source, String[] literals, int[] slots) {
    this.source = source;
    this.literals = literals;
    this.slots = slots;
  }

  static Template compile(String text, Attributes table, String where) throws Attributes.SyntaxException {
    if (text.isEmpty()) {
      throw new Attributes.SyntaxException(where + " must not be empty");
    }
    List<Object> parts = Attributes.split(text, table, where);
    String[] literals = new String[parts.size()];
    int[] slots = new int[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i) instanceof Attributes.Ref ref) {
        slots[i] = ref.slot();
      } else {
        literals[i] = (String) parts.get(i);
        slots[i] = -1;
      }
    }
    return new Template(text, literals, slots);
  }

  boolean hasReferences() {
    for (int slot : slots) {
      if (slot >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The text with every reference replaced by its value, taken literally. */
  String fill(String @Nullable [] values) {
    if (!hasReferences()) {
      return source;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < slots.length; i++) {
      out.append(slots[i] < 0 ? literals[i] : values[slots[i]]);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return source;
  }
}
