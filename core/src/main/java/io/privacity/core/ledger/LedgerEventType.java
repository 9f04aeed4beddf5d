package io.privacity.core.ledger;

/** What kind of privacy-relevant event a {@link LedgerEntry} records. */
public enum LedgerEventType {
  /** A data release, with its privacy guarantee (e.g. a DP guarantee's JSON) in the details. */
  RELEASE,
  /** A charge against a privacy budget (label, loss, remaining budget in the details). */
  BUDGET_CHARGE,
  /** A pseudonym resolved back to an identity, with the authorization that allowed it. */
  REIDENTIFICATION,
  /** An access that a policy refused. */
  ACCESS_DENIED,
  /** An access that a policy allowed (recorded when the policy is configured to record grants). */
  ACCESS_GRANTED,
  /** A key or pseudonym-epoch rotation. */
  KEY_ROTATION,
  /** An erasure, e.g. crypto-shredding of a data subject's key. */
  ERASURE,
  /**
   * A repair of the ledger itself, e.g. removal of a crash-torn last line by {@link
   * TransparencyLedger#repairTornTail()}; the details say what was removed.
   */
  LEDGER_REPAIR,
  /** Any other event worth recording; say what it is in the summary. */
  OTHER
}
