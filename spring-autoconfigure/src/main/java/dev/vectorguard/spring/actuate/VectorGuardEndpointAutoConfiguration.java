package dev.vectorguard.spring.actuate;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.spring.VectorGuardMonitor;
import dev.vectorguard.spring.clients.GuardedClients;
import dev.vectorguard.token.TokenSource;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code vectorguard} actuator endpoint, when the actuator is on the class path and the
 * endpoint is exposed ({@code management.endpoints.web.exposure.include=vectorguard}).
 */
@AutoConfiguration(after = VectorGuardAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnVectorGuardEnabled
@ConditionalOnBean({VectorGuard.class, VectorGuardMonitor.class, TokenSource.class})
public class VectorGuardEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint(endpoint = VectorGuardEndpoint.class)
  public VectorGuardEndpoint vectorGuardEndpoint(VectorGuard guard, VectorGuardMonitor monitor,
      TokenSource tokenSource, GuardedClients clients) {
    return new VectorGuardEndpoint(guard, monitor, tokenSource, clients);
  }
}
