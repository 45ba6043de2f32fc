/** Implementation of the REST dialects; not public API, may change without notice. */
@NullMarked
package dev.vectorguard.rest.internal;

import org.jspecify.annotations.NullMarked;
