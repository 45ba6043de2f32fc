/**
 * The policy language: loading, validation, compiled rules and decisions.
 *
 * <p>{@link dev.vectorguard.policy.PolicyLoader} reads a YAML or JSON policy (the language is
 * described by {@code policy.schema.json} in this package and in {@code samples/policies/README.md}),
 * reports every problem as a {@link dev.vectorguard.policy.PolicyError} with file, line, column
 * and rule, and returns an immutable {@link dev.vectorguard.policy.CompiledPolicy}.
 * {@link dev.vectorguard.policy.ReloadingPolicy} keeps a policy file in force across edits,
 * rejecting invalid ones and telling a {@link dev.vectorguard.policy.PolicyListener}.
 *
 * <pre>{@code
 * CompiledPolicy policy = PolicyLoader.load(Path.of("policy.yaml"));
 * Decision decision = policy.decide(identity, call);          // allow, deny or needs approval
 * Explanation why = policy.explain(identity, call);           // plus a per-rule trace
 * }</pre>
 *
 * <p>Everything else in this package is an implementation detail and package-private.
 */
@NullMarked
@PublicApi
package dev.vectorguard.policy;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
