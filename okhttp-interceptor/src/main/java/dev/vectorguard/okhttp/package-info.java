/**
 * The OkHttp adapter: {@link dev.vectorguard.okhttp.VectorGuardOkHttp} guards every call an
 * {@code OkHttpClient} makes to Qdrant REST, Milvus REST v2 or Chroma.
 */
@NullMarked
package dev.vectorguard.okhttp;

import org.jspecify.annotations.NullMarked;
