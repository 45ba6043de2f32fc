package dev.vectorguard.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QdrantPathsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "email|email",
      "\"email\"|email",
      "customer.ssn|customer.ssn",
      "customer.\"ssn\"|customer.ssn",
      "\"customer\".ssn|customer.ssn",
      "contacts[].email|contacts.email",
      "contacts[3].email|contacts.email",
      "tenant_id|tenant_id",
      "a-b_c9|a-b_c9",
      "ünïcode|ünïcode"})
  void readsEverySpellingOfAFieldAsTheServerDoes(String spelled, String field) throws Exception {
    assertThat(QdrantPaths.parse(spelled)).isEqualTo(FieldPath.of(List.of(field.split("\\."))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".a", "a.", "a..b", "a[", "a[x]", "\"a", "\"\"", "a b", "\"a\\\"b\"", "a]"})
  void refusesKeysQdrantWouldNotParse(String spelled) {
    assertThatThrownBy(() -> QdrantPaths.parse(spelled))
        .isInstanceOf(UnenforceableRequestException.class)
        .hasMessageContaining("is not a JSON path Qdrant reads");
  }

  @ParameterizedTest
  @CsvSource({"\"a.b\",a.b", "\"a[0]\",a[0]"})
  void aQuotedKeyMayHoldDotsAndBrackets(String spelled, String key) throws Exception {
    assertThat(QdrantPaths.parse(spelled).keys()).containsExactly(key);
  }
}
