/**
 * Vectorguard's public API: the {@link dev.vectorguard.VectorGuard} engine facade and the values
 * it works on ({@link dev.vectorguard.VectorCall}, {@link dev.vectorguard.Identity},
 * {@link dev.vectorguard.Decision}, {@link dev.vectorguard.Obligations}).
 */
@NullMarked
@PublicApi
package dev.vectorguard;

import org.jspecify.annotations.NullMarked;
