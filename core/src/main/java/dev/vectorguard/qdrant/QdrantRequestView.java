package dev.vectorguard.qdrant;

import java.util.List;
import java.util.Objects;

/**
 * What {@link QdrantRules} asks of one Qdrant request, answered by a transport binding from its
 * wire format. Each answer covers the whole request: every batch entry, every prefetch at any
 * depth, every nested filter. A binding must answer for every part its protocol can carry; the
 * conformance suite checks that REST and gRPC answer alike.
 */
public interface QdrantRequestView {

  /** How a request reads a payload key. */
  enum KeyUse {
    /** a filter condition's key ({@code must}, {@code should}, {@code must_not}, nested). */
    FILTER("filtering on"),
    /** {@code group_by}: each group carries the key's value. */
    GROUP("grouping by"),
    /** {@code order_by} (scroll's and the query API's): each point carries its order value. */
    ORDER("ordering by"),
    /** a facet's key: the response lists the key's values with counts. */
    FACET("faceting on"),
    /** a score formula's variable, or a literal the guard checks as if it were one. */
    FORMULA("scoring by");

    private final String verb;

    KeyUse(String verb) {
      this.verb = verb;
    }

    /** How the use reads in a refusal ({@code "ordering by"}). */
    public String verb() {
      return verb;
    }
  }

  /**
   * One payload key a request reads.
   *
   * @param use how it reads it
   * @param key the key as spelled on the wire, not yet parsed; inside a {@code nested} condition,
   *     prefixed with the nested key and {@code []} ({@code contacts[].email}), as Qdrant reads it
   * @param exact for a filter, whether it only tests the key for equality with given values
   *     ({@code match} by {@code value}, {@code any} or {@code except}); ranges, full-text
   *     matches, geo, counts and emptiness tests are not exact
   */
  record KeyRead(KeyUse use, String key, boolean exact) {
    public KeyRead {
      Objects.requireNonNull(use, "use");
      Objects.requireNonNull(key, "key");
    }

    /** A key read that is not an exact-match filter. */
    public KeyRead(KeyUse use, String key) {
      this(use, key, false);
    }
  }

  /** Every payload key the request reads, with how it reads it. */
  List<KeyRead> keyReads();

  /**
   * Whether a point id stands where a vector is expected: recommend {@code positive}/{@code negative},
   * discover {@code target}/{@code context}, query inputs. Qdrant loads those points' vectors
   * without the request's filter ({@code fetch_vectors.rs}).
   */
  boolean usesPointIdsAsExamples();

  /** Whether the request looks up records of another collection ({@code with_lookup}). */
  boolean looksUpRecords();
}
