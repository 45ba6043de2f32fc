package dev.vectorguard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldPathTest {

  private static FieldPath path(String... keys) {
    return FieldPath.of(List.of(keys));
  }

  @Test
  void aSelectorOverlapsTheFieldItNamesItsPartsAndWhatHoldsIt() {
    FieldPath selector = FieldPath.selector("customer.ssn");
    assertThat(selector.overlaps(path("customer", "ssn"))).isTrue();
    assertThat(selector.overlaps(path("customer", "ssn", "last4"))).isTrue();
    assertThat(selector.overlaps(path("customer"))).isTrue();
    assertThat(selector.overlaps(path("customer", "name"))).isFalse();
    assertThat(selector.overlaps(path("ssn"))).isFalse();
  }

  @Test
  void wildcardsMatchOneLevelOrAnyDepth() {
    assertThat(FieldPath.selector("*.email").overlaps(path("a", "email"))).isTrue();
    assertThat(FieldPath.selector("*.email").overlaps(path("a", "name"))).isFalse();
    assertThat(FieldPath.selector("meta.**").overlaps(path("meta", "x", "y"))).isTrue();
    assertThat(FieldPath.selector("contacts[].email").overlaps(path("contacts", "email"))).isTrue();
  }

  @Test
  void withinMeansTheSameFieldOrInsideIt() {
    assertThat(path("meta", "lang").within(FieldPath.selector("meta"))).isTrue();
    assertThat(path("meta").within(FieldPath.selector("meta"))).isTrue();
    assertThat(path("metadata").within(FieldPath.selector("meta"))).isFalse();
    assertThat(path("meta").within(FieldPath.selector("meta.lang"))).isFalse();
  }
}
