package dev.vectorguard.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.release.ReactorModules.Module;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the jars the reactor packaged, as a user's build would receive them. Runs after
 * {@code package} (failsafe), when every published module's jars are in its {@code target/}.
 */
class PublishedJarsIT {

  @Test
  void everyPublishedJarCarriesItsAutomaticModuleName() throws IOException {
    Map<String, String> owners = new HashMap<>();
    for (Module module : ReactorModules.published()) {
      Path jar = module.jar("");
      assertThat(jar).as("main jar of %s", module.relativeDir()).exists();
      String name = automaticModuleName(jar);
      assertThat(name).as("Automatic-Module-Name of %s", jar)
          .isEqualTo(module.properties().get("vectorguard.module.name"))
          .startsWith("dev.vectorguard.");
      // The JDK's own check of a module name (no keywords, no empty segments).
      assertThat(ModuleDescriptor.newModule(name).build().name()).isEqualTo(name);
      String previous = owners.put(name, module.relativeDir());
      assertThat(previous).as("%s is also the name of %s's jar", name, previous).isNull();
    }
  }

  @Test
  void everyPublishedModuleShipsSourcesAndJavadoc() {
    List<String> lacking = new ArrayList<>();
    for (Module module : ReactorModules.published()) {
      if (!Files.isDirectory(module.dir().resolve("src/main/java"))) {
        continue; // a starter: no code, so neither sources nor javadoc
      }
      for (String classifier : List.of("sources", "javadoc")) {
        if (!Files.isRegularFile(module.jar(classifier))) {
          lacking.add(module.jar(classifier).toString());
        }
      }
    }
    assertThat(lacking).as("sources or javadoc jars missing").isEmpty();
  }

  @Test
  void publishedJarsResolveTogetherOnTheModulePath() {
    List<Path> jars = new ArrayList<>();
    for (Module module : ReactorModules.published()) {
      jars.add(module.jar(""));
      if (module.hasTestJar()) {
        jars.add(module.jar("tests"));
      }
    }
    ModuleFinder finder = ModuleFinder.of(jars.toArray(new Path[0]));
    Set<String> names = finder.findAll().stream()
        .map(ModuleReference::descriptor).map(ModuleDescriptor::name).collect(Collectors.toSet());
    assertThat(names).hasSize(jars.size());

    // Resolution fails (ResolutionException) when two of the jars hold the same package.
    Configuration configuration = ModuleLayer.boot().configuration()
        .resolve(finder, ModuleFinder.of(), names);
    assertThat(configuration.modules()).hasSize(jars.size());
  }

  private static String automaticModuleName(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
    }
  }
}
