package dev.vectorguard.cli;

import com.google.protobuf.Message;
import dev.vectorguard.Identity;
import dev.vectorguard.RequestRewrite;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Explanation;
import dev.vectorguard.rest.RestClassificationException;
import dev.vectorguard.rest.RestDialect;
import dev.vectorguard.rest.RestRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vectorguard policy explain}: decides one call and prints one JSON object with the
 * decision, its obligations and a per-rule trace. Given a raw request ({@code --http} with
 * {@code --body}, or {@code --grpc} with {@code --message}), it also runs the guard's whole request
 * path on it, as the adapters do but without sending, and adds {@code outcome} ({@code sent},
 * {@code needs_approval} or {@code refused}) with {@code sent}, the exact request that would be
 * sent, or {@code refusal}, why it would not be: an allowed facet on a masked field is refused
 * there. Exit 0 whenever it could evaluate.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Decide one call against a policy and print the decision, obligations and a per-rule trace as JSON;"
        + " for a raw --http or --grpc request also what the guard would send, or why it would refuse it.")
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

  @Option(names = "--http", paramLabel = "\"METHOD PATH\"",
      description = "A raw REST request to classify with the backend's dialect instead of --operation, "
          + "e.g. \"POST /collections/docs/points/search\"; the output then shows the request as the guard "
          + "would send it, or its refusal.")
  String http;

  @Option(names = "--body", paramLabel = "JSON|@FILE", description = "The body of the --http request, or @FILE to read it.")
  String body;

  @Option(names = "--grpc", paramLabel = "SERVICE/METHOD",
      description = "A gRPC call to classify instead, e.g. qdrant.Points/Search; replaces --backend, --operation, "
          + "--collection, --database and --access. The output then shows the message as the guard would send it, "
          + "or its refusal.")
  String grpc;

  @Option(names = "--message", paramLabel = "JSON", description = "With --grpc: the request message in protobuf JSON.")
  String message;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy loaded = PolicyFiles.load(policy, err);
    if (loaded == null) {
      return 1;
    }
    Identity identity;
    Target target;
    try {
      identity = PolicyCallOptions.identity(workload, PolicyCallOptions.pairs(claims, "--claim"),
          PolicyCallOptions.pairs(actor, "--actor"));
      target = buildCall();
    } catch (IllegalArgumentException e) {
      err.println("vectorguard policy explain: " + e.getMessage());
      err.flush();
      return 2;
    }
    Explanation explanation = loaded.explain(identity, target.call());
    Map<String, Object> explained = PolicyJson.explanation(explanation);
    if (target.rewrite() != null) {
      explained.putAll(RequestPath.run(loaded, identity, target.call(), target.rewrite()));
    }
    out.println(PolicyJson.write(explained));
    out.flush();
    return 0;
  }

  /** The call to explain, and for a raw request the adapter's rewrite of it. */
  record Target(VectorCall call, @Nullable RequestRewrite<Object> rewrite) {}

  /**
   * The call to explain: built from {@code --backend}, {@code --operation}, {@code --collection}
   * and {@code --database}, or classified with a dialect from a raw request
   * ({@code --http "METHOD PATH" [--body]}, {@code --grpc SERVICE/METHOD [--message]}), which then
   * also gets the rewrite the adapter would run on it.
   *
   * @throws IllegalArgumentException when the options do not describe a call
   */
  Target buildCall() {
    if (grpc != null) {
      if (http != null || body != null || backend != null || operation != null || !collections.isEmpty()
          || database != null || access != null) {
        throw new IllegalArgumentException("--grpc classifies the call itself; drop --http, --body, --backend, --operation, "
            + "--collection, --database and --access");
      }
      Message request = GrpcRequests.message(grpc, message);
      VectorCall call = GrpcRequests.classify(grpc, request);
      return new Target(call, RequestPath.grpc(GrpcRequests.name(grpc), request, call));
    }
    if (message != null) {
      throw new IllegalArgumentException("--message needs --grpc");
    }
    if (http == null) {
      if (body != null) {
        throw new IllegalArgumentException("--body needs --http");
      }
      return new Target(PolicyCallOptions.call(backend, operation, collections, database, access), null);
    }
    if (operation != null || !collections.isEmpty() || database != null || access != null) {
      throw new IllegalArgumentException("--http classifies the call itself; drop --operation, --collection, "
          + "--database and --access");
    }
    if (backend == null) {
      throw new IllegalArgumentException("--http needs --backend");
    }
    String[] request = http.strip().split("\\s+");
    if (request.length != 2) {
      throw new IllegalArgumentException("--http takes \"METHOD PATH\", but was '" + http + "'");
    }
    RestDialect dialect = RestDialect.forBackend(HttpRequests.backend(backend));
    RestRequest rest = HttpRequests.request(request[0], request[1], readBody());
    try {
      VectorCall call = dialect.classify(rest);
      return new Target(call, RequestPath.rest(dialect, rest, call));
    } catch (RestClassificationException e) {
      throw new IllegalArgumentException("the request cannot be classified: " + e.getMessage(), e);
    }
  }

  private String readBody() {
    if (body == null || !body.startsWith("@")) {
      return body;
    }
    try {
      return Files.readString(Path.of(body.substring(1)));
    } catch (IOException e) {
      throw new IllegalArgumentException("--body " + body + " cannot be read: " + e.getMessage(), e);
    }
  }
}
