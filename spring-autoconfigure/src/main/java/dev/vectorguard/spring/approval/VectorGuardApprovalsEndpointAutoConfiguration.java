package dev.vectorguard.spring.approval;

import dev.vectorguard.approval.Approvals;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code vectorguardapprovals} endpoint, when the actuator is on the class path, an
 * {@link Approvals} bean exists, and the endpoint is exposed
 * ({@code management.endpoints.web.exposure.include=vectorguardapprovals}).
 */
@AutoConfiguration(after = VectorGuardApprovalsAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnVectorGuardEnabled
@ConditionalOnBean(Approvals.class)
public class VectorGuardApprovalsEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint(endpoint = VectorGuardApprovalsEndpoint.class)
  public VectorGuardApprovalsEndpoint vectorGuardApprovalsEndpoint(Approvals approvals) {
    return new VectorGuardApprovalsEndpoint(approvals);
  }
}
