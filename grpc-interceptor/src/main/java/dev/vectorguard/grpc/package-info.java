/**
 * The gRPC adapter: {@link dev.vectorguard.grpc.VectorGuardGrpc} guards calls made through any
 * {@code io.grpc} channel (the official Qdrant client, unshaded Milvus SDKs), and
 * {@link dev.vectorguard.grpc.MilvusGuard} guards the Milvus Java SDK 2.5.x and 2.6.x, whose gRPC
 * is shaded since 2.6.18.
 */
@NullMarked
@PublicApi
package dev.vectorguard.grpc;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
