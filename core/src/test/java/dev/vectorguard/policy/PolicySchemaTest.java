package dev.vectorguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped JSON Schema describes the same language the loader accepts. */
class PolicySchemaTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream in = PolicyLoader.class.getResourceAsStream("policy.schema.json")) {
      assertThat(in).as("policy.schema.json is on the classpath next to PolicyLoader").isNotNull();
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
  }

  private static List<Error> schemaErrors(String yaml) throws Exception {
    JsonNode node = YAML.readTree(yaml);
    return schema.validate(node);
  }

  @Test
  void everySamplePolicyValidatesAgainstTheSchema() throws Exception {
    for (Path file : SamplePoliciesTest.samplePolicies()) {
      assertThat(schemaErrors(Files.readString(file))).as(file.toString()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "version: 1\nrules: []\n",
      "version: 1\nmode: monitor\ndefaults: { effect: deny }\nrules:\n  - { id: a, effect: allow }\n",
      "version: 1\nrules:\n  - id: t\n    when: { actor.tenant: \"*\", workload.env: prod }\n"
          + "    collections: [\"tenant-${actor.tenant}-*\", \"shared\"]\n    databases: [\"db_${workload.env}\"]\n"
          + "    effect: allow\n    obligations:\n      tenant_filter: { field: tenant_id, value: \"${actor.tenant}\" }\n"
          + "      mask: [{ field: phone, with: partial, keep: 2 }, { field: email, with: hash }]\n"
          + "      output_fields: [title]\n      filter_listings: true\n      max_results: 3\n      vectors: keep\n",
      "version: 1\nrules:\n  - id: ops\n    operations: [delete, drop_collection]\n    backends: [milvus]\n"
          + "    actions: [write, manage]\n    effect: approve\n"
          + "    approval: { approvers: [\"group:dba\"], ttl: 90s, single_use: false }\n",
      "version: 1\nrules:\n  - id: ops\n    effect: approve\n    approval:\n      approvers: [\"group:dba\", \"group:sec\"]\n"
          + "      ttl: 1h\n      min_approvals: 2\n      wait: 2m\n"
          + "      window: { days: [mon, fri], from: \"22:00\", to: \"06:00\", zone: Europe/Berlin }\n",
  })
  void validPoliciesPassBoth(String yaml) throws Exception {
    assertThat(schemaErrors(yaml)).isEmpty();
    PolicyLoader.parse(yaml, "valid.yaml");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "version: 2\nrules: []\n",
      "version: 1\n",
      "version: 1\nrules: []\nextra: 1\n",
      "version: 1\nmode: audit\nrules: []\n",
      "version: 1\ndefaults: { effect: allow }\nrules: []\n",
      "version: 1\nrules:\n  - { effect: allow }\n",
      "version: 1\nrules:\n  - { id: a }\n",
      "version: 1\nrules:\n  - { id: a, effect: permit }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, colections: [x] }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, collections: [] }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, operations: [serch] }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, actions: [delete] }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, backends: [pinecone] }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, collections: [\"a***\"] }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, collections: [\"a[0]\"] }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, collections: [\"t-${user.tenant}\"] }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, when: { actor.tenant: \"${actor.tenant}\" } }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, when: { user: bob } }\n",
      "version: 1\nrules:\n  - { id: a, effect: deny, obligations: { max_results: 1 } }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, approval: { approvers: [x], ttl: 1m } }\n",
      "version: 1\nrules:\n  - { id: a, effect: approve }\n",
      "version: 1\nrules:\n  - { id: a, effect: approve, approval: { approvers: [x], ttl: 15 minutes } }\n",
      "version: 1\nrules:\n  - { id: a, effect: approve, approval: { approvers: [x], ttl: 1m, min_approvals: 0 } }\n",
      "version: 1\nrules:\n  - { id: a, effect: approve, approval: { approvers: [x], ttl: 1m, wait: soon } }\n",
      "version: 1\nrules:\n  - { id: a, effect: approve, approval: { approvers: [x], ttl: 1m, window: { from: \"8\" } } }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, obligations: { max_results: 0 } }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, obligations: { vectors: hide } }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, obligations: { mask: [{ field: e, with: blur }] } }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, obligations: { mask: [{ field: e, with: hash, keep: 2 }] } }\n",
      "version: 1\nrules:\n  - { id: a, effect: allow, obligations: { tenant_filter: { field: t } } }\n",
      "version: 1\nrules:\n  - { id: \"a b\", effect: allow }\n",
  })
  void invalidPoliciesFailBoth(String yaml) throws Exception {
    assertThat(schemaErrors(yaml)).as("schema errors").isNotEmpty();
    assertThat(catchThrowable(() -> PolicyLoader.parse(yaml, "invalid.yaml")))
        .isInstanceOf(PolicyValidationException.class);
  }
}
