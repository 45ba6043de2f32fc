package dev.vectorguard.mask;

import dev.vectorguard.Spi;
import java.util.List;

/**
 * Finds one type of PII entity in a text. Implementations must be thread-safe, must return spans
 * inside the text, and should run in time linear in its length: they see every string that a
 * {@code detect-pii} rule selects, including very long ones. Matches may overlap each other and
 * other detectors' matches; {@link PiiDetectors#scan} resolves overlaps.
 *
 * <pre>{@code
 * PiiDetector employeeIds = PiiDetectors.regex("EMPLOYEE_ID", Pattern.compile("\\bEMP-\\d{6}\\b"));
 * MaskSettings settings = MaskSettings.builder()
 *     .detectors(Stream.concat(PiiDetectors.defaults().stream(), Stream.of(employeeIds)).toList())
 *     .build();
 * }</pre>
 */
@Spi
public interface PiiDetector {
  /** The entity type this detector reports, such as {@code EMAIL}. */
  String type();

  /** The entities found in {@code text}, each with {@link #type()}; empty when there are none. */
  List<PiiMatch> find(CharSequence text);
}
