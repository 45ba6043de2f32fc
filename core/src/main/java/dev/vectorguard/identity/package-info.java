/**
 * Workload identity from verified tokens: {@link dev.vectorguard.identity.JwtWorkloadVerifier}
 * checks a JWT (Kubernetes service-account token, SPIFFE JWT-SVID) and yields a verified
 * {@link dev.vectorguard.Workload}; {@link dev.vectorguard.identity.VerifiedWorkload} supplies it
 * to {@link dev.vectorguard.VectorGuard} from a token file.
 */
@NullMarked
@PublicApi
package dev.vectorguard.identity;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
