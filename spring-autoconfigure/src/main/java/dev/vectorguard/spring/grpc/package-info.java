/** Auto-configuration of the gRPC adapter: guarded channels and a guarded Qdrant client. */
@NullMarked
package dev.vectorguard.spring.grpc;

import org.jspecify.annotations.NullMarked;
