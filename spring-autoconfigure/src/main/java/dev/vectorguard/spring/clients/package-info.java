/** Which vector-database client beans the guard guarded in place, and which the application left unguarded. */
@NullMarked
package dev.vectorguard.spring.clients;

import org.jspecify.annotations.NullMarked;
