package dev.vectorguard.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** Matches unless {@code vectorguard.enabled=false}: the switch every Vectorguard auto-configuration obeys. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnProperty(prefix = "vectorguard", name = "enabled", havingValue = "true", matchIfMissing = true)
public @interface ConditionalOnVectorGuardEnabled {
}
