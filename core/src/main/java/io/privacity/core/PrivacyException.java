package io.privacity.core;

/**
 * Base of the library's own non-cryptographic exceptions, such as an exhausted privacy budget or a
 * refused access. Unchecked: these signal a policy decision the caller must not ignore, not a
 * recoverable I/O condition.
 *
 * <p>Bad parameters are reported with {@link IllegalArgumentException} instead, and cryptographic
 * failures with checked {@link java.security.GeneralSecurityException} subtypes, as Tink does.
 */
public class PrivacyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was refused and why
   */
  public PrivacyException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what was refused and why
   * @param cause the underlying failure
   */
  public PrivacyException(String message, Throwable cause) {
    super(message, cause);
  }
}
