/** Auto-configuration of the Spring Web adapter: guarded {@code RestClient} and {@code RestTemplate} beans. */
@NullMarked
package dev.vectorguard.spring.web;

import org.jspecify.annotations.NullMarked;
