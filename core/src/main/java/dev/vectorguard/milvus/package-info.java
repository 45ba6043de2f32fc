/**
 * What Milvus means, written once for every transport: each API action's operation and access
 * level ({@link dev.vectorguard.milvus.MilvusApi}), boolean expressions and field references
 * ({@link dev.vectorguard.milvus.MilvusExpressions}: the tenant clause, balance checks, the
 * reserved template parameters, {@code metadata["key"]} spellings, every field an expression
 * reads as Milvus's grammar reads it), and the rules a request must
 * satisfy under obligations ({@link dev.vectorguard.milvus.MilvusRules}), asked of a small view of
 * the request ({@link dev.vectorguard.milvus.MilvusRequestView}) that each transport binding
 * implements over its wire format: the REST v2 binding over Jackson trees
 * ({@code dev.vectorguard.rest.internal}), the gRPC binding over protobuf messages
 * ({@code dev.vectorguard.grpc.internal}).
 *
 * <p>Binding SPI: used by this project's transport bindings; not meant for application code, and
 * it may change between minor versions.
 */
@NullMarked
@PublicApi
package dev.vectorguard.milvus;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
