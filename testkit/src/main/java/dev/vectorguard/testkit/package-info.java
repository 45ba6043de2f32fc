/**
 * In-memory servers speaking the Qdrant and Milvus gRPC protocols through the official service
 * stubs, for testing applications and policies without a database.
 *
 * <p>{@link dev.vectorguard.testkit.QdrantTestServer} implements {@code qdrant.Points},
 * {@code qdrant.Collections} and {@code qdrant.Qdrant} over in-process gRPC;
 * {@link dev.vectorguard.testkit.MilvusTestServer} implements {@code MilvusService} on loopback.
 * Both search by brute force, evaluate the filters tenant isolation relies on, and record the
 * metadata of every call so tests can assert which credential reached the server.
 *
 * <p>The testkit also brings {@code dev.vectorguard.testing} (core's test-jar): an
 * {@code InMemoryAuditSink} that records a guard's audit events, with fluent checks
 * ({@code audit.assertThat().hasStarted(1).neverContains(apiKey)}) that need no test framework.
 */
@NullMarked
@PublicApi
package dev.vectorguard.testkit;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
