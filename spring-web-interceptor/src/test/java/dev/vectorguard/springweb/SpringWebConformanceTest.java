package dev.vectorguard.springweb;

import dev.vectorguard.conformance.ConformanceSuite;
import dev.vectorguard.conformance.TransportBinding;
import dev.vectorguard.resttest.RestTransportBinding;
import java.util.List;

/** The conformance table through this REST transport, to a MockWebServer. */
class SpringWebConformanceTest extends ConformanceSuite {
  @Override
  protected List<TransportBinding> bindings() {
    return RestTransportBinding.of(SpringWebTransport.INSTANCE);
  }
}
