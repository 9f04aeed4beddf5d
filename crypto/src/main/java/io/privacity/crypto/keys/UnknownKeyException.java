package io.privacity.crypto.keys;

import java.security.GeneralSecurityException;

/**
 * Thrown when an envelope names a key that this party does not hold: a key-encryption key that was
 * never loaded or has been removed, or a data-key session whose key block was never presented. The
 * message names the key id, which is public (it is written in the clear in every envelope).
 */
public final class UnknownKeyException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what key was not found
   */
  public UnknownKeyException(String message) {
    super(message);
  }
}
