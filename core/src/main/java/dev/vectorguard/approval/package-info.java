/** Just-in-time approvals: requests, grants and the service that checks them. */
@NullMarked
package dev.vectorguard.approval;

import org.jspecify.annotations.NullMarked;
