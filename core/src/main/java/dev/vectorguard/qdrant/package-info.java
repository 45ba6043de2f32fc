/**
 * What Qdrant means, written once for every transport: each API action's operation and access
 * level ({@link dev.vectorguard.qdrant.QdrantApi}), how payload keys are spelled
 * ({@link dev.vectorguard.qdrant.QdrantPaths}), and the rules a request must satisfy under
 * obligations ({@link dev.vectorguard.qdrant.QdrantRules}), asked of a small view of the request
 * ({@link dev.vectorguard.qdrant.QdrantRequestView}) that each transport binding implements over
 * its wire format: the REST binding over Jackson trees ({@code dev.vectorguard.rest.internal}),
 * the gRPC binding over protobuf messages ({@code dev.vectorguard.grpc.internal}).
 *
 * <p>Binding SPI: used by this project's transport bindings; not meant for application code, and
 * it may change between minor versions.
 */
@NullMarked
@PublicApi
package dev.vectorguard.qdrant;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
