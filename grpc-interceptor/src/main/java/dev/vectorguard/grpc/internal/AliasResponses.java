package dev.vectorguard.grpc.internal;

import com.google.protobuf.Message;
import dev.vectorguard.Backend;
import dev.vectorguard.model.AliasBook;
import org.jspecify.annotations.Nullable;

/**
 * Teaches an {@link AliasBook} the aliases that gRPC alias responses name: Qdrant
 * {@code ListAliasesResponse} (a whole listing, so what was known before is replaced), Milvus
 * {@code ListAliasesResponse} and {@code DescribeAliasResponse}. Other messages are ignored.
 */
final class AliasResponses {
  private AliasResponses() {}

  static void learn(AliasBook book, Message response, @Nullable String database) {
    String db = database == null ? "" : database;
    switch (response.getDescriptorForType().getFullName()) {
      case "qdrant.ListAliasesResponse" -> {
        book.forget(Backend.QDRANT);
        for (Message alias : Protos.messages(response, "aliases")) {
          book.learn(Backend.QDRANT, null, Protos.string(alias, "alias_name"), Protos.string(alias, "collection_name"));
        }
      }
      case "milvus.proto.milvus.ListAliasesResponse" -> {
        String responseDb = Protos.string(response, "db_name");
        for (String alias : Protos.strings(response, "aliases")) {
          book.learn(Backend.MILVUS, responseDb.isEmpty() ? db : responseDb, alias,
              Protos.string(response, "collection_name"));
        }
      }
      case "milvus.proto.milvus.DescribeAliasResponse" -> {
        String responseDb = Protos.string(response, "db_name");
        book.learn(Backend.MILVUS, responseDb.isEmpty() ? db : responseDb, Protos.string(response, "alias"),
            Protos.string(response, "collection"));
      }
      default -> { }
    }
  }
}
