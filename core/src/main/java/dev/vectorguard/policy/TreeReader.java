package dev.vectorguard.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML or JSON into {@link Node}s that keep their line and column, by walking Jackson's
 * tokens. Rejects duplicate keys itself (the equivalent of Jackson's strict duplicate detection,
 * but with the position of the second key and the first one). Not public API.
 */
final class TreeReader {
  private static final int MAX_DEPTH = 64;
  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_DEPTH)
      .maxStringLength(1_000_000)
      .build();
  private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
  private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS).build();

  private final String file;
  private final List<PolicyError> errors;

  private TreeReader(String file, List<PolicyError> errors) {
    this.file = file;
    this.errors = errors;
  }

  /**
   * Reads one document. Syntax errors and duplicate keys are added to {@code errors}; the result
   * is {@code null} when the text could not be read at all.
   */
  static @Nullable Node read(String text, String file, List<PolicyError> errors) {
    boolean json = file.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    TreeReader reader = new TreeReader(file, errors);
    try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        errors.add(new PolicyError(file, 1, 1, null, "the policy is empty; expected a map with version and rules"));
        return null;
      }
      Node node = reader.value(parser, 0);
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        errors.add(new PolicyError(file, at.getLineNr(), at.getColumnNr(), null,
            "more than one document; a policy file holds exactly one"));
      }
      return node;
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
        // SnakeYAML's problem and its mark say what is wrong and where, better than its context.
        errors.add(new PolicyError(file, yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1,
            null, "not valid YAML: " + firstLine(yaml.getProblem())));
        return null;
      }
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : at.getLineNr();
      int column = at == null ? 0 : at.getColumnNr();
      errors.add(new PolicyError(file, line, column, null, "not valid " + (json ? "JSON" : "YAML") + ": "
          + firstLine(e.getOriginalMessage())));
      return null;
    } catch (IOException e) {
      errors.add(new PolicyError(file, 0, 0, null, "cannot read: " + e.getMessage()));
      return null;
    }
  }

  private Node value(JsonParser parser, int depth) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    JsonToken token = parser.currentToken();
    if (depth > MAX_DEPTH) {
      throw new JsonParseException(parser, "nesting deeper than " + MAX_DEPTH + " levels");
    }
    if (parser instanceof YAMLParser yaml) {
      // Aliases would reach us as the anchor's name, and tags could make a value mean something
      // else than it reads; a policy spells out every value.
      if (yaml.isCurrentAlias()) {
        errors.add(new PolicyError(file, line, column, null,
            "YAML aliases (*" + yaml.getText() + ") are not supported; write the value out"));
      } else if (yaml.getObjectId() != null) {
        errors.add(new PolicyError(file, line, column, null,
            "YAML anchors (&" + yaml.getObjectId() + ") are not supported; write the value out"));
      } else if (yaml.getTypeId() != null) {
        errors.add(new PolicyError(file, line, column, null,
            "YAML tags (" + yaml.getTypeId() + ") are not supported"));
      }
    }
    return switch (token) {
      case START_OBJECT -> map(parser, line, column, depth);
      case START_ARRAY -> list(parser, line, column, depth);
      case VALUE_NULL -> new Node.Scalar(line, column, token, "");
      default -> new Node.Scalar(line, column, token, parser.getText());
    };
  }

  private Node map(JsonParser parser, int line, int column, int depth) throws IOException {
    Map<String, Node.Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      JsonLocation keyAt = parser.currentTokenLocation();
      String key = parser.currentName();
      parser.nextToken();
      Node value = value(parser, depth + 1);
      Node.Entry previous = entries.get(key);
      if (previous != null) {
        errors.add(new PolicyError(file, keyAt.getLineNr(), keyAt.getColumnNr(), null,
            "duplicate key '" + key + "'; it is already set at line " + previous.line()));
        continue;
      }
      entries.put(key, new Node.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value));
    }
    return new Node.MapNode(line, column, entries);
  }

  private Node list(JsonParser parser, int line, int column, int depth) throws IOException {
    List<Node> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(value(parser, depth + 1));
    }
    return new Node.ListNode(line, column, items);
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
