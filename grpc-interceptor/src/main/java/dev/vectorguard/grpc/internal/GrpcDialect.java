package dev.vectorguard.grpc.internal;

import com.google.protobuf.Message;
import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One backend's gRPC protocol, read by descriptor: classifies a request, rewrites it to obey the
 * obligations, and masks responses. Implementations are stateless and thread-safe.
 */
public interface GrpcDialect {

  Backend backend();

  /** Whether this dialect speaks the service of {@code fullMethodName} ({@code qdrant.Points/Search}). */
  boolean handles(String fullMethodName);

  /**
   * Classifies one call from its method and first request message.
   *
   * @param headers the call's metadata by lower-case name (first value), for what the request omits
   * @throws RequestRejectedException when the request cannot be classified safely
   */
  VectorCall classify(String fullMethodName, Message request, Function<String, @Nullable String> headers);

  /**
   * The request to send instead of {@code request}, obeying {@code obligations}.
   *
   * @throws RequestRejectedException when the obligations cannot be applied to this request
   */
  Message rewrite(VectorCall call, Message request, Obligations obligations);

  /**
   * {@code response} masked per {@code obligations}.
   *
   * @param plan the compiled masks, or {@code null} when the obligations have no mask rule
   */
  Masked mask(VectorCall call, Message response, Obligations obligations, @Nullable MaskPlan plan);

  /** Whether responses of {@code call} need {@link #mask} under {@code obligations}. */
  default boolean needsMasking(VectorCall call, Obligations obligations) {
    return !obligations.maskRules().isEmpty() || obligations.stripVectors()
        || obligations.allowedOutputFields() != null || !obligations.tenantFilters().isEmpty();
  }

  /**
   * A masked response.
   *
   * @param message the response to deliver
   * @param counts what masking did
   * @param results how many records the response carries, or {@code null} when it carries none
   */
  record Masked(Message message, MaskCounts counts, @Nullable Integer results) {}
}
