/**
 * Not public API: the protobuf dialects and the transport-neutral call pipeline shared by the
 * {@code io.grpc} interceptor and the Milvus SDK's shaded one. May change without notice.
 */
@NullMarked
package dev.vectorguard.grpc.internal;

import org.jspecify.annotations.NullMarked;
