package dev.vectorguard.cli;

import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Explanation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vectorguard policy explain}: decides one call and prints one JSON object with the
 * decision, its obligations and a per-rule trace. Exit 0 whenever it could evaluate.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Decide one call against a policy and print the decision, obligations and a per-rule trace as JSON.")
final class PolicyExplainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy file.")
  Path policy;

  @Option(names = "--workload", required = true, paramLabel = "ID", description = "The workload id, e.g. a SPIFFE id.")
  String workload;

  @Option(names = "--claim", paramLabel = "KEY=VALUE",
      description = "A verified claim of the workload (workload.<claim> in policies); repeatable.")
  List<String> claims = new ArrayList<>();

  @Option(names = "--actor", paramLabel = "KEY=VALUE", description = "An actor attribute, e.g. tenant=acme; repeatable.")
  List<String> actor = new ArrayList<>();

  @Option(names = "--backend", paramLabel = "BACKEND", description = "qdrant, milvus or chroma.")
  String backend;

  @Option(names = "--operation", paramLabel = "OP", description = "The operation, e.g. search, upsert, drop_collection.")
  String operation;

  @Option(names = "--collection", paramLabel = "NAME", description = "A collection the call touches; repeatable.")
  List<String> collections = new ArrayList<>();

  @Option(names = "--database", paramLabel = "DB", description = "The database (Milvus, Chroma).")
  String database;

  @Option(names = "--access", paramLabel = "LEVEL",
      description = "A stricter access level than the operation's default (read, write, manage, admin).")
  String access;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy loaded = PolicyFiles.load(policy, err);
    if (loaded == null) {
      return 1;
    }
    Identity identity;
    VectorCall call;
    try {
      identity = PolicyCallOptions.identity(workload, PolicyCallOptions.pairs(claims, "--claim"),
          PolicyCallOptions.pairs(actor, "--actor"));
      call = buildCall();
    } catch (IllegalArgumentException e) {
      err.println("vectorguard policy explain: " + e.getMessage());
      err.flush();
      return 2;
    }
    Explanation explanation = loaded.explain(identity, call);
    out.println(PolicyJson.write(PolicyJson.explanation(explanation)));
    out.flush();
    return 0;
  }

  /**
   * The call to explain. Today it is built from {@code --backend}, {@code --operation},
   * {@code --collection} and {@code --database}; options that describe a raw request
   * ({@code --http "METHOD PATH" [--body]}, {@code --grpc SERVICE/METHOD [--message]}) classify
   * it with a dialect here instead.
   *
   * @throws IllegalArgumentException when the options do not describe a call
   */
  VectorCall buildCall() {
    return PolicyCallOptions.call(backend, operation, collections, database, access);
  }
}
