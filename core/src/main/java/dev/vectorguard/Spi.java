package dev.vectorguard;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface that users implement to extend Vectorguard (a service provider interface),
 * as opposed to one they only call. Within a major version an SPI gains methods only with a
 * default implementation, so that existing implementations keep compiling and working.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Spi {}
