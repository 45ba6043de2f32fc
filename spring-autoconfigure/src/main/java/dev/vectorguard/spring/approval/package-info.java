/**
 * Approvals in Spring Boot: the store and service from {@code vectorguard.approvals.*}, the
 * webhook notifier, the guard-wide wait, and the {@code vectorguardapprovals} actuator endpoint
 * through which approvers list, approve, reject and revoke requests.
 */
@NullMarked
@PublicApi
package dev.vectorguard.spring.approval;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
