/**
 * The OkHttp adapter: {@link dev.vectorguard.okhttp.VectorGuardOkHttp} guards every call an
 * {@code OkHttpClient} makes to Qdrant REST, Milvus REST v2 or Chroma.
 */
@NullMarked
@PublicApi
package dev.vectorguard.okhttp;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
