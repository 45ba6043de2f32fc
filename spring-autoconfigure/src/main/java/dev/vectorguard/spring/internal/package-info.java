/** Implementation of the Spring integration; not public API. */
@NullMarked
package dev.vectorguard.spring.internal;

import org.jspecify.annotations.NullMarked;
