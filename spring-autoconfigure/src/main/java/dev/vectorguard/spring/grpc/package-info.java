/** Auto-configuration of the gRPC adapter: guarded channels and a guarded Qdrant client. */
@NullMarked
@PublicApi
package dev.vectorguard.spring.grpc;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
