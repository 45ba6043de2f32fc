/** Just-in-time approvals: requests, grants and the service that checks them. */
@NullMarked
@PublicApi
package dev.vectorguard.approval;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
