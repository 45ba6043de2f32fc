/** Audit sinks wired by configuration from optional modules: Kafka ({@code vectorguard.audit.kafka.*}). */
@NullMarked
package dev.vectorguard.spring.audit;

import org.jspecify.annotations.NullMarked;
