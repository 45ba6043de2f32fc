package dev.vectorguard;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package as public API: its public types keep their public and protected signatures
 * within a major version (Semantic Versioning), and those signatures mention no type from an
 * {@code internal} package. Every package of a published module that is not {@code internal}
 * carries it; a build check (release-checks' {@code PublicApiTest}) fails otherwise.
 *
 * <p>Packages whose name contains {@code internal} are not API and may change in any release.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface PublicApi {}
