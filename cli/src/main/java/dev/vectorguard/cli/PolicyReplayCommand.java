package dev.vectorguard.cli;

import dev.vectorguard.Actor;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditJson;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.audit.RecordedCall;
import dev.vectorguard.policy.CompiledPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vectorguard policy replay --policy NEW.yaml AUDIT_FILE...}: decides every call recorded in
 * a verified audit trail again under a new policy, from the facts the trail stores, and prints the
 * calls whose effect or obligations would change, with totals. Exit 0 when nothing would change,
 * 1 when something would (like {@code diff}), 2 on error: an invalid policy, or a trail that cannot
 * be read, does not verify, or records a call the guard would not have written.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Re-decide every call recorded in audit trails under a new policy and print what would change: "
        + "the effect (allow → deny, deny → allow, → approve) and the obligations (max_results, vectors, "
        + "tenant_filter, mask), with totals by rule, workload and collection.",
        "The trail is verified first (as 'vectorguard audit verify' does). A change of rule ids alone is not a change.",
        "Exit 0: nothing would change; 1: something would; 2: error (bad policy, unreadable or tampered trail)."})
final class PolicyReplayCommand implements Callable<Integer> {
  private static final String NAME = "vectorguard policy replay: ";

  @Spec
  CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The new policy.")
  Path policy;

  @Parameters(arity = "1..*", paramLabel = "AUDIT_FILE",
      description = "Audit files or directories (a directory stands for its .jsonl files), one trail in order.")
  List<Path> files;

  @Mixin ChainOptions chain;

  @Option(names = "--json", description = "One JSON object per changed call (call_id, before, after, changes, ...); "
      + "the totals go to stderr.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy loaded = PolicyFiles.load(policy, err);
    if (loaded == null) {
      err.println(NAME + "the policy " + policy + " is invalid; nothing was replayed");
      err.flush();
      return 2;
    }
    PolicyReplay replay = new PolicyReplay(loaded);
    long undecided = 0;
    List<Path> trail;
    try {
      trail = AuditFileArgs.expand(files);
      AuditVerifier.Result verified = AuditVerifier.verify(trail, chain.from, null, chain.key());
      if (!verified.ok()) {
        err.println(NAME + "the trail does not verify, so it cannot be trusted to replay: " + verified.summary());
        err.flush();
        return 2;
      }
      Set<String> torn = verified.recovered().stream().map(p -> p.file() + ":" + p.line()).collect(Collectors.toSet());
      for (Path file : trail) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          long number = 0;
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (torn.contains(file + ":" + number)) {
              continue; // a line cut by a crash, which the trail's audit.recovered accounts for
            }
            RecordedCall recorded;
            try {
              recorded = RecordedCall.of(AuditJson.parse(line));
            } catch (IllegalArgumentException e) {
              err.println(NAME + file + " line " + number + ": " + e.getMessage());
              err.flush();
              return 2;
            }
            if (recorded == null) {
              undecided += refusedUndecided(line) ? 1 : 0;
              continue;
            }
            PolicyReplay.Change change = replay.replay(recorded);
            if (change != null) {
              if (json) {
                out.println(PolicyJson.write(json(change)));
              } else {
                print(change, out);
              }
            }
          }
        }
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println(NAME + e.getMessage());
      err.flush();
      return 2;
    }
    PrintWriter totals = json ? err : out;
    printTotals(replay, loaded, trail.size(), undecided, totals);
    out.flush();
    err.flush();
    return replay.changes().isEmpty() ? 0 : 1;
  }

  private static boolean refusedUndecided(String line) {
    return AuditJson.parse(line).type().equals(AuditEvent.CALL_REFUSED);
  }

  private static void print(PolicyReplay.Change change, PrintWriter out) {
    RecordedCall recorded = change.recorded();
    Actor actor = recorded.identity().actor();
    out.println(recorded.callId() + "  " + recorded.timestamp() + "  " + recorded.identity().workload().id()
        + (actor == null ? "" : " " + actor.attributes().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "(", ")")))
        + "  " + recorded.call().backend().id() + " " + recorded.call().operation().id() + " "
        + recorded.call().collections());
    out.println("    " + change.before().effect() + " " + change.before().rules() + " → " + change.after().effect() + " "
        + change.after().rules());
    out.println("    " + String.join("; ", change.differences()));
  }

  private static Map<String, Object> json(PolicyReplay.Change change) {
    RecordedCall recorded = change.recorded();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("call_id", recorded.callId());
    out.put("ts", recorded.timestamp().toString());
    out.put("event", recorded.event().type());
    out.put("workload", recorded.identity().workload().id());
    if (recorded.identity().actor() != null) {
      out.put("actor", recorded.identity().actor().attributes());
    }
    out.put("backend", recorded.call().backend().id());
    out.put("operation", recorded.call().operation().id());
    out.put("collections", recorded.call().collections());
    out.put("before", change.before().json());
    out.put("after", change.after().json());
    out.put("changes", change.differences());
    return out;
  }

  private void printTotals(PolicyReplay replay, CompiledPolicy loaded, int fileCount, long undecided, PrintWriter out) {
    int changed = replay.changes().size();
    out.println("policy replay: " + replay.decided() + " decided calls in " + fileCount + (fileCount == 1 ? " file" : " files")
        + " re-decided under " + loaded.source() + " (" + loaded.version() + "): " + changed + " would change, "
        + (replay.decided() - changed) + " unchanged"
        + (undecided == 0 ? "" : "; " + undecided + " refused before a decision, not replayed"));
    if (changed > 0) {
      out.println("  by effect:     " + format(replay.byKind()));
      out.println("  by rule:       " + format(replay.byRule()));
      out.println("  by workload:   " + format(replay.byWorkload()));
      out.println("  by collection: " + format(replay.byCollection()));
    }
  }

  private static String format(Map<String, Long> totals) {
    return totals.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }
}
