/**
 * The REST transports' one contract: abstract JUnit suites ({@code *Contract}) that every REST
 * adapter runs through a small {@link dev.vectorguard.resttest.RestTransport} binding, against
 * MockWebServer and a real Chroma server. Test support; not shipped to applications.
 */
@NullMarked
package dev.vectorguard.resttest;

import org.jspecify.annotations.NullMarked;
