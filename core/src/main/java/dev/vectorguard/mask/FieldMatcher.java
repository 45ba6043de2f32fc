package dev.vectorguard.mask;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The mask rules' selectors compiled into one deterministic automaton over object keys. Arrays do
 * not move it: their elements sit at the same path as the array. Transitions depend only on
 * whether a key equals one of the selectors' literal names, so the automaton is finite and built
 * once per plan. Immutable and thread-safe. Not public API.
 */
final class FieldMatcher {
  static final int MAX_STATES = 1024;

  private final State start;

  private FieldMatcher(State start) {
    this.start = start;
  }

  /** The state at a record's root. */
  State start() {
    return start;
  }

  /** One automaton state: the effect of the rules that select a field reaching it, and the moves on. */
  static final class State {
    final @Nullable Effect effect;
    final boolean dead;
    private Map<String, State> literal = Map.of();
    private State other = this; // replaced while compiling; the dead state keeps it

    State(@Nullable Effect effect, boolean dead) {
      this.effect = effect;
      this.dead = dead;
    }

    State next(String key) {
      State s = literal.get(key);
      return s != null ? s : other;
    }
  }

  /**
   * Compiles {@code rules}.
   *
   * @throws IllegalArgumentException when a selector is malformed or the rules need too many states
   */
  static FieldMatcher compile(List<MaskRule> rules) {
    List<List<String>> selectors = new ArrayList<>();
    Set<String> literals = new LinkedHashSet<>();
    int[] offsets = new int[rules.size() + 1];
    for (int r = 0; r < rules.size(); r++) {
      List<String> segments = parse(rules.get(r).field());
      selectors.add(segments);
      offsets[r + 1] = offsets[r] + segments.size() + 1;
      segments.stream().filter(s -> !s.equals("*") && !s.equals("**")).forEach(literals::add);
    }
    Builder builder = new Builder(rules, selectors, offsets);
    BitSet initial = new BitSet();
    for (int r = 0; r < rules.size(); r++) {
      builder.addClosed(initial, r, 0);
    }
    Map<BitSet, State> states = new HashMap<>();
    Deque<BitSet> work = new ArrayDeque<>();
    State start = builder.state(initial, states, work);
    while (!work.isEmpty()) {
      BitSet set = work.poll();
      State state = states.get(set);
      Map<String, State> moves = new HashMap<>();
      for (String key : literals) {
        moves.put(key, builder.state(builder.move(set, key), states, work));
      }
      state.other = builder.state(builder.move(set, null), states, work);
      moves.values().removeIf(s -> s == state.other);
      state.literal = Map.copyOf(moves);
    }
    return new FieldMatcher(start);
  }

  /** Splits a selector into literal, {@code *} and {@code **} segments, dropping {@code []}. */
  static List<String> parse(String selector) {
    List<String> segments = new ArrayList<>();
    for (String raw : selector.split("\\.", -1)) {
      String segment = raw;
      while (segment.endsWith("[]")) {
        segment = segment.substring(0, segment.length() - 2);
      }
      if (segment.isEmpty()) {
        throw new IllegalArgumentException(raw.isEmpty()
            ? "mask field '" + selector + "' has an empty segment"
            : "mask field '" + selector + "' has [] without a field name before it");
      }
      if (segment.contains("[") || segment.contains("]")) {
        throw new IllegalArgumentException("mask field '" + selector
            + "' has an array index; only [] (every element) is supported");
      }
      if (segment.contains("*") && !segment.equals("*") && !segment.equals("**")) {
        throw new IllegalArgumentException("mask field '" + selector
            + "' has a partial wildcard in '" + segment + "'; use * for one level or ** for any depth");
      }
      if (segment.equals("**") && !raw.equals("**")) {
        throw new IllegalArgumentException("mask field '" + selector + "' has [] after **");
      }
      segments.add(segment);
    }
    if (segments.stream().allMatch(s -> s.equals("**"))) {
      throw new IllegalArgumentException("mask field '" + selector + "' selects no field; use **.name or *");
    }
    return List.copyOf(segments);
  }

  private record Builder(List<MaskRule> rules, List<List<String>> selectors, int[] offsets) {
    void addClosed(BitSet set, int rule, int index) {
      set.set(offsets[rule] + index);
      List<String> segments = selectors.get(rule);
      if (index < segments.size() && segments.get(index).equals("**")) {
        addClosed(set, rule, index + 1);
      }
    }

    /** The positions after reading {@code key}; {@code null} stands for any key that is no literal. */
    BitSet move(BitSet set, @Nullable String key) {
      BitSet next = new BitSet();
      for (int r = 0; r < rules.size(); r++) {
        List<String> segments = selectors.get(r);
        for (int i = 0; i < segments.size(); i++) {
          if (!set.get(offsets[r] + i)) {
            continue;
          }
          String segment = segments.get(i);
          if (segment.equals("**")) {
            addClosed(next, r, i);
          } else if (segment.equals("*") || segment.equals(key)) {
            addClosed(next, r, i + 1);
          }
        }
      }
      return next;
    }

    State state(BitSet set, Map<BitSet, State> states, Deque<BitSet> work) {
      State known = states.get(set);
      if (known != null) {
        return known;
      }
      if (states.size() >= MAX_STATES) {
        throw new IllegalArgumentException("mask rules are too complex: their selectors need more than "
            + MAX_STATES + " matcher states");
      }
      Effect effect = null;
      for (int r = 0; r < rules.size(); r++) {
        if (set.get(offsets[r] + selectors.get(r).size())) {
          effect = Effect.stronger(effect, Effect.of(rules.get(r)));
        }
      }
      State state = new State(effect, set.isEmpty());
      states.put(set, state);
      work.add(set);
      return state;
    }
  }
}
