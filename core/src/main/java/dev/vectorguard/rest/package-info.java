/**
 * REST dialects: classify, rewrite and mask Qdrant REST, Milvus REST v2 and Chroma v2 calls for
 * any HTTP adapter. Start at {@link dev.vectorguard.rest.RestDialect}.
 */
@NullMarked
@PublicApi
package dev.vectorguard.rest;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
