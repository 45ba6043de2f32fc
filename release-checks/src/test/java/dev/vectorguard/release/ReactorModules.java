package dev.vectorguard.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The modules of the reactor as their poms declare them, read from the repository (the
 * {@code vectorguard.root} system property, set by this module's pom), so that a module added to
 * the parent's {@code <modules>} is seen by the checks without any list to keep.
 */
final class ReactorModules {
  static final String GROUP = "dev.vectorguard";
  static final String BOM = "vectorguard-bom";

  private ReactorModules() {}

  static Path root() {
    String root = System.getProperty("vectorguard.root");
    if (root == null) {
      throw new IllegalStateException("vectorguard.root is not set: run these checks through Maven");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  static String version() {
    return Pom.read(root().resolve("pom.xml")).text("version");
  }

  /** Every module below the root pom, nested aggregators included, in declaration order. */
  static List<Module> all() {
    List<Module> modules = new ArrayList<>();
    collect(root(), modules);
    return modules;
  }

  /** The modules whose artifacts are published: not {@code maven.deploy.skip}, not the BOM, not a pom. */
  static List<Module> published() {
    return all().stream().filter(Module::published).collect(Collectors.toList());
  }

  private static void collect(Path dir, List<Module> into) {
    Pom pom = Pom.read(dir.resolve("pom.xml"));
    for (String child : pom.texts("modules", "module")) {
      Path childDir = dir.resolve(child).normalize();
      into.add(Module.of(childDir, Pom.read(childDir.resolve("pom.xml"))));
      collect(childDir, into);
    }
  }

  /** A module as its own pom declares it (inherited values are not resolved). */
  record Module(
      Path dir, String artifactId, String packaging, Map<String, String> properties, boolean hasTestJar) {

    static Module of(Path dir, Pom pom) {
      String packaging = pom.text("packaging");
      return new Module(
          dir,
          pom.text("artifactId"),
          packaging == null ? "jar" : packaging,
          pom.properties(),
          pom.source().contains("<goal>test-jar</goal>"));
    }

    boolean published() {
      return !"true".equals(properties.get("maven.deploy.skip"))
          && !BOM.equals(artifactId)
          && !"pom".equals(packaging);
    }

    String relativeDir() {
      return root().relativize(dir).toString();
    }

    Path jar(String classifier) {
      String suffix = classifier.isEmpty() ? "" : "-" + classifier;
      return dir.resolve("target").resolve(artifactId + "-" + version() + suffix + ".jar");
    }
  }

  /** A declared dependency; {@code version} is null when managed elsewhere. */
  record Dependency(String groupId, String artifactId, String type, String version) {
    String coordinate() {
      return groupId + ":" + artifactId + ("jar".equals(type) ? "" : ":" + type);
    }
  }

  /** A pom.xml read with the JDK's XML parser; only the project's direct children are looked at. */
  record Pom(Path file, Element project, String source) {

    static Pom read(Path file) {
      try {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        return new Pom(file, document.getDocumentElement(), Files.readString(file));
      } catch (IOException | SAXException | ParserConfigurationException e) {
        throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    /** The text of the project's direct child {@code name}, or null. */
    String text(String name) {
      Element child = child(project, name);
      return child == null ? null : child.getTextContent().trim();
    }

    /** The texts of {@code <outer><inner>...</inner></outer>} below the project. */
    List<String> texts(String outer, String inner) {
      List<String> texts = new ArrayList<>();
      Element container = child(project, outer);
      if (container != null) {
        for (Element e : children(container, inner)) {
          texts.add(e.getTextContent().trim());
        }
      }
      return texts;
    }

    Map<String, String> properties() {
      Element properties = child(project, "properties");
      if (properties == null) {
        return Map.of();
      }
      return children(properties, null).stream()
          .collect(Collectors.toMap(Element::getTagName, e -> e.getTextContent().trim()));
    }

    /** The dependencies in {@code <dependencyManagement>}. */
    List<Dependency> managedDependencies() {
      Element management = child(project, "dependencyManagement");
      return management == null ? List.of() : dependenciesIn(management);
    }

    /** The direct dependencies. */
    List<Dependency> dependencies() {
      return dependenciesIn(project);
    }

    private static List<Dependency> dependenciesIn(Element parent) {
      Element dependencies = child(parent, "dependencies");
      if (dependencies == null) {
        return List.of();
      }
      return children(dependencies, "dependency").stream()
          .map(d -> new Dependency(
              textOf(d, "groupId"), textOf(d, "artifactId"), typeOf(d), textOf(d, "version")))
          .collect(Collectors.toList());
    }

    private static String typeOf(Element dependency) {
      String type = textOf(dependency, "type");
      return type == null ? "jar" : type;
    }

    private static String textOf(Element parent, String name) {
      Element child = child(parent, name);
      return child == null ? null : child.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
      List<Element> found = children(parent, name);
      return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String nameOrNull) {
      List<Element> found = new ArrayList<>();
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && (nameOrNull == null || e.getTagName().equals(nameOrNull))) {
          found.add(e);
        }
      }
      return found;
    }
  }
}
