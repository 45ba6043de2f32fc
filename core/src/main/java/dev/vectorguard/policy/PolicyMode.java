package dev.vectorguard.policy;

/** Whether a policy's decisions are enforced or only observed. */
public enum PolicyMode {
  /** Denied calls are refused and obligations are applied. */
  ENFORCE,
  /** Calls are decided and audited, but never refused or changed: for rolling out a policy. */
  MONITOR
}
