package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** From the classes directory there is no manifest: the version says so rather than inventing one. */
class VersionCommandTest {

  @Test
  void versionOutsideABuiltJarSaysItIsUnknown() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("vectorguard " + ManifestVersion.UNKNOWN + "\n");
  }
}
