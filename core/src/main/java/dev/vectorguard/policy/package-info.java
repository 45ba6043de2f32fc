/** The policy language: loading, validation, compiled rules and decisions. */
@NullMarked
package dev.vectorguard.policy;

import org.jspecify.annotations.NullMarked;
