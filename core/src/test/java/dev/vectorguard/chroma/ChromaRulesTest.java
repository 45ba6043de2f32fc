package dev.vectorguard.chroma;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Obligations;
import dev.vectorguard.chroma.ChromaRules.Read;
import dev.vectorguard.chroma.ChromaRules.ReadUse;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChromaRulesTest {
  private static final Obligations MASKED = Obligations.builder()
      .mask(new MaskRule("email", MaskAction.REDACT, 0, true)).mask(MaskRule.of("document", MaskAction.DETECT_PII))
      .build();

  @Test
  void eachUseSaysHowItWouldRevealTheField() {
    assertThatThrownBy(() -> ChromaRules.checkReads(List.of(new Read(ReadUse.GROUP, "email", "email", false)), MASKED))
        .isInstanceOf(UnenforceableRequestException.class)
        .hasMessage("grouping by 'email' would reveal values of the masked field 'email'");
    assertThatThrownBy(() -> ChromaRules.checkReads(List.of(new Read(ReadUse.ORDER, "email", "email", true)), MASKED))
        .hasMessage("ordering by 'email' would reveal values of the masked field 'email'");
    assertThatThrownBy(() -> ChromaRules.checkReads(List.of(new Read(ReadUse.SCORE, "document", "#document", false)),
        MASKED)).hasMessage("scoring by '#document' would reveal values of the masked field 'document'");
  }

  @Test
  void onlyExactFiltersOnAKeyWhoseRuleAllowsLookupsPass() throws Exception {
    ChromaRules.checkReads(List.of(new Read(ReadUse.FILTER, "email", "email", true),
        new Read(ReadUse.FILTER, "lang", "lang", false)), MASKED);
    assertThatThrownBy(() -> ChromaRules.checkReads(List.of(new Read(ReadUse.FILTER, "email", "email", false)), MASKED))
        .hasMessage("filtering on 'email' would reveal values of the masked field 'email' (its rule allows only"
            + " exact-match lookups)");
    assertThatThrownBy(() -> ChromaRules.checkReads(List.of(new Read(ReadUse.FILTER, "document", "document", true)),
        MASKED)).hasMessage("filtering on 'document' would reveal values of the masked field 'document'");
  }

  @Test
  void aKeyOutsideTheAllowedOutputFieldsIsRefusedAndAnEmptyOneIsNotRead() throws Exception {
    Obligations fields = Obligations.builder().allowedOutputFields(Set.of("lang")).build();
    ChromaRules.checkReads(List.of(new Read(ReadUse.GROUP, "lang", "lang", false)), fields);
    assertThatThrownBy(() -> ChromaRules.checkReads(List.of(new Read(ReadUse.FILTER, "document", "document", true)),
        fields)).hasMessage("filtering on 'document' would reveal values of a field outside the allowed output fields");
    assertThatThrownBy(() -> ChromaRules.checkReads(List.of(new Read(ReadUse.FILTER, "", "", true)), MASKED))
        .hasMessage("the request reads an empty metadata key");
  }
}
