/** Which vector-database client beans the guard guarded in place, and which the application left unguarded. */
@NullMarked
@PublicApi
package dev.vectorguard.spring.clients;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
