/**
 * Audit shipping to Kafka: {@link dev.vectorguard.audit.kafka.KafkaAuditSink} delivers each guard
 * instance's hash-chained trail to a topic, spooling to the local trail while the broker is away,
 * and {@link dev.vectorguard.audit.kafka.KafkaTrails} reads the chains back for verification.
 */
@NullMarked
@PublicApi
package dev.vectorguard.audit.kafka;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
