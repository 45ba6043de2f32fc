/**
 * The gRPC adapter: {@link dev.vectorguard.grpc.VectorGuardGrpc} guards calls made through any
 * {@code io.grpc} channel (the official Qdrant client, unshaded Milvus SDKs), and
 * {@link dev.vectorguard.grpc.MilvusGuard} guards the Milvus Java SDK 2.6.18+, whose gRPC is shaded.
 */
@NullMarked
@PublicApi
package dev.vectorguard.grpc;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
