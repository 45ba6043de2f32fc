package dev.vectorguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Backend;
import dev.vectorguard.rest.RestClassificationException;
import dev.vectorguard.rest.RestDialect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vectorguard classify}: reads request lines {@code BACKEND http METHOD PATH [BODY]} or
 * {@code BACKEND grpc SERVICE/METHOD [MESSAGE-JSON]} (protobuf JSON) from standard input and prints, per line, one JSON object with the classification the guard's own
 * dialect gives it ({@code backend, operation, access, scope, collections, database}) or
 * {@code {"error": "..."}}. Blank lines and lines starting with {@code #} are skipped. Exit 0 once
 * the input is read (errors are per line), 2 when standard input cannot be read.
 *
 * <pre>
 * $ echo 'qdrant http POST /collections/docs/points/search {"vector":[1],"limit":3}' | vectorguard classify
 * {"backend":"qdrant","operation":"search","access":"read","scope":"collection","collections":["docs"],"database":null}
 * </pre>
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = "Classify request lines 'BACKEND http METHOD PATH [BODY]' or "
        + "'BACKEND grpc SERVICE/METHOD [MESSAGE-JSON]' read from standard input; "
        + "print one JSON line each.")
final class ClassifyCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<Backend, RestDialect> dialects = new EnumMap<>(Backend.class);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank() || line.stripLeading().startsWith("#")) {
          continue;
        }
        out.println(write(classify(line.strip(), dialects)));
        out.flush();
      }
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("vectorguard classify: could not read standard input: " + e.getMessage());
      return 2;
    }
  }

  private static Map<String, Object> classify(String line, Map<Backend, RestDialect> dialects) {
    String[] parts = line.split("\\s+", 5);
    if (parts.length > 1 && parts[1].equals("grpc")) {
      return grpc(line);
    }
    if (parts.length < 4) {
      return error("expected 'BACKEND http METHOD PATH [BODY]', but was '" + line + "'");
    }
    try {
      Backend backend = HttpRequests.backend(parts[0]);
      if (!parts[1].equals("http")) {
        return error("unknown protocol '" + parts[1] + "'; expected http");
      }
      RestDialect dialect = dialects.computeIfAbsent(backend, RestDialect::forBackend);
      return HttpRequests.json(HttpRequests.classify(dialect, parts[2], parts[3], parts.length > 4 ? parts[4] : null));
    } catch (IllegalArgumentException | RestClassificationException e) {
      return error(e.getMessage());
    }
  }

  private static Map<String, Object> grpc(String line) {
    String[] parts = line.split("\\s+", 4);
    if (parts.length < 3) {
      return error("expected 'BACKEND grpc SERVICE/METHOD [MESSAGE-JSON]', but was '" + line + "'");
    }
    try {
      Backend backend = HttpRequests.backend(parts[0]);
      dev.vectorguard.VectorCall call = GrpcRequests.classify(parts[2], parts.length > 3 ? parts[3] : null);
      if (call.backend() != backend) {
        return error(parts[2] + " is a " + call.backend().id() + " method, not " + backend.id());
      }
      return HttpRequests.json(call);
    } catch (IllegalArgumentException e) {
      return error(e.getMessage());
    }
  }

  private static Map<String, Object> error(String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", message);
    return out;
  }

  private static String write(Map<String, Object> value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a classification could not be written as JSON", e);
    }
  }
}
