package dev.vectorguard.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code vectorguard --version}: the {@code Implementation-Version} the build wrote into the jar's
 * manifest, so the printed version is the one that was built and never a copy kept by hand.
 */
final class ManifestVersion implements IVersionProvider {
  /** What {@code --version} prints when the classes do not come from a built jar (an IDE, a test). */
  static final String UNKNOWN = "unknown (not run from a built jar: no Implementation-Version in its manifest)";

  @Override
  public String[] getVersion() {
    return new String[] {"vectorguard " + of(VectorguardCli.class.getPackage())};
  }

  static String of(Package cliPackage) {
    String version = cliPackage.getImplementationVersion();
    return version == null || version.isBlank() ? UNKNOWN : version;
  }
}
