/**
 * Test support for Vectorguard and for applications that use it: an in-memory audit sink with
 * fluent checks ({@link dev.vectorguard.testing.InMemoryAuditSink},
 * {@link dev.vectorguard.testing.AuditAssert}), a clock that moves only when told
 * ({@link dev.vectorguard.testing.TestClock}), and the behaviour suite every integration runs
 * ({@link dev.vectorguard.testing.GuardBehaviourSuite}).
 *
 * <p>Published as {@code vectorguard-core}'s test-jar, which holds this package only, and brought
 * by {@code vectorguard-testkit}: depend on the testkit in test scope. The audit sink, its checks
 * and the clock need nothing but {@code vectorguard-core}; the behaviour suite needs JUnit 5 and
 * AssertJ.
 */
@NullMarked
package dev.vectorguard.testing;

import org.jspecify.annotations.NullMarked;
