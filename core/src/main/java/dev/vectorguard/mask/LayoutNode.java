package dev.vectorguard.mask;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JsonLayout} compiled into a tree of keys and {@code [*]} steps, marking where records
 * and vectors are. Immutable once compiled. Not public API.
 */
final class LayoutNode {
  final String path;
  private final Map<String, LayoutNode> keys = new HashMap<>();
  private @Nullable LayoutNode element;
  boolean record;
  boolean vector;

  private LayoutNode(String path) {
    this.path = path;
  }

  @Nullable LayoutNode child(String key) {
    return keys.get(key);
  }

  @Nullable LayoutNode element() {
    return element;
  }

  /** Whether a layout path goes on through a key of this node, so that it expects an object here. */
  boolean expectsObject() {
    return !keys.isEmpty();
  }

  /** Whether a layout path goes on through an element of this node, so that it expects an array here. */
  boolean expectsArray() {
    return element != null;
  }

  /**
   * Compiles {@code layout}. The empty path is the document root.
   *
   * @throws IllegalArgumentException when a path is malformed
   */
  static LayoutNode compile(JsonLayout layout) {
    LayoutNode root = new LayoutNode("");
    for (String path : layout.recordPaths()) {
      root.add(path).record = true;
    }
    for (String path : layout.vectorPaths()) {
      LayoutNode node = root.add(path);
      if (node == root) {
        throw new IllegalArgumentException("vector path must not be the document root");
      }
      node.vector = true;
    }
    return root;
  }

  private LayoutNode add(String path) {
    if (path.isEmpty()) {
      return this;
    }
    LayoutNode node = this;
    String[] parts = path.split("\\.", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      int bracket = part.indexOf('[');
      String name = bracket < 0 ? part : part.substring(0, bracket);
      String steps = bracket < 0 ? "" : part.substring(bracket);
      if (name.isEmpty() && (i > 0 || steps.isEmpty())) {
        throw new IllegalArgumentException("layout path '" + path + "' has an empty segment");
      }
      if (!steps.replace("[*]", "").isEmpty() || name.contains("]") || name.contains("*")) {
        throw new IllegalArgumentException("layout path '" + path
            + "' has an unsupported step in '" + part + "'; only key names and [*] are supported");
      }
      if (!name.isEmpty()) {
        node = node.keys.computeIfAbsent(name, k -> new LayoutNode(path));
      }
      for (int s = 0; s < steps.length() / 3; s++) {
        if (node.element == null) {
          node.element = new LayoutNode(path);
        }
        node = node.element;
      }
    }
    return node;
  }
}
