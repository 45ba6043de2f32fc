package dev.vectorguard.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.milvus.MilvusExpressions.FieldRef;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MilvusExpressions#references}: which fields an expression reads, as Milvus's grammar reads them. */
class MilvusReferencesTest {
  private static List<String> read(String expression) throws UnenforceableRequestException {
    return MilvusExpressions.references(expression).stream()
        .map(r -> r.field() + (r.exact() ? "=" : "~")).toList();
  }

  private static FieldPath path(String dotted) {
    return FieldPath.of(List.of(dotted.split("\\.")));
  }

  @Test
  void everySpellingOfAFieldIsOnePath() throws Exception {
    List<FieldRef> refs = MilvusExpressions.references(
        "metadata[\"email\"] like \"a%\" or metadata['email'] > 'b' or $meta[\"email\"] > 1 || email < 2");

    assertThat(refs).extracting(FieldRef::field)
        .containsExactly(path("metadata.email"), path("metadata.email"), path("email"), path("email"));
    assertThat(refs).extracting(FieldRef::spelled)
        .containsExactly("metadata[\"email\"]", "metadata['email']", "$meta[\"email\"]", "email");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      email == "a@acme.io"                         | email=
      "a@acme.io" == email                         | email=
      email != 'a@acme.io'                         | email=
      salary == -100000                            | salary=
      email in ["a", "b"]                          | email=
      email not in {emails}                        | email=
      email == {e}                                 | email=
      (email) == "a"                               | email=
      not (email == "a")                           | email=
      email == "a" && email IN ['b']               | email=,email=
      ts == ISO "2025-01-01T00:00:00Z"             | ts=
      tags[0] == "x"                               | tags=
      salary > 100000                              | salary~
      1 < salary <= 5                              | salary~
      100 >= salary > 1                            | salary~
      email like "ceo%"                            | email~
      email LIKE "ceo%"                            | email~
      TEXT_MATCH(email, "ceo")                     | email~
      text_match(email, 'ceo', minimum_should_match = 1) | email~
      PHRASE_MATCH(bio, "chief executive", 2)      | bio~
      json_contains(metadata["emails"], "x")       | metadata.emails~
      ARRAY_CONTAINS_ANY(tags, ["a", "b"])         | tags~
      exists metadata["email"]                     | metadata.email~
      email is null                                | email~
      email IS NOT NULL                            | email~
      email == title                               | email~,title~
      salary + 0 == 5                              | salary~
      salary ** 2 > 1                              | salary~
      not email == "a"                             | email~
      email =~ "^ceo"                              | email~
      array_length(tags) == 2                      | tags~
      ts + INTERVAL 'P1D' > ISO '2025-01-01'       | ts~
      email in [title]                             | email~,title~
      st_dwithin(geo, "POINT(0 0)", 10)            | geo~
      """)
  void marksReferencesThatOnlyTakePartInEqualityWithGivenValues(String expression, String reads) throws Exception {
    assertThat(String.join(",", read(expression))).isEqualTo(reads);
  }

  @Test
  void elementsOfAnIteratedArrayAreItsSubFields() throws Exception {
    List<FieldRef> refs = MilvusExpressions.references("element_filter(contacts, $[email] == \"x\" && $[age] > 3)");

    assertThat(refs).extracting(FieldRef::field).containsExactly(path("contacts.email"), path("contacts.age"));
    assertThat(refs).extracting(FieldRef::exact).containsExactly(true, false);
    assertThat(refs.get(0).spelled()).isEqualTo("contacts[email]");
    assertThat(read("MATCH_ANY(tags, $ == \"vip\")")).containsExactly("tags=");
    assertThat(read("match_least(tags, $ like \"v%\", threshold = 2)")).containsExactly("tags~");
    assertThat(read("element_filter(contacts, true)")).containsExactly("contacts~");
    assertThat(read("s[0][email] == 1 or s[email] > 2")).containsExactly("s.email=", "s.email~");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"title == \"email like 'x'\"", "title == {email}", "title == r\"email\\\"\"",
      "title == u8'email'", "title in ['salary', \"$meta['email']\"]", "title == 0x1Fp-2",
      "title == 1.5e+3 or title == .5 or title == 0b101", "title == \"line\\\ncontinued\"", "title == { email }"})
  void literalsAndTemplateParametersReadNoField(String expression) throws Exception {
    assertThat(read(expression)).isNotEmpty().containsOnly("title=");
    assertThat(read("random_sample(0.1)")).isEmpty();
  }

  @Test
  void keywordsInAnotherCaseAndMetaAloneAreFields() throws Exception {
    assertThat(read("Like == 1 and is == 2 and tRUE == 3")).containsExactly("Like=", "is=", "tRUE=");
    assertThat(MilvusExpressions.references("$meta == 1").get(0).field()).isEqualTo(FieldPath.ROOT);
    assertThat(read("true and TRUE or False")).isEmpty();
    assertThat(read("   ")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"email ==", "email like", "(email == \"a\"", "email == \"a\")", "lower(email) == \"a\"",
      "$ == 1", "$[email] == 1", "email == \"a", "m[\"a\\\"b\"] == 1", "m[r\"email\"] == 1", "m[u8\"email\"] == 1",
      "m[\"\"] == 1", "m[\"a]b\"] == 1", "a.b == 1", "a == 1;", "a == 1 b", "é == 1", "1and x", "email == 1e",
      "email == 0x", "{in} == 1", "{m[\"k\"]} == 1", "email\u00a0== 1", "text_match(\"email\", \"x\")",
      "email is  null", "email is NULL", "array_length(a, b)", "email == [1, 2", "[email] ==", "email == `x`"})
  void whatTheGrammarDoesNotDeriveIsRefused(String expression) {
    assertThatThrownBy(() -> MilvusExpressions.references(expression))
        .isInstanceOf(UnenforceableRequestException.class)
        .hasMessageStartingWith("the filter expression cannot be read by the guard: ");
  }

  @Test
  void refusalsSayWhereButRepeatNoValue() {
    assertThatThrownBy(() -> MilvusExpressions.references("email == \"ceo@acme.io\" salary"))
        .hasMessage("the filter expression cannot be read by the guard: expected the end but found 'salary' at"
            + " character 24");
    assertThatThrownBy(() -> MilvusExpressions.references("email == \"ceo@acme.io\" \"secret\""))
        .hasMessage("the filter expression cannot be read by the guard: expected the end but found a string literal"
            + " at character 24");
    assertThatThrownBy(() -> MilvusExpressions.references("lower(email) == 'x'"))
        .hasMessage("the filter expression cannot be read by the guard: it calls 'lower', a function the guard does"
            + " not know, at character 1");
  }

  @Test
  void nestingIsBounded() throws Exception {
    assertThat(read("(".repeat(150) + "email == 1" + ")".repeat(150))).containsExactly("email=");
    assertThatThrownBy(() -> MilvusExpressions.references("(".repeat(300) + "email == 1" + ")".repeat(300)))
        .hasMessageContaining("nests deeper than");
    assertThatThrownBy(() -> MilvusExpressions.references("not ".repeat(300) + "email"))
        .hasMessageContaining("nests deeper than");
  }
}
