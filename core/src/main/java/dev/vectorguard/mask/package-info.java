/**
 * Masking of response payloads: rules, actions, PII detectors and the streaming engine.
 *
 * <p>{@link dev.vectorguard.mask.MaskEngine} compiles the {@link dev.vectorguard.mask.MaskRule}s
 * of a decision into a cached {@link dev.vectorguard.mask.MaskPlan}; REST adapters stream response
 * bodies through {@link dev.vectorguard.mask.MaskPlan#maskJson}, gRPC adapters pass each payload
 * map to {@link dev.vectorguard.mask.MaskPlan#maskRecord}. Both report
 * {@link dev.vectorguard.mask.MaskCounts} for the audit record, never values.
 * {@link dev.vectorguard.mask.PiiDetector} is the extension point for {@code detect-pii}.
 */
@NullMarked
@PublicApi
package dev.vectorguard.mask;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
