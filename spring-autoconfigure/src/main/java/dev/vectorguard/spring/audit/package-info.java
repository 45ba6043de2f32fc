/** Audit sinks wired by configuration from optional modules: Kafka ({@code vectorguard.audit.kafka.*}). */
@NullMarked
@PublicApi
package dev.vectorguard.spring.audit;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
