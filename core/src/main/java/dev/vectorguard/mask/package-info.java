/** Masking of response payloads: rules, actions, PII detectors and the streaming engine. */
@NullMarked
package dev.vectorguard.mask;

import org.jspecify.annotations.NullMarked;
