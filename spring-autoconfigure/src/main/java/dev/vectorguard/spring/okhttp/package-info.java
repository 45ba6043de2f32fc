/** Auto-configuration of the OkHttp adapter: guarded {@code OkHttpClient} beans. */
@NullMarked
@PublicApi
package dev.vectorguard.spring.okhttp;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
