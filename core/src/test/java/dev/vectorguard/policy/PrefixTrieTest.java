package dev.vectorguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A walk visits the values of exactly the filed prefixes of the text, shortest first. */
class PrefixTrieTest {

  private static List<String> walk(PrefixTrie<String> trie, String text) {
    List<String> seen = new ArrayList<>();
    for (PrefixTrie.Node<String> node = trie.root(); node != null; node = node.next(text)) {
      if (node.value() != null) {
        seen.add(node.value());
      }
    }
    return seen;
  }

  @Test
  void visitsEveryFiledPrefixAndNothingElse() {
    PrefixTrie<String> trie = PrefixTrie.of(Map.of("", "any", "spiffe://a/sa/batch-", "batch",
        "spiffe://a/sa/batch-1", "batch-1", "spiffe://a/sa/batch-12-", "batch-12", "spiffe://a/sb", "sb"));
    assertThat(walk(trie, "spiffe://a/sa/batch-12-etl")).containsExactly("any", "batch", "batch-1", "batch-12");
    assertThat(walk(trie, "spiffe://a/sa/batch-13")).containsExactly("any", "batch", "batch-1");
    assertThat(walk(trie, "spiffe://a/sa/batch-1")).containsExactly("any", "batch", "batch-1");
    assertThat(walk(trie, "spiffe://a/sa/batch")).containsExactly("any");
    assertThat(walk(trie, "spiffe://a/sbx")).containsExactly("any", "sb");
    assertThat(walk(trie, "")).containsExactly("any");
  }

  @Test
  void withoutTheEmptyPrefixTheRootHoldsNothing() {
    PrefixTrie<String> trie = PrefixTrie.of(Map.of("kb-", "kb", "k", "k"));
    assertThat(walk(trie, "kb-eu")).containsExactly("k", "kb");
    assertThat(walk(trie, "x")).isEmpty();
    assertThat(walk(PrefixTrie.of(Map.of()), "anything")).isEmpty();
  }
}
