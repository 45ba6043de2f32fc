package dev.vectorguard.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.PublicApi;
import dev.vectorguard.release.ReactorModules.Module;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of every published module, read by reflection from the classes the reactor
 * compiled: every package that is not {@code internal} is marked {@link PublicApi}, and no public
 * or protected signature of a public type mentions a type from an {@code internal} package
 * (supertypes, fields, constructors, methods, their type parameters, generic arguments and
 * thrown exceptions), so that a user never has to name an internal type.
 */
class PublicApiTest {

  @Test
  void everyNonInternalPackageIsMarkedPublicApi() throws Exception {
    List<String> unmarked = new ArrayList<>();
    for (String pkg : apiPackages()) {
      Class<?> info = packageInfo(pkg);
      if (info == null || !info.isAnnotationPresent(PublicApi.class)) {
        unmarked.add(pkg);
      }
    }
    assertThat(unmarked)
        .as("packages of published modules that are neither internal nor marked @PublicApi in"
            + " their package-info.java (mark them, or move the types to an .internal package)")
        .isEmpty();
  }

  @Test
  void noPublicSignatureExposesAnInternalType() throws Exception {
    List<Class<?>> types = apiTypes();
    assertThat(types).as("public API types found").hasSizeGreaterThan(50);
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : types) {
      leaks.addAll(leaksOf(type));
    }
    assertThat(leaks).as("public API signatures that mention internal types").isEmpty();
  }

  @Test
  void theCheckSeesALeak() {
    // Guards the check itself: a public method returning an internal type is reported.
    assertThat(leaksOf(Leaky.class))
        .containsExactly("dev.vectorguard.release.PublicApiTest$Leaky.display() returns "
            + "dev.vectorguard.internal.Display");
  }

  /** A stand-in for a leaking API type: public, with a public method typed internal. */
  public abstract static class Leaky {
    public abstract dev.vectorguard.internal.Display display();
  }

  static List<String> leaksOf(Class<?> type) {
    List<String> leaks = new ArrayList<>();
    String owner = type.getName();
    check(leaks, owner + " extends", type.getGenericSuperclass());
    for (Type t : type.getGenericInterfaces()) {
      check(leaks, owner + " implements", t);
    }
    for (TypeVariable<?> v : type.getTypeParameters()) {
      check(leaks, owner + "<" + v.getName() + ">", v);
    }
    for (Field field : type.getDeclaredFields()) {
      if (visible(field.getModifiers()) && !field.isSynthetic()) {
        check(leaks, owner + "." + field.getName(), field.getGenericType());
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c.getModifiers()) && !c.isSynthetic()) {
        checkExecutable(leaks, owner + ".<init>", c);
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        check(leaks, owner + "." + m.getName() + "() returns", m.getGenericReturnType());
        checkExecutable(leaks, owner + "." + m.getName() + "()", m);
      }
    }
    return leaks;
  }

  private static void checkExecutable(List<String> leaks, String where, Executable e) {
    for (Type p : e.getGenericParameterTypes()) {
      check(leaks, where + " takes", p);
    }
    for (Type x : e.getGenericExceptionTypes()) {
      check(leaks, where + " throws", x);
    }
    for (TypeVariable<?> v : e.getTypeParameters()) {
      check(leaks, where + " <" + v.getName() + ">", v);
    }
  }

  private static void check(List<String> leaks, String where, Type type) {
    Set<String> internal = new TreeSet<>();
    collectInternal(type, internal, new ArrayList<>());
    for (String name : internal) {
      leaks.add(where + " " + name);
    }
  }

  private static void collectInternal(Type type, Set<String> into, List<TypeVariable<?>> seen) {
    if (type instanceof Class<?> c) {
      Class<?> element = c;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      if (isInternal(element.getPackageName())) {
        into.add(element.getName());
      }
    } else if (type instanceof ParameterizedType p) {
      collectInternal(p.getRawType(), into, seen);
      if (p.getOwnerType() != null) {
        collectInternal(p.getOwnerType(), into, seen);
      }
      for (Type argument : p.getActualTypeArguments()) {
        collectInternal(argument, into, seen);
      }
    } else if (type instanceof GenericArrayType a) {
      collectInternal(a.getGenericComponentType(), into, seen);
    } else if (type instanceof WildcardType w) {
      Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds()))
          .forEach(b -> collectInternal(b, into, seen));
    } else if (type instanceof TypeVariable<?> v && !seen.contains(v)) {
      seen.add(v); // T extends Comparable<T> refers to itself
      for (Type bound : v.getBounds()) {
        collectInternal(bound, into, seen);
      }
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  static boolean isInternal(String packageName) {
    return List.of(packageName.split("\\.")).contains("internal");
  }

  /** Public types (nested ones only when every enclosing type is visible too) of non-internal packages. */
  static List<Class<?>> apiTypes() throws IOException, ClassNotFoundException {
    List<Class<?>> types = new ArrayList<>();
    for (String name : classNames()) {
      Class<?> type = Class.forName(name, false, PublicApiTest.class.getClassLoader());
      if (!isInternal(type.getPackageName()) && reachable(type)) {
        types.add(type);
      }
    }
    return types;
  }

  private static boolean reachable(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!visible(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> apiPackages() throws IOException {
    Set<String> packages = new TreeSet<>();
    for (String name : classNames()) {
      String pkg = name.substring(0, name.lastIndexOf('.'));
      if (!isInternal(pkg)) {
        packages.add(pkg);
      }
    }
    return packages;
  }

  private static Class<?> packageInfo(String pkg) {
    try {
      return Class.forName(pkg + ".package-info", false, PublicApiTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** Binary names of every class the published modules compiled (their target/classes). */
  private static List<String> classNames() throws IOException {
    List<String> names = new ArrayList<>();
    for (Module module : ReactorModules.published()) {
      Path classes = module.dir().resolve("target/classes");
      if (!Files.isDirectory(classes)) {
        continue; // a module without code (a starter)
      }
      try (Stream<Path> files = Files.walk(classes)) {
        files.filter(f -> f.toString().endsWith(".class"))
            .map(f -> classes.relativize(f).toString())
            .filter(f -> !f.endsWith("package-info.class") && !f.equals("module-info.class"))
            .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
            .forEach(names::add);
      }
    }
    return names;
  }
}
