package dev.vectorguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyValidationTest {

  private static List<String> errors(String yaml) {
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class,
        () -> PolicyLoader.parse(yaml, "p.yaml"));
    assertThat(e).as("the policy should be rejected").isNotNull();
    return e.errors().stream().map(PolicyError::toString).toList();
  }

  private static List<String> ruleErrors(String rule) {
    return errors("version: 1\nrules:\n" + rule);
  }

  @Test
  void unknownTopLevelKeyNamesTheAllowedKeys() {
    assertThat(errors("version: 1\nrule: []\nrules: []\n")).containsExactly(
        "p.yaml:2:1: unknown key 'rule'; allowed keys: version, mode, defaults, rules");
  }

  @Test
  void unknownRuleKeyNamesTheRuleAndTheAllowedKeys() {
    assertThat(ruleErrors("""
          - id: r1
            colections: [docs]
            effect: allow
        """)).containsExactly("p.yaml:4:5: rule 'r1': unknown key 'colections'; allowed keys: id, description, "
        + "when, backends, databases, collections, actions, operations, effect, obligations, approval");
  }

  @Test
  void maskLookupsAreNoneOrExact() {
    assertThat(ruleErrors("""
          - id: r1
            effect: allow
            obligations: { mask: [{ field: email, with: hash, lookups: prefix }] }
        """)).containsExactly("p.yaml:5:64: rule 'r1': lookups must be none (the default: no filter may read the masked"
        + " field) or exact (filters testing it for equality are allowed), but was 'prefix'");
  }

  @Test
  void unknownKeysInNestedBlocks() {
    assertThat(ruleErrors("""
          - id: r1
            when: { user: bob }
            effect: allow
            obligations: { max_result: 3, mask: [{ field: a, with: hash, how: x }] }
        """)).containsExactly(
        "p.yaml:4:13: rule 'r1': unknown key 'user' in when; allowed keys: workload, workload.<claim>, actor.<name>",
        "p.yaml:6:20: rule 'r1': unknown key 'max_result' in obligations; allowed keys: max_results, vectors, "
            + "tenant_filter, mask, output_fields, filter_listings",
        "p.yaml:6:66: rule 'r1': unknown key 'how' in mask; allowed keys: field, with, keep, lookups");
  }

  @Test
  void badEffect() {
    assertThat(ruleErrors("  - id: r1\n    effect: permit\n")).containsExactly(
        "p.yaml:4:13: rule 'r1': effect must be one of allow, deny, approve, but was 'permit'");
  }

  @Test
  void missingEffectAndId() {
    assertThat(ruleErrors("  - id: r1\n  - effect: allow\n")).containsExactly(
        "p.yaml:3:5: rule 'r1': missing key 'effect'; expected one of allow, deny, approve",
        "p.yaml:4:5: rule 2 has no 'id'; every rule needs a unique id");
  }

  @Test
  void duplicateRuleId() {
    assertThat(ruleErrors("""
          - id: same
            effect: allow
          - id: same
            effect: deny
        """)).containsExactly("p.yaml:5:9: rule 'same': duplicate rule id 'same'; it is first used at line 3");
  }

  @Test
  void duplicateYamlKey() {
    assertThat(ruleErrors("""
          - id: r1
            effect: allow
            effect: deny
        """)).containsExactly("p.yaml:5:5: duplicate key 'effect'; it is already set at line 4");
  }

  @Test
  void emptyCollections() {
    assertThat(ruleErrors("  - id: r1\n    collections: []\n    effect: allow\n")).containsExactly(
        "p.yaml:4:5: rule 'r1': collections must not be empty: omit the key to match every call, "
            + "or list collections globs");
  }

  @Test
  void unknownOperationActionAndBackendListTheValidOnes() {
    List<String> errors = ruleErrors("""
          - id: r1
            operations: [serch]
            actions: [delete]
            backends: [pinecone]
            effect: allow
        """);
    assertThat(errors).hasSize(3);
    assertThat(errors.get(0)).startsWith("p.yaml:4:18: rule 'r1': unknown operation 'serch'; valid operations: "
        + "search, query, recommend, ").endsWith(", health, unknown");
    assertThat(errors.get(1)).isEqualTo(
        "p.yaml:5:15: rule 'r1': unknown action 'delete'; valid actions: none, read, write, manage, admin");
    assertThat(errors.get(2)).isEqualTo(
        "p.yaml:6:16: rule 'r1': unknown backend 'pinecone'; valid backends: qdrant, milvus, chroma");
  }

  @Test
  void malformedGlobs() {
    assertThat(ruleErrors("""
          - id: r1
            when: { workload: "spiffe://x/***" }
            collections: ["docs[0]", "", "a?"]
            effect: allow
        """)).containsExactly(
        "p.yaml:4:23: rule 'r1': malformed glob 'spiffe://x/***': '***' is not a wildcard; use '*' "
            + "(within a '/'-separated segment) or '**' (across segments)",
        "p.yaml:5:19: rule 'r1': malformed glob 'docs[0]': '[' is not supported; globs have only '*' "
            + "(within a '/'-separated segment) and '**' (across segments)",
        "p.yaml:5:30: rule 'r1': each of collections must not be blank",
        "p.yaml:5:34: rule 'r1': malformed glob 'a?': '?' is not supported; globs have only '*' "
            + "(within a '/'-separated segment) and '**' (across segments)");
  }

  @Test
  void templateNamingAnUnknownAttribute() {
    assertThat(ruleErrors("""
          - id: r1
            collections: ["t-${user.tenant}-*"]
            effect: allow
        """)).containsExactly("p.yaml:4:19: rule 'r1': template '${user.tenant}' names an unknown attribute "
        + "'user.tenant'; allowed: workload, workload.<claim>, actor.<name>");
  }

  @Test
  void unterminatedTemplateAndTemplatesInWhen() {
    assertThat(ruleErrors("""
          - id: r1
            when: { actor.team: "${workload.team}" }
            collections: ["t-${actor.tenant"]
            effect: allow
        """)).containsExactly(
        "p.yaml:4:25: rule 'r1': templates are not allowed in when, but '${workload.team}' has "
            + "'${workload.team}'; they are allowed in collections, databases and tenant_filter.value",
        "p.yaml:5:19: rule 'r1': malformed template in 't-${actor.tenant': '${' without a closing '}'");
  }

  @Test
  void obligationsOnADenyRule() {
    assertThat(ruleErrors("  - id: r1\n    effect: deny\n    obligations: { max_results: 3 }\n")).containsExactly(
        "p.yaml:5:5: rule 'r1': obligations are not allowed on a deny rule: a denied call is never sent");
  }

  @Test
  void approvalOnlyOnApproveRulesAndRequiredThere() {
    assertThat(ruleErrors("""
          - id: r1
            effect: allow
            approval: { approvers: [a], ttl: 1h }
          - id: r2
            effect: approve
        """)).containsExactly(
        "p.yaml:5:5: rule 'r1': approval is allowed only on a rule with effect approve, but the effect is allow",
        "p.yaml:6:5: rule 'r2': a rule with effect approve needs an approval block with approvers and ttl");
  }

  @Test
  void badTtlAndApprovalShape() {
    assertThat(ruleErrors("""
          - id: r1
            effect: approve
            approval: { approvers: [], ttl: 15 minutes, single_use: often }
          - id: r2
            effect: approve
            approval: { ttl: 0m }
        """)).containsExactly(
        "p.yaml:5:17: rule 'r1': approvers must not be empty: omit the key to match every call, or list who may approve",
        "p.yaml:5:37: rule 'r1': ttl must be a duration such as 90s, 15m, 2h or 1d, but was '15 minutes'",
        "p.yaml:5:61: rule 'r1': single_use must be true or false, but was a string",
        "p.yaml:8:15: rule 'r2': approval needs approvers and ttl, such as "
            + "{ approvers: [\"group:dba\"], ttl: 15m, single_use: true }");
  }

  @Test
  void badApprovalTerms() {
    assertThat(ruleErrors("""
          - id: r1
            effect: approve
            approval: { approvers: [a], ttl: 1h, min_approvals: 0, wait: 2h, quorum: 2 }
          - id: r2
            effect: approve
            approval:
              approvers: [a]
              ttl: 1h
              window: { days: [mon, funday], from: "8am", to: "18:00", zone: Mars/Olympus }
          - id: r3
            effect: approve
            approval: { approvers: [a], ttl: 1h, window: { from: "08:00", to: "08:00" } }
          - id: r4
            effect: approve
            approval: { approvers: [a], ttl: 1h, window: { days: [mon] } }
        """)).containsExactly(
        "p.yaml:5:57: rule 'r1': min_approvals must be a whole number from 1 to 20, but was '0'",
        "p.yaml:5:66: rule 'r1': wait must be at most 1h (a held call keeps its caller waiting), but was '2h'",
        "p.yaml:5:70: rule 'r1': unknown key 'quorum' in approval; allowed keys: approvers, ttl, single_use, "
            + "min_approvals, wait, window",
        "p.yaml:11:29: rule 'r2': days must be among mon, tue, wed, thu, fri, sat, sun, but was 'funday'",
        "p.yaml:11:44: rule 'r2': from must be a time of day as HH:MM, such as \"08:00\", but was '8am'",
        "p.yaml:11:70: rule 'r2': zone must be a time zone id such as UTC or Europe/Berlin, but was 'Mars/Olympus'",
        "p.yaml:14:71: rule 'r3': window from and to must differ, but both were 08:00",
        "p.yaml:17:50: rule 'r4': window needs from and to, such as { days: [mon, tue, wed, thu, fri], "
            + "from: \"08:00\", to: \"18:00\", zone: Europe/Berlin }");
  }

  @Test
  void badMaskActionAndKeep() {
    assertThat(ruleErrors("""
          - id: r1
            effect: allow
            obligations:
              mask:
                - { field: email, with: blur }
                - { field: ssn, with: hash, keep: 4 }
                - { field: phone, with: partial, keep: -1 }
        """)).containsExactly(
        "p.yaml:7:33: rule 'r1': unknown mask action 'blur'; valid actions: detect-pii, partial, hash, redact, "
            + "null, drop",
        "p.yaml:8:37: rule 'r1': keep applies only to with: partial, but with is hash",
        "p.yaml:9:48: rule 'r1': keep must be an integer from 0 to 9999, but was '-1'");
  }

  @Test
  void malformedMaskSelectorsAreRefusedWhenLoadedNotWhenACallIsMasked() {
    assertThat(ruleErrors("""
          - id: r1
            effect: allow
            obligations:
              mask:
                - { field: "**", with: redact }
                - { field: "contacts[0].email", with: drop }
                - { field: "contacts[].email", with: drop }
        """)).containsExactly(
        "p.yaml:7:20: rule 'r1': mask field '**' selects no field; use **.name or *",
        "p.yaml:8:20: rule 'r1': mask field 'contacts[0].email' has an array index; only [] (every element) is"
            + " supported");
  }

  @Test
  void maxResultsAndVectors() {
    assertThat(ruleErrors("""
          - id: r1
            effect: allow
            obligations: { max_results: 0, vectors: hide }
          - id: r2
            effect: allow
            obligations: { max_results: "10" }
        """)).containsExactly(
        "p.yaml:5:33: rule 'r1': max_results must be at least 1, but was 0",
        "p.yaml:5:45: rule 'r1': vectors must be strip or keep, but was 'hide'",
        "p.yaml:8:33: rule 'r2': max_results must be an integer, but was a string");
  }

  @Test
  void wrongOrMissingVersion() {
    assertThat(errors("version: 2\nrules: []\n")).containsExactly(
        "p.yaml:1:10: unsupported version 2; this Vectorguard reads policy version 1");
    assertThat(errors("version: \"1\"\nrules: []\n")).containsExactly(
        "p.yaml:1:10: version must be the integer 1, but was a string");
    assertThat(errors("rules: []\n")).containsExactly("p.yaml:1:1: missing key 'version'; expected version: 1");
  }

  @Test
  void defaultsMayOnlyDeny() {
    assertThat(errors("version: 1\ndefaults: { effect: allow }\nrules: []\n")).containsExactly(
        "p.yaml:2:21: defaults.effect must be deny, but was 'allow': a call no rule matches is always denied; "
            + "write an allow rule to allow more");
  }

  @Test
  void aCasesFileIsNotAPolicy() {
    assertThat(errors("cases:\n  - name: x\n")).containsExactly(
        "p.yaml:1:1: this looks like a cases file for 'vectorguard policy test', not a policy");
  }

  @Test
  void badModeAndMissingRules() {
    assertThat(errors("version: 1\nmode: audit\n")).containsExactly(
        "p.yaml:1:1: missing key 'rules'; expected a list of rules (an empty list denies every call)",
        "p.yaml:2:7: mode must be enforce or monitor, but was 'audit'");
  }

  @Test
  void typeErrorsSayWhatWasFound() {
    assertThat(ruleErrors("""
          - id: r1
            collections: docs
            operations: [1]
            effect: allow
        """)).containsExactly(
        "p.yaml:4:18: rule 'r1': collections must be a list, but was a string",
        "p.yaml:5:18: rule 'r1': each of operations must be a string, but was an integer (1); quote it");
  }

  @Test
  void syntaxErrorsHaveAPosition() {
    List<String> errors = errors("version: 1\nrules:\n  - id: [unclosed\n");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).isEqualTo("p.yaml:4:1: not valid YAML: expected ',' or ']', but got <stream end>");
  }

  @Test
  void yamlAnchorsAliasesAndTagsAreRejected() {
    assertThat(ruleErrors("""
          - id: a
            collections: &c [docs]
            effect: allow
          - id: b
            collections: *c
            effect: !!str deny
        """)).containsExactly(
        "p.yaml:4:18: YAML anchors (&c) are not supported; write the value out",
        "p.yaml:7:18: YAML aliases (*c) are not supported; write the value out",
        "p.yaml:7:18: rule 'b': collections must be a list, but was a string",
        "p.yaml:8:13: YAML tags (tag:yaml.org,2002:str) are not supported");
  }

  @Test
  void jsonPoliciesAreReadAsJson() throws Exception {
    CompiledPolicy policy = PolicyLoader.parse("{\"version\": 1, \"rules\": [{\"id\": \"a\", \"effect\": \"allow\"}]}",
        "p.json");
    assertThat(policy.ruleIds()).containsExactly("a");
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class,
        () -> PolicyLoader.parse("{\"version\": 1,\n \"rules\": [{\"id\": \"a\", \"effect\": \"maybe\"}]}", "p.json"));
    assertThat(e.getMessage()).isEqualTo(
        "p.json:2:34: rule 'a': effect must be one of allow, deny, approve, but was 'maybe'");
  }

  @Test
  void emptyAndNonMapDocuments() {
    assertThat(errors("")).containsExactly("p.yaml:1:1: the policy is empty; expected a map with version and rules");
    assertThat(errors("- a\n")).containsExactly(
        "p.yaml:1:1: a policy must be a map with version and rules, but was a list");
  }

  @Test
  void everyErrorIsReportedInFileOrderAndTheMessageHasOneLineEach() {
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class, () -> PolicyLoader.parse("""
        version: 1
        rules:
          - id: a
            effect: nope
          - id: b
            operations: [nope]
            effect: allow
        """, "p.yaml"));
    assertThat(e.getMessage()).isEqualTo("""
        p.yaml:4:13: rule 'a': effect must be one of allow, deny, approve, but was 'nope'
        p.yaml:6:18: rule 'b': unknown operation 'nope'; valid operations: %s""".formatted(
        String.join(", ", java.util.Arrays.stream(dev.vectorguard.Operation.values())
            .map(dev.vectorguard.Operation::id).toList())));
  }

  @Test
  void aValidationFailureAlwaysNamesAnError() {
    assertThatThrownBy(() -> new PolicyValidationException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void versionIsADigestOfTheText() throws Exception {
    CompiledPolicy a = PolicyLoader.parse("version: 1\nrules: []\n", "a.yaml");
    CompiledPolicy b = PolicyLoader.parse("version: 1\nrules: []\n", "b.yaml");
    CompiledPolicy c = PolicyLoader.parse("version: 1\nrules: [] # changed\n", "c.yaml");
    assertThat(a.version()).matches("sha256:[0-9a-f]{16}").isEqualTo(b.version()).isNotEqualTo(c.version());
  }
}
