package dev.vectorguard.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.vectorguard.Obligations;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskRule;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.StructArrayField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Milvus responses the row masker cannot read unambiguously are refused, and struct columns that a
 * rule could reach inside are removed whole: the masker rewrites scalar columns only.
 */
class MilvusColumnShapeTest {
  private static final FieldData EMAIL = FieldData.newBuilder().setFieldName("email").setType(DataType.VarChar)
      .setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder().addData("ann@secret.io"))).build();

  private static Obligations redact(String selector) {
    return Obligations.builder().mask(new MaskRule(selector, MaskAction.REDACT, 0)).build();
  }

  private static MaskPlan plan(Obligations ob) {
    return MaskerOutcome.ENGINE.plan(ob.maskRules(), false);
  }

  @Test
  void aSecondColumnOfTheSameNameIsRefused() {
    FieldData dynamic = FieldData.newBuilder().setFieldName("email").setType(DataType.JSON).setIsDynamic(true)
        .setScalars(ScalarField.newBuilder().setJsonData(JSONArray.newBuilder().addData(ByteString.copyFromUtf8("{\"a\":1}"))))
        .build();
    QueryResults response = QueryResults.newBuilder().addFieldsData(EMAIL).addFieldsData(dynamic).addOutputFields("email")
        .build();
    Obligations ob = redact("email");
    assertThatThrownBy(() -> MilvusMasker.mask(response, ob, plan(ob)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the response has two columns named 'email'");
  }

  @Test
  void twoDynamicColumnsAreRefused() {
    FieldData meta = FieldData.newBuilder().setFieldName("$meta").setType(DataType.JSON).setIsDynamic(true)
        .setScalars(ScalarField.newBuilder().setJsonData(JSONArray.newBuilder().addData(ByteString.copyFromUtf8("{}"))))
        .build();
    QueryResults response = QueryResults.newBuilder().addFieldsData(meta)
        .addFieldsData(meta.toBuilder().setFieldName("$meta2")).build();
    Obligations ob = redact("email");
    assertThatThrownBy(() -> MilvusMasker.mask(response, ob, plan(ob)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the response has more than one dynamic column");
  }

  @ParameterizedTest
  @ValueSource(strings = {"**.email", "*.email", "*", "contacts.email"})
  void aStructColumnARuleCouldReachInsideIsRemovedWhole(String selector) {
    FieldData contacts = FieldData.newBuilder().setFieldName("contacts").setType(DataType.ArrayOfStruct)
        .setStructArrays(StructArrayField.newBuilder().addFields(EMAIL)).build();
    QueryResults response = QueryResults.newBuilder().addFieldsData(contacts).addOutputFields("contacts").build();
    Obligations ob = redact(selector);
    QueryResults masked = (QueryResults) MilvusMasker.mask(response, ob, plan(ob)).message();
    assertThat(masked.getFieldsDataList()).isEmpty();
    assertThat(masked.getOutputFieldsList()).isEmpty();
    assertThat(masked.toString()).doesNotContain("ann@secret.io");
  }

  @Test
  void aStructColumnNoRuleReachesIsKept() {
    FieldData contacts = FieldData.newBuilder().setFieldName("contacts").setType(DataType.ArrayOfStruct)
        .setStructArrays(StructArrayField.newBuilder().addFields(EMAIL)).build();
    QueryResults response = QueryResults.newBuilder().addFieldsData(contacts).addOutputFields("contacts").build();
    Obligations ob = redact("ssn");
    assertThat(MilvusMasker.mask(response, ob, plan(ob)).message()).isEqualTo(response);
  }
}
