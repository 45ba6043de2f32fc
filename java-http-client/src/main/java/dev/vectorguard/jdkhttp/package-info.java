/**
 * The JDK HTTP client adapter: {@link dev.vectorguard.jdkhttp.VectorGuardHttpClient} guards every
 * call a {@code java.net.http.HttpClient} makes to Qdrant REST, Milvus REST v2 or Chroma.
 */
@NullMarked
@PublicApi
package dev.vectorguard.jdkhttp;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
