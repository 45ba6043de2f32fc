/**
 * The credentials the guard attaches to each call: {@link dev.vectorguard.token.TokenSource} and
 * its shipped implementations ({@link dev.vectorguard.token.TokenSources} for static secrets and
 * token files, {@link dev.vectorguard.token.OAuth2ClientCredentials},
 * {@link dev.vectorguard.token.TokenExchange}, {@link dev.vectorguard.token.QdrantJwtMinter},
 * {@link dev.vectorguard.token.MilvusCredentials}), and the refreshing
 * {@link dev.vectorguard.token.CachingTokenSource} to put in front of the slow ones. No type here
 * shows a secret in {@code toString()} or in an exception message.
 */
@NullMarked
@PublicApi
package dev.vectorguard.token;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
