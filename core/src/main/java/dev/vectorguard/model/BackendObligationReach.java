package dev.vectorguard.model;

import dev.vectorguard.Backend;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.milvus.MilvusExpressions;
import dev.vectorguard.policy.ObligationReach;
import dev.vectorguard.qdrant.QdrantPaths;
import org.jspecify.annotations.Nullable;

/**
 * What each backend model can enforce, asked of the model itself: a Milvus tenant field must be a
 * field or a key inside a JSON field ({@code metadata["tenant_id"]}), as the Milvus expression
 * writer reads it; a Qdrant one a payload key or JSON path Qdrant reads; Chroma metadata is flat,
 * so a Chroma tenant field is one key, matched whole, and a mask on a nested path reaches no
 * Chroma metadata value.
 */
public final class BackendObligationReach implements ObligationReach {
  /** The one instance; stateless. */
  public static final BackendObligationReach INSTANCE = new BackendObligationReach();

  private BackendObligationReach() {}

  @Override
  public @Nullable String tenantField(Backend backend, String field) {
    try {
      switch (backend) {
        case MILVUS -> MilvusExpressions.tenantField(field);
        case QDRANT -> QdrantPaths.parse(field);
        case CHROMA -> {
          return chromaKey(field);
        }
      }
      return null;
    } catch (UnenforceableRequestException e) {
      return e.getMessage() + "; every call under this rule's tenant filter is refused there";
    }
  }

  @Override
  public @Nullable String mask(Backend backend, MaskRule mask) {
    if (backend != Backend.CHROMA || FieldPath.selector(mask.field()).keys().size() < 2
        || mask.field().startsWith("**")) {
      return null;
    }
    return "the mask field '" + mask.field() + "' is a nested path, but Chroma metadata is flat: it masks no "
        + "metadata value there, and a key spelled '" + mask.field() + "' is another key, left unmasked; mask the "
        + "key itself, or limit the rule with backends";
  }

  private static @Nullable String chromaKey(String field) {
    if (field.indexOf('.') < 0 && field.indexOf('[') < 0) {
      return null;
    }
    return "the tenant field '" + field + "' is read as one metadata key of that very name, since Chroma metadata "
        + "is flat: reads under this rule find no records and writes are refused unless records carry that key; "
        + "name the metadata key itself (tenant_id), or limit the rule with backends";
  }
}
