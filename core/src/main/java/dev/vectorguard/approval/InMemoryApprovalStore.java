package dev.vectorguard.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link ApprovalStore#inMemory()}: one lock over two maps, so every change is atomic. Final
 * requests beyond {@value #MAX_FINAL} are forgotten, oldest first, so a long-running process
 * does not grow without bound.
 */
final class InMemoryApprovalStore implements ApprovalStore {
  private static final int MAX_FINAL = 10_000;

  private final Map<String, ApprovalRecord> byId = new LinkedHashMap<>();
  private final Map<String, String> liveByFingerprint = new HashMap<>();
  private int finalCount;

  @Override
  public synchronized ApprovalRecord open(ApprovalRecord candidate) {
    ApprovalRecord live = live(candidate.fingerprint());
    if (live != null) {
      return live;
    }
    if (!candidate.state().live()) {
      throw new IllegalArgumentException("a new request must be live, but was " + candidate.state().id());
    }
    byId.put(candidate.id(), candidate);
    liveByFingerprint.put(candidate.fingerprint(), candidate.id());
    return candidate;
  }

  @Override
  public synchronized @Nullable ApprovalRecord find(String id) {
    return byId.get(id);
  }

  @Override
  public synchronized @Nullable ApprovalRecord live(String fingerprint) {
    String id = liveByFingerprint.get(fingerprint);
    return id == null ? null : byId.get(id);
  }

  @Override
  public synchronized List<ApprovalRecord> list(Set<ApprovalState> states, int limit) {
    List<ApprovalRecord> out = new ArrayList<>();
    for (ApprovalRecord record : byId.values()) {
      if (states.isEmpty() || states.contains(record.state())) {
        out.add(record);
      }
    }
    out.sort(Comparator.comparing(ApprovalRecord::requestedAt).reversed());
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  @Override
  public synchronized ApprovalRecord vote(String id, ApprovalRecord.Vote vote, Duration lifetime) {
    ApprovalRecord record = ApprovalRecord.requireVotable(byId.get(id), id, vote);
    ApprovalRecord next = record.withVote(vote, lifetime);
    byId.put(id, next);
    return next;
  }

  @Override
  public synchronized @Nullable ApprovalRecord transition(String id, Set<ApprovalState> from, ApprovalState to,
      @Nullable String by, @Nullable String reason, Instant at) {
    ApprovalRecord record = byId.get(id);
    if (record == null || !from.contains(record.state())) {
      return null;
    }
    return replace(record, record.withState(to, by, reason, at));
  }

  @Override
  public synchronized boolean spend(String id, Instant at) {
    ApprovalRecord record = byId.get(id);
    if (record == null || record.state() != ApprovalState.APPROVED || record.expiresAt() == null
        || !at.isBefore(record.expiresAt())) {
      return false;
    }
    replace(record, record.withState(ApprovalState.SPENT, null, null, at));
    return true;
  }

  private ApprovalRecord replace(ApprovalRecord record, ApprovalRecord next) {
    byId.put(record.id(), next);
    if (!next.state().live()) {
      liveByFingerprint.remove(record.fingerprint(), record.id());
      finalCount++;
      forgetOldFinal();
    }
    return next;
  }

  private void forgetOldFinal() {
    var it = byId.values().iterator();
    while (finalCount > MAX_FINAL && it.hasNext()) {
      if (!it.next().state().live()) {
        it.remove();
        finalCount--;
      }
    }
  }
}
