/** Auto-configuration of the OkHttp adapter: guarded {@code OkHttpClient} beans. */
@NullMarked
package dev.vectorguard.spring.okhttp;

import org.jspecify.annotations.NullMarked;
