/**
 * An {@link dev.vectorguard.approval.ApprovalStore} in a SQL database, shared by replicas and
 * approvers: {@link dev.vectorguard.approval.jdbc.JdbcApprovalStore}.
 */
@NullMarked
package dev.vectorguard.approval.jdbc;

import org.jspecify.annotations.NullMarked;
