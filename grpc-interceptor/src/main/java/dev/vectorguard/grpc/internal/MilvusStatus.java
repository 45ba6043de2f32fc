package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.internal.WithheldErrors;

/**
 * Milvus reports most errors inside an OK response, in its {@code common.Status} ({@code reason},
 * {@code detail}, {@code extra_info}), and those texts can quote expression values and stored
 * data. Under obligations that hide fields they are replaced, keeping {@code error_code},
 * {@code code} and {@code retriable}, which the SDKs act on.
 */
final class MilvusStatus {
  private static final String STATUS = "milvus.proto.common.Status";

  private MilvusStatus() {}

  /** {@code response} with the text of its error status withheld; itself when it reports no error. */
  static Message withheld(Message response) {
    if (Protos.isType(response, STATUS)) {
      return isError(response) ? withheldStatus(response) : response;
    }
    Message status = Protos.message(response, "status");
    if (status == null || !Protos.isType(status, STATUS) || !isError(status)) {
      return response;
    }
    Message.Builder b = response.toBuilder();
    b.setField(Protos.field(b, "status"), withheldStatus(status));
    return b.build();
  }

  private static boolean isError(Message status) {
    Long code = Protos.number(status, "code");
    FieldDescriptor errorCode = Protos.field(status, "error_code");
    boolean legacy = errorCode != null && errorCode.getJavaType() == FieldDescriptor.JavaType.ENUM
        && ((EnumValueDescriptor) status.getField(errorCode)).getNumber() != 0;
    return (code != null && code != 0) || legacy;
  }

  private static Message withheldStatus(Message status) {
    Message.Builder b = status.toBuilder();
    b.setField(Protos.field(b, "reason"), WithheldErrors.MESSAGE);
    for (String text : new String[] {"detail", "extra_info"}) {
      FieldDescriptor f = Protos.field(b, text);
      if (f != null) {
        b.clearField(f);
      }
    }
    return b.build();
  }
}
