/** Implementation of the core; not public API, may change without notice. */
@NullMarked
package dev.vectorguard.internal;

import org.jspecify.annotations.NullMarked;
