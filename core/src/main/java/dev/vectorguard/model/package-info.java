/**
 * What every backend model shares: field references read the way a server reads them
 * ({@link dev.vectorguard.model.FieldPath}), whether reading one exposes what obligations protect
 * ({@link dev.vectorguard.model.FieldExposure}), the aliases seen through the guard
 * ({@link dev.vectorguard.model.AliasBook}), and the refusal a model raises
 * ({@link dev.vectorguard.model.UnenforceableRequestException}), which an adapter's
 * {@link dev.vectorguard.RequestRewrite} passes to the engine so that the call is refused before
 * it starts.
 *
 * <p>Binding SPI: used by the backend packages ({@code dev.vectorguard.qdrant},
 * {@code dev.vectorguard.milvus}, {@code dev.vectorguard.chroma}) and their transport bindings in
 * this project. Not meant for application code; it may change between minor versions.
 */
@NullMarked
@PublicApi
package dev.vectorguard.model;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
