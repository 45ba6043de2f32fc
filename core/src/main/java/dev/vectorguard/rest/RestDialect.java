package dev.vectorguard.rest;

import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskingException;
import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.rest.internal.ChromaDialect;
import dev.vectorguard.rest.internal.ErrorBodies;
import dev.vectorguard.rest.internal.MilvusDialect;
import dev.vectorguard.rest.internal.QdrantDialect;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The REST protocol of one backend: classifies a request into a {@link VectorCall}, rewrites its
 * body to obey {@link Obligations}, and masks or filters the response. Transport adapters (the
 * OkHttp interceptor, the CLI's {@code classify}) use exactly this code.
 *
 * <pre>{@code
 * RestDialect qdrant = RestDialect.qdrant();
 * VectorCall call = qdrant.classify(RestRequest.of("POST", "/collections/docs/points/search", body));
 * GuardedRequest<byte[]> started = guard.begin(call, actor,
 *     obligations -> qdrant.bodyToSend(request, call, obligations));   // refused: nothing sent
 * send(started.request(), started.call().credential());
 * }</pre>
 *
 * <p>Paths are normalised the way the server does before they are matched (percent-decoding,
 * merged {@code //}, trimmed trailing {@code /}) and matched case-sensitively; a request the
 * dialect does not know is classified as {@link dev.vectorguard.Operation#UNKNOWN}. Every call is
 * classified at least as strictly as the database's own authorization would treat it.
 *
 * <p>Implementations are thread-safe. The Chroma dialect remembers collection ids it saw in
 * responses (its data endpoints name collections by id), the Qdrant and Milvus dialects the
 * aliases they saw listed, and the Milvus dialect the schemas it saw described (REST rows carry
 * no types, so under vector stripping it refuses output fields it cannot type), so use one
 * instance per backend server.
 */
public interface RestDialect {

  /** How an adapter must treat the response of a call. */
  enum ResponseKind {
    /** Pass the body through unchanged. */
    PASS,
    /** Stream the body through {@link #maskResponse} when {@link #masksResponse} says so. */
    RECORDS,
    /** Buffer the body and pass it through {@link #filterCollections} (listings, collection metadata). */
    COLLECTIONS
  }

  /** A Qdrant REST dialect (port 6333 API, v1.19). */
  static RestDialect qdrant() {
    return new QdrantDialect();
  }

  /**
   * A Milvus RESTful API v2 dialect ({@code /v2/vectordb/...}, Milvus 2.6); remembers aliases and
   * described schemas, so one per server.
   */
  static RestDialect milvus() {
    return new MilvusDialect();
  }

  /** A Chroma HTTP API v2 dialect ({@code /api/v2/...}); remembers collection ids, so one per server. */
  static RestDialect chroma() {
    return new ChromaDialect();
  }

  /** A new dialect for {@code backend}. */
  static RestDialect forBackend(Backend backend) {
    return switch (backend) {
      case QDRANT -> qdrant();
      case MILVUS -> milvus();
      case CHROMA -> chroma();
    };
  }

  Backend backend();

  /**
   * Classifies a request. Never returns a call weaker than the server's own authorization of it.
   *
   * @throws RestClassificationException when the path or body is ambiguous or malformed: a
   *     collection name decoding to {@code /}, {@code \}, NUL, {@code ..}; bad percent-encoding;
   *     duplicate JSON keys; a body that is not the JSON the endpoint takes
   */
  VectorCall classify(RestRequest request) throws RestClassificationException;

  /**
   * Why this request cannot be served safely under {@code obligations} although the policy allows
   * it (it would reveal masked fields through facets, grouping or ordering, or raw data through a
   * snapshot download, or it cannot be tenant-filtered), or {@code null} when it can.
   */
  @Nullable String leakRisk(RestRequest request, VectorCall call, Obligations obligations);

  /**
   * The body to send so that the request obeys {@code obligations}: limits clamped, vectors
   * turned off, the tenant filter injected, writes checked for the tenant value, output fields
   * restricted. Returns {@code null} when the request's own body can be sent unchanged.
   *
   * @throws RestClassificationException when the request cannot be made to obey them
   */
  byte @Nullable [] rewrite(RestRequest request, VectorCall call, Obligations obligations)
      throws RestClassificationException;

  /**
   * The body to send for {@code request} under {@code obligations}, exactly as the OkHttp adapter
   * sends it: a request that {@link #leakRisk} finds unsafe is refused, then {@link #rewrite} makes
   * it obey them. This is the adapter's {@link dev.vectorguard.RequestRewrite}, and what the CLI's
   * {@code policy explain --http} prints.
   *
   * @return the rewritten body, or the request's own when it needs no change ({@code null} when
   *     it has none)
   * @throws UnenforceableRequestException when the request cannot be served under the
   *     obligations; its message says why
   */
  default byte @Nullable [] bodyToSend(RestRequest request, VectorCall call, Obligations obligations)
      throws UnenforceableRequestException {
    if (obligations.isNone()) {
      return request.body();
    }
    String risk = leakRisk(request, call, obligations);
    if (risk != null) {
      throw new UnenforceableRequestException(risk);
    }
    try {
      byte[] rewritten = rewrite(request, call, obligations);
      return rewritten != null ? rewritten : request.body();
    } catch (RestClassificationException e) {
      throw new UnenforceableRequestException(e.getMessage());
    }
  }

  /**
   * The body to pass on in place of an error response's (not 2xx) when the call's obligations
   * {@link Obligations#hidesFields() hide fields}: error messages can quote request and stored
   * values, so the database's message is replaced by the guard's, in the backend's own error shape
   * (Qdrant {@code status.error}, Milvus {@code code} and {@code message}, Chroma {@code error} and
   * {@code message}), keeping only what quotes no value (Milvus's code, Chroma's error class).
   *
   * @param body the error body as received, or {@code null} when it could not be read
   */
  default byte[] withheldError(byte @Nullable [] body) {
    return ErrorBodies.withheld(backend(), body);
  }

  /** How the response of {@code call} must be handled. */
  ResponseKind responseKind(VectorCall call);

  /**
   * Whether the response of a {@link ResponseKind#RECORDS} call must pass {@link #maskResponse}
   * under {@code obligations}: when there are mask rules or vectors to strip, and for backends
   * whose requests cannot select fields (Chroma metadata) when output fields are restricted.
   */
  default boolean masksResponse(VectorCall call, Obligations obligations) {
    return !obligations.maskRules().isEmpty() || obligations.stripVectors();
  }

  /**
   * Copies a successful response body of a {@link ResponseKind#RECORDS} call from {@code in} to
   * {@code out}, masking its records with {@code plan} (compiled from {@code obligations}) and
   * applying what else of {@code obligations} only the response can enforce. An error the backend
   * reports inside a successful response (Milvus: a nonzero {@code code}) has its message
   * withheld like {@link #withheldError} when the obligations hide fields.
   *
   * @throws MaskingException when the body cannot be masked; what was written must be discarded
   */
  MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, InputStream in, OutputStream out)
      throws MaskingException;

  /**
   * {@link #maskResponse(VectorCall, Obligations, MaskPlan, InputStream, OutputStream)} of a body
   * already read whole, with the same output, counts and errors; the built-in dialects mask it
   * with {@link MaskPlan#maskJson(byte[], OutputStream, dev.vectorguard.mask.JsonLayout)}, which
   * is cheaper for the small bodies most calls return.
   *
   * @throws MaskingException when the body cannot be masked; what was written must be discarded
   */
  default MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, byte[] body,
      OutputStream out) throws MaskingException {
    return maskResponse(call, obligations, plan, new java.io.ByteArrayInputStream(body), out);
  }

  /**
   * Processes a buffered successful response of a {@link ResponseKind#COLLECTIONS} call: keeps only
   * listed collections for which {@code visible} is true, and remembers what the dialect needs
   * (Chroma collection ids). Returns the body to pass on.
   *
   * @throws RestClassificationException when the body is not the JSON the endpoint returns
   */
  byte[] filterCollections(VectorCall call, byte[] body, Predicate<String> visible)
      throws RestClassificationException;
}
