package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link MilvusShadedInterceptor} is generated from {@link GuardClientInterceptor} by this module's
 * pom; these tests fail when it stops being that class relocated, whole, to the Milvus SDK's shaded
 * gRPC. That the twin guards the SDK's calls is shown by MilvusGuardTest, GrpcMilvusBehaviourTest
 * and the other Milvus tests.
 */
class MilvusShadedInterceptorTest {
  /** A gRPC name in a class file (binary or source form) that is not under the SDK's shaded prefix. */
  private static final Pattern UNSHADED_GRPC = Pattern.compile("(?<!shaded[/.])io[/.]grpc[/.][\\w/.$]*");

  @Test
  void theTwinHasTheSourcesClassesAndMembersInTheShadedGrpcTypes() {
    String twin = shape(MilvusShadedInterceptor.class)
        .replace("io.milvus.shaded.io.grpc.", "io.grpc.")
        .replace("MilvusShadedInterceptor", "GuardClientInterceptor");

    assertThat(twin).isEqualTo(shape(GuardClientInterceptor.class));
  }

  @Test
  void everyClassOfTheTwinNamesOnlyShadedGrpcTypes() throws Exception {
    Map<String, String> twin = classFiles("MilvusShadedInterceptor");
    Map<String, String> source = classFiles("GuardClientInterceptor");

    // Each class file is checked here, nested and synthetic ones included.
    assertThat(twin.keySet()).containsExactlyElementsOf(
        source.keySet().stream().map(n -> n.replace("GuardClientInterceptor", "MilvusShadedInterceptor")).toList());
    assertThat(source.values()).as("the check sees io.grpc where it is").allMatch(c -> !unshadedGrpc(c).isEmpty());
    twin.forEach((name, constants) -> assertThat(unshadedGrpc(constants)).as(name).isEmpty());
  }

  @Test
  void theStubBindingsTwinIsItRelocatedToo() throws Exception {
    String twin = shape(ShadedMilvusStubs.class)
        .replace("io.milvus.shaded.io.grpc.", "io.grpc.")
        .replace("MilvusShadedInterceptor", "GuardClientInterceptor")
        .replace("ShadedMilvusStubs", "PlainMilvusStubs");

    assertThat(twin).isEqualTo(shape(PlainMilvusStubs.class));
    classFiles("ShadedMilvusStubs").forEach((name, constants) -> assertThat(unshadedGrpc(constants)).as(name).isEmpty());
    assertThat(classFiles("PlainMilvusStubs").values()).allMatch(c -> !unshadedGrpc(c).isEmpty());
  }

  /** The class and its nested classes, each with its declared members, in a stable order. */
  private static String shape(Class<?> type) {
    List<String> lines = new ArrayList<>();
    lines.add(type.toGenericString() + " extends " + type.getGenericSuperclass() + " implements "
        + List.of(type.getGenericInterfaces()));
    Stream.concat(
            Stream.of(type.getDeclaredFields()).filter(f -> !f.isSynthetic()).map(Field::toGenericString),
            Stream.concat(Stream.of(type.getDeclaredConstructors()), Stream.of(type.getDeclaredMethods()))
                .filter(e -> !e.isSynthetic()).map(Executable::toGenericString))
        .map(member -> "  " + member).sorted().forEach(lines::add);
    Stream.of(type.getDeclaredClasses()).map(MilvusShadedInterceptorTest::shape).sorted().forEach(lines::add);
    return String.join("\n", lines);
  }

  private static List<String> unshadedGrpc(String classFile) {
    return UNSHADED_GRPC.matcher(classFile).results().map(MatchResult::group).distinct().toList();
  }

  /** Each class file compiled from one source, by name, read as text so that its constant pool can be searched. */
  private static Map<String, String> classFiles(String simpleName) throws IOException, URISyntaxException {
    Path dir = Path.of(GuardClientInterceptor.class.getResource("GuardClientInterceptor.class").toURI()).getParent();
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String name = p.getFileName().toString();
        if (name.equals(simpleName + ".class") || name.startsWith(simpleName + "$")) {
          files.put(name, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
      }
    }
    return files;
  }
}
