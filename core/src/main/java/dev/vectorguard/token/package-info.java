/** Workload identity and the short-lived credentials the guard attaches to each call. */
@NullMarked
package dev.vectorguard.token;

import org.jspecify.annotations.NullMarked;
