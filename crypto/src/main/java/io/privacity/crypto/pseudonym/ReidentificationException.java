package io.privacity.crypto.pseudonym;

import io.privacity.core.PrivacyException;

/**
 * A re-identification that the vault could not perform although the request was well-formed: the
 * token is unknown, expired, its subject was forgotten, or the principal exceeded the rate limit.
 * Every such attempt is recorded in the vault's transparency ledger. (A request the access policy
 * refuses is an {@link io.privacity.core.policy.AccessDeniedException} instead; a ciphertext that
 * does not verify is a {@link java.security.GeneralSecurityException}.)
 */
public class ReidentificationException extends PrivacyException {
  private static final long serialVersionUID = 1L;

  /** Why re-identification failed. */
  public enum Reason {
    /**
     * No token of that value exists in the domain: never issued, purged after expiry, or deleted
     * with its forgotten subject ({@code forget} deletes a subject's token rows, so a forgotten
     * token is not told apart from one never issued).
     */
    UNKNOWN_TOKEN,
    /** The token's retention period is over; it will be purged. */
    EXPIRED_TOKEN,
    /**
     * The token's row exists but its subject does not: a forget deletes both in one transaction, so
     * this means a database changed outside the vault (e.g. restored in part).
     */
    SUBJECT_FORGOTTEN,
    /** The principal made too many re-identification requests in the rate-limit window. */
    RATE_LIMITED
  }

  /** Why re-identification failed. */
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param message a human-readable explanation
   */
  public ReidentificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Why re-identification failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
