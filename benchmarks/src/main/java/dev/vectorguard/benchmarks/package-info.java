/** JMH benchmarks of the guard and its peers, and the runner that reports them; not public API. */
@NullMarked
package dev.vectorguard.benchmarks;

import org.jspecify.annotations.NullMarked;
