package dev.vectorguard.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.release.ReactorModules.Dependency;
import dev.vectorguard.release.ReactorModules.Module;
import dev.vectorguard.release.ReactorModules.Pom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code bom/pom.xml} complete as modules are added: the published artifacts are derived from
 * the reactor's poms (every module not marked {@code maven.deploy.skip}, with its test-jar when it
 * builds one), and the BOM must list exactly those.
 */
class BomTest {
  private static final Pom BOM = Pom.read(ReactorModules.root().resolve("bom/pom.xml"));

  @Test
  void bomListsEveryPublishedArtifactAndNothingElse() {
    Set<String> published = publishedCoordinates();
    Set<String> listed = BOM.managedDependencies().stream()
        .map(Dependency::coordinate).collect(Collectors.toCollection(TreeSet::new));

    Set<String> missing = new TreeSet<>(published);
    missing.removeAll(listed);
    Set<String> stale = new TreeSet<>(listed);
    stale.removeAll(published);
    assertThat(missing)
        .as("published artifacts missing from bom/pom.xml (add a <dependency> with"
            + " <version>${project.version}</version>, or set maven.deploy.skip in a module that is"
            + " not published)")
        .isEmpty();
    assertThat(stale).as("bom/pom.xml entries that no published module builds").isEmpty();
  }

  @Test
  void bomMovesWithTheParentsVersionAndPinsOnlyVectorguard() {
    assertThat(BOM.text("version")).as("bom/pom.xml <version>").isEqualTo(ReactorModules.version());
    assertThat(BOM.text("parent"))
        .as("the BOM has no parent: it would bring the build's third-party pins to users")
        .isNull();
    assertThat(BOM.managedDependencies()).allSatisfy(d -> {
      assertThat(d.groupId()).as(d.coordinate()).isEqualTo(ReactorModules.GROUP);
      assertThat(d.version()).as(d.coordinate()).isEqualTo("${project.version}");
    });
  }

  @Test
  void theBomIsPartOfTheReactor() {
    assertThat(ReactorModules.all()).extracting(Module::artifactId).contains(ReactorModules.BOM);
  }

  @Test
  void releaseChecksSeeEveryPublishedArtifact() {
    Pom self = Pom.read(ReactorModules.root().resolve("release-checks/pom.xml"));
    Set<String> declared = self.dependencies().stream()
        .map(Dependency::coordinate).collect(Collectors.toSet());
    assertThat(publishedCoordinates())
        .as("release-checks/pom.xml must depend on every published artifact (test scope), so"
            + " that PublicApiTest reads it and the reactor builds these checks after it")
        .allSatisfy(c -> assertThat(declared).contains(c));
  }

  @Test
  void everyPublishedJarModuleNamesItsModule() {
    List<String> unnamed = new ArrayList<>();
    for (Module module : ReactorModules.published()) {
      String name = module.properties().get("vectorguard.module.name");
      if (name == null || name.isBlank()) {
        unnamed.add(module.relativeDir());
      }
    }
    assertThat(unnamed)
        .as("modules without <vectorguard.module.name> (their Automatic-Module-Name)")
        .isEmpty();
  }

  static Set<String> publishedCoordinates() {
    Set<String> coordinates = new TreeSet<>();
    for (Module module : ReactorModules.published()) {
      coordinates.add(ReactorModules.GROUP + ":" + module.artifactId());
      if (module.hasTestJar()) {
        coordinates.add(ReactorModules.GROUP + ":" + module.artifactId() + ":test-jar");
      }
    }
    return coordinates;
  }
}
