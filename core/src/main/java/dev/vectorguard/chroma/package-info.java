/**
 * What Chroma means: each HTTP API v2 action's operation, access level and body
 * ({@link dev.vectorguard.chroma.ChromaApi}) and the rules a request must satisfy under
 * obligations ({@link dev.vectorguard.chroma.ChromaRules}). Chroma has one transport; its REST
 * binding is {@code dev.vectorguard.rest.internal.ChromaDialect}.
 *
 * <p>Binding SPI: used by this project's transport bindings; not meant for application code, and
 * it may change between minor versions.
 */
@NullMarked
@PublicApi
package dev.vectorguard.chroma;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
