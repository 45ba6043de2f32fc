package dev.vectorguard.spring.actuate;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the auto-configured guard ({@link VectorGuardMetrics}), when Micrometer is
 * on the class path. The meter registry is resolved on the first event, so this works whichever
 * Boot line (3 or 4) and metrics auto-configuration provide it.
 */
@AutoConfiguration
@ConditionalOnClass({VectorGuard.class, MeterRegistry.class})
@ConditionalOnVectorGuardEnabled
public class VectorGuardMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public VectorGuardMetrics vectorGuardMetrics(ObjectProvider<MeterRegistry> registries) {
    return new VectorGuardMetrics(registries::getIfUnique);
  }
}
