package dev.vectorguard.rest.internal;

import dev.vectorguard.mask.JsonLayout;
import dev.vectorguard.qdrant.QdrantRequestKind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Where points sit in Qdrant's REST responses, per request kind; not public API. */
final class QdrantLayouts {
  private static final JsonLayout SEARCH = layout("result[*]");
  private static final JsonLayout SEARCH_BATCH = layout("result[*][*]");
  private static final JsonLayout GROUPS = layout("result.groups[*].hits[*]", "result.groups[*].lookup");
  private static final JsonLayout POINTS = layout("result.points[*]");
  private static final JsonLayout QUERY_BATCH = layout("result[*].points[*]");
  private static final JsonLayout POINT = layout("result");

  private QdrantLayouts() {}

  /** The layout of the response of {@code kind}, or {@code null} when it carries no points. */
  static @Nullable JsonLayout of(QdrantRequestKind kind) {
    return switch (kind) {
      case SEARCH, POINTS_BY_IDS -> SEARCH;
      case SEARCH_BATCH -> SEARCH_BATCH;
      case GROUPS -> GROUPS;
      case QUERY, SCROLL -> POINTS;
      case QUERY_BATCH -> QUERY_BATCH;
      case POINT -> POINT;
      default -> null;
    };
  }

  private static JsonLayout layout(String... records) {
    return JsonLayout.of(List.of(records).stream().map(r -> r + ".payload").toList(),
        List.of(records).stream().map(r -> r + ".vector").toList());
  }
}
