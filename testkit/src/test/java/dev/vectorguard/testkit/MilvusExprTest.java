package dev.vectorguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvus.grpc.TemplateValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MilvusExprTest {
  private static final Map<String, Object> ROW = Map.of("id", 3L, "tenant", "acme", "score", 0.5);

  private static boolean eval(String expr) {
    return MilvusExpr.parse(expr, Map.of("t", TemplateValue.newBuilder().setStringVal("acme").build()))
        .test(ROW);
  }

  @Test
  void comparisonsBooleansTemplatesAndPrecedence() {
    assertThat(eval("")).isTrue();
    assertThat(eval("tenant == \"acme\"")).isTrue();
    assertThat(eval("tenant == {t}")).isTrue();
    assertThat(eval("tenant != 'acme'")).isFalse();
    assertThat(eval("id in [1, 2, 3] and score < 1.0")).isTrue();
    assertThat(eval("id > 5 or tenant == 'acme' and id == 3")).isTrue();
    assertThat(eval("(id > 5 or tenant == 'acme') and id == 4")).isFalse();
    assertThat(eval("not (id == 3)")).isFalse();
    assertThat(eval("(id > 0) and (tenant == {t})")).isTrue();
  }

  @Test
  void whatItCannotParseIsAnError() {
    assertThatThrownBy(() -> eval("tenant like \"ac%\"")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported operator 'like'");
    assertThatThrownBy(() -> eval("tenant == {missing}")).hasMessage("no value for template parameter {missing}");
    assertThatThrownBy(() -> eval("(id == 3")).hasMessage("expected ')'");
  }
}
