package dev.vectorguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GlobTest {

  private static Glob glob(String text) throws Attributes.SyntaxException {
    return Glob.compile(text, null, "test");
  }

  @Test
  void literalsMatchExactly() throws Exception {
    Glob docs = glob("docs");
    assertThat(docs.isLiteral()).isTrue();
    assertThat(docs.matches("docs", null)).isTrue();
    assertThat(docs.matches("Docs", null)).isFalse();
    assertThat(docs.matches("docs2", null)).isFalse();
    assertThat(glob("a.b+c$d").matches("a.b+c$d", null)).as("no regex meaning").isTrue();
  }

  @Test
  void aLoneStarMatchesAnyPresentValue() throws Exception {
    assertThat(glob("*").matches("a/b/c", null)).isTrue();
    assertThat(glob("*").matches("", null)).isFalse();
    assertThat(glob("**").matches("x", null)).isTrue();
  }

  @Test
  void starStaysWithinASegment() throws Exception {
    assertThat(glob("kb-*").matches("kb-", null)).isTrue();
    assertThat(glob("kb-*").matches("kb-eu", null)).isTrue();
    assertThat(glob("kb-*").matches("kb-eu/x", null)).isFalse();
    assertThat(glob("*-prod").matches("a-prod", null)).isTrue();
    assertThat(glob("*-prod").matches("a/b-prod", null)).isFalse();
    assertThat(glob("a*z").matches("az", null)).isTrue();
    assertThat(glob("a*z").matches("a/z", null)).isFalse();
    assertThat(glob("ab*ba").matches("aba", null)).as("prefix and suffix must not overlap").isFalse();
    assertThat(glob("spiffe://x/ns/*/sa/rag").matches("spiffe://x/ns/prod/sa/rag", null)).isTrue();
    assertThat(glob("spiffe://x/ns/*/sa/rag").matches("spiffe://x/ns/a/b/sa/rag", null)).isFalse();
  }

  @Test
  void doubleStarCrossesSegments() throws Exception {
    assertThat(glob("spiffe://x/**").matches("spiffe://x/ns/a/b", null)).isTrue();
    assertThat(glob("spiffe://x/**/rag").matches("spiffe://x/ns/a/rag", null)).isTrue();
    assertThat(glob("spiffe://x/**/rag").matches("spiffe://x/ns/a/rag2", null)).isFalse();
  }

  @Test
  void severalWildcards() throws Exception {
    Glob glob = glob("*-*-prod");
    assertThat(glob.matches("a-b-prod", null)).isTrue();
    assertThat(glob.matches("a-b-c-prod", null)).isTrue();
    assertThat(glob.matches("ab-prod", null)).isFalse();
    assertThat(glob.matches("a/x-b-prod", null)).isFalse();
    assertThat(glob("**/*-x").matches("a/b/c-x", null)).isTrue();
    assertThat(glob("**/*-x").matches("a/b/c/x", null)).isFalse();
  }

  @Test
  void adversarialValuesCannotMakeMatchingExplode() throws Exception {
    Glob glob = glob("*a*a*a*a*a*a*a*a*a*a*b");
    String value = "a".repeat(20_000);
    // An exponential backtracking matcher would not finish; the NFA is linear in the value.
    assertThat(glob.matches(value, null)).isFalse();
    assertThat(glob.matches(value + "b", null)).isTrue();
  }

  @Test
  void templateReferencesAreFilledAndMatchedLiterally() throws Exception {
    Attributes table = new Attributes();
    Glob glob = Glob.compile("tenant-${actor.tenant}-*", table, "collections");
    assertThat(table.paths()).containsExactly("actor.tenant");
    assertThat(glob.isLiteral()).isFalse();
    assertThat(glob.matches("tenant-acme-docs", new String[] {"acme"})).isTrue();
    assertThat(glob.matches("tenant-acme-docs", new String[] {"*"})).isFalse();
    assertThat(glob.matches("tenant-*-docs", new String[] {"*"})).isTrue();
    assertThat(glob.matches("tenant-acme", new String[] {"acme"})).isFalse();
  }

  @Test
  void malformedGlobsAreRejected() {
    assertThatThrownBy(() -> glob("a***")).hasMessageContaining("'***' is not a wildcard");
    assertThatThrownBy(() -> glob("a{b,c}")).hasMessageContaining("'{' is not supported");
    assertThatThrownBy(() -> glob("a\\*")).hasMessageContaining("'\\' is not supported");
    assertThatThrownBy(() -> glob("")).hasMessage("malformed glob '': a glob must not be empty");
    assertThatThrownBy(() -> Glob.compile("${workload.}", new Attributes(), "collections"))
        .hasMessage("template '${workload.}' names an unknown attribute 'workload.'; allowed: "
            + "workload, workload.<claim>, actor.<name>");
  }

  @Test
  void knownAttributes() {
    assertThat(Attributes.isKnown("workload")).isTrue();
    assertThat(Attributes.isKnown("workload.k8s.namespace")).isTrue();
    assertThat(Attributes.isKnown("actor.tenant")).isTrue();
    assertThat(Attributes.isKnown("actor.")).isFalse();
    assertThat(Attributes.isKnown("actor.a.b")).isFalse();
    assertThat(Attributes.isKnown("env.HOME")).isFalse();
  }
}
