/**
 * The Spring Web adapter: {@link dev.vectorguard.springweb.VectorGuardSpringWeb} guards every call
 * a {@code RestClient} or {@code RestTemplate} makes to Qdrant REST, Milvus REST v2 or Chroma.
 */
@NullMarked
@PublicApi
package dev.vectorguard.springweb;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
