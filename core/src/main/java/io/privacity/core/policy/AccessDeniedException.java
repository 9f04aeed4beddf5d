package io.privacity.core.policy;

import io.privacity.core.PrivacyException;

/**
 * An {@link AccessPolicy} refused an access. Unchecked, as every {@link PrivacyException}: the
 * caller must not proceed, and there is nothing to retry without a different authorization.
 */
public class AccessDeniedException extends PrivacyException {
  private static final long serialVersionUID = 1L;

  /** Why access was refused. */
  public enum Reason {
    /** The authorization's validity has not started yet. */
    NOT_YET_VALID,
    /** The authorization has expired. */
    EXPIRED,
    /** No rule lets any of the principal's roles use the purpose on the resource. */
    NO_MATCHING_RULE,
    /** Access would be allowed, but the decision could not be recorded in the ledger. */
    LEDGER_UNAVAILABLE
  }

  /** Why access was refused. */
  private final Reason reason;

  /** Who asked. */
  private final String principalId;

  /** For what. */
  private final String resource;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param principalId who asked
   * @param resource for what
   * @param message a human-readable explanation
   * @param cause the underlying failure, or null
   */
  public AccessDeniedException(
      Reason reason, String principalId, String resource, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.principalId = principalId;
    this.resource = resource;
  }

  /**
   * Why access was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * The id of the principal that was refused.
   *
   * @return the principal id
   */
  public String principalId() {
    return principalId;
  }

  /**
   * The resource that was asked for.
   *
   * @return the resource
   */
  public String resource() {
    return resource;
  }
}
