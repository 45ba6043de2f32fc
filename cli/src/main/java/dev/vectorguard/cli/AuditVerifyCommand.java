package dev.vectorguard.cli;

import dev.vectorguard.audit.AuditVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vectorguard audit verify FILE...}: checks the hash chain across rotated files. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
        "Check the hash chain of audit files, in the order given (a directory stands for its .jsonl files, by name),",
        "or, with --kafka-bootstrap and --topic, each guard instance's chain in a Kafka audit topic.",
        "Prints 'OK <n> events' and exits 0, or prints the first broken line and why "
            + "(edited, missing, reordered, truncated) and exits 1. Exits 2 when a file cannot be read."})
final class AuditVerifyCommand implements Callable<Integer> {
  private static final String HASH = "[0-9a-f]{64}";

  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Audit files or directories.")
  List<Path> files = List.of();

  @Mixin AuditKafkaOptions kafka;

  @Option(names = "--dump", paramLabel = "DIR",
      description = "With --kafka-bootstrap: keep the chains read from the topic as DIR/<instance>.jsonl.")
  Path dump;

  @Mixin ChainOptions chain;

  @Option(names = "--head", paramLabel = "HASH",
      description = "The hash the last event must have: an anchor kept elsewhere, to detect events cut from the end.")
  String head;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!chain.from.matches(HASH)) {
      err.println("vectorguard audit verify: --from must be 64 lower-case hex digits, but was '" + chain.from + "'");
      return 2;
    }
    if (head != null && !head.matches(HASH)) {
      err.println("vectorguard audit verify: --head must be 64 lower-case hex digits, but was '" + head + "'");
      return 2;
    }
    if (kafka.given()) {
      String problem = kafka.problem() != null ? kafka.problem()
          : !files.isEmpty() ? "give FILE arguments or --kafka-bootstrap, not both"
          : head != null ? "--head names one trail's head; a topic holds one chain per instance" : null;
      if (problem != null) {
        err.println("vectorguard audit verify: " + problem);
        return 2;
      }
      byte[] key;
      try {
        key = chain.key();
      } catch (IllegalArgumentException e) {
        err.println("vectorguard audit verify: " + e.getMessage());
        return 2;
      }
      return AuditKafkaVerification.run(kafka, dump, chain.from, key, out, err);
    }
    if (files.isEmpty()) {
      err.println("vectorguard audit verify: give audit files or directories, or --kafka-bootstrap and --topic");
      return 2;
    }
    AuditVerifier.Result result;
    try {
      result = AuditVerifier.verify(AuditFileArgs.expand(files), chain.from, head, chain.key());
    } catch (IllegalArgumentException | IOException e) {
      err.println("vectorguard audit verify: " + e.getMessage());
      return 2;
    }
    if (result.ok()) {
      out.println(result.summary());
      out.println("head " + result.head());
      out.flush();
      return 0;
    }
    out.println(result.summary());
    out.println(result.events() + " events before it are intact; last intact hash " + result.head());
    out.flush();
    return 1;
  }
}
