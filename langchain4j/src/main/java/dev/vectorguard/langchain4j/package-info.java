/**
 * The LangChain4j integration: {@link dev.vectorguard.langchain4j.VectorGuardLangChain4j} gives
 * LangChain4j's REST embedding stores (Chroma, and any store built on its {@code HttpClient} SPI)
 * a guarded HTTP client builder.
 */
@NullMarked
@PublicApi
package dev.vectorguard.langchain4j;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
