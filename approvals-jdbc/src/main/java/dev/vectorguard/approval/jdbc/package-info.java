/**
 * An {@link dev.vectorguard.approval.ApprovalStore} in a SQL database, shared by replicas and
 * approvers: {@link dev.vectorguard.approval.jdbc.JdbcApprovalStore}.
 */
@NullMarked
@PublicApi
package dev.vectorguard.approval.jdbc;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
