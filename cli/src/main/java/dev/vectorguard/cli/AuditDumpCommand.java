package dev.vectorguard.cli;

import dev.vectorguard.audit.kafka.KafkaTrails;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vectorguard audit dump --kafka-bootstrap … --topic … --out DIR}: the topic's chains as trail files. */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = {
        "Read an audit topic from its beginning to its end offsets and write each guard instance's chain "
            + "as a trail file, DIR/<instance>.jsonl, which 'vectorguard audit verify FILE' checks.",
        "Prints one line per instance and exits 0; exits 2 when the topic cannot be read."})
final class AuditDumpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin AuditKafkaOptions kafka;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the trail files.")
  Path out;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String problem = kafka.problem();
    if (problem != null) {
      err.println("vectorguard audit dump: " + problem);
      return 2;
    }
    try {
      for (KafkaTrails.Instance instance : kafka.dump(out)) {
        stdout.println(instance.id() + ": " + instance.records() + " records in partitions " + instance.partitions()
            + " -> " + instance.file());
      }
    } catch (IOException | IllegalArgumentException e) {
      err.println("vectorguard audit dump: " + e.getMessage());
      return 2;
    }
    stdout.flush();
    return 0;
  }
}
