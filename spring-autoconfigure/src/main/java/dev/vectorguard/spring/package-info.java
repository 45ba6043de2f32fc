/**
 * Spring Boot auto-configuration of Vectorguard: the {@code vectorguard.*} properties, the guard
 * and its parts as overridable beans, {@link dev.vectorguard.spring.VectorGuardCustomizer} hooks,
 * and the guarding of existing OkHttp, gRPC, Qdrant and Milvus client beans.
 */
@NullMarked
@PublicApi
package dev.vectorguard.spring;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
