/** Auto-configuration of the Spring Web adapter: guarded {@code RestClient} and {@code RestTemplate} beans. */
@NullMarked
@PublicApi
package dev.vectorguard.spring.web;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
