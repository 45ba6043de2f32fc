package dev.vectorguard.policy;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Values filed under literal prefixes, found by walking a string once: {@link Node#next} from the
 * {@link #root()} visits, in order of length, the nodes of every filed prefix of the string. A
 * radix tree: chains of single-child nodes are merged into one edge, so a walk costs one step per
 * branching point rather than one per character. Built once; immutable; not public API.
 *
 * @param <V> the value filed under a prefix
 */
final class PrefixTrie<V> {
  private final Node<V> root;

  private PrefixTrie(Node<V> root) {
    this.root = root;
  }

  /** A trie holding {@code byPrefix}; the empty prefix is filed at the root. */
  static <V> PrefixTrie<V> of(Map<String, V> byPrefix) {
    Draft<V> root = new Draft<>();
    byPrefix.forEach((prefix, value) -> {
      Draft<V> at = root;
      for (int i = 0; i < prefix.length(); i++) {
        at = at.children.computeIfAbsent(prefix.charAt(i), c -> new Draft<>());
      }
      at.value = value;
    });
    return new PrefixTrie<>(root.freeze());
  }

  Node<V> root() {
    return root;
  }

  /** One filed position: the value filed at its prefix, if any, and the edges that go on from it. */
  static final class Node<V> {
    private final @Nullable V value;
    /** Edge labels, sorted by first character; each at least one character long. */
    private final String[] labels;
    private final char[] firsts;
    private final Node<V>[] children;
    /** Length of the prefix this node stands for. */
    private final int depth;

    private Node(@Nullable V value, String[] labels, Node<V>[] children, int depth) {
      this.value = value;
      this.labels = labels;
      this.children = children;
      this.depth = depth;
      this.firsts = new char[labels.length];
      for (int i = 0; i < labels.length; i++) {
        firsts[i] = labels[i].charAt(0);
      }
    }

    /** The value filed at this node's prefix, or {@code null} when it is only a branching point. */
    @Nullable V value() {
      return value;
    }

    /**
     * The next node on {@code text}'s path (a longer prefix of {@code text}), or {@code null}
     * when no longer filed prefix begins {@code text}.
     */
    @Nullable Node<V> next(String text) {
      if (depth >= text.length()) {
        return null;
      }
      int at = java.util.Arrays.binarySearch(firsts, text.charAt(depth));
      if (at < 0 || !text.startsWith(labels[at], depth)) {
        return null;
      }
      return children[at];
    }
  }

  /** A node while building: one character per edge. */
  private static final class Draft<V> {
    private final TreeMap<Character, Draft<V>> children = new TreeMap<>();
    private @Nullable V value;

    Node<V> freeze() {
      return freeze(0);
    }

    @SuppressWarnings("unchecked")
    private Node<V> freeze(int depth) {
      String[] labels = new String[children.size()];
      Node<V>[] frozen = new Node[children.size()];
      int i = 0;
      for (Map.Entry<Character, Draft<V>> edge : children.entrySet()) {
        StringBuilder label = new StringBuilder().append(edge.getKey().charValue());
        Draft<V> child = edge.getValue();
        // merge a chain of nodes that hold nothing and do not branch into one edge
        while (child.value == null && child.children.size() == 1) {
          Map.Entry<Character, Draft<V>> only = child.children.firstEntry();
          label.append(only.getKey().charValue());
          child = only.getValue();
        }
        labels[i] = label.toString();
        frozen[i] = child.freeze(depth + label.length());
        i++;
      }
      return new Node<>(value, labels, frozen, depth);
    }
  }
}
