package io.privacity.crypto.envelope;

import java.security.GeneralSecurityException;

/**
 * Base of the checked failures of opening an envelope. Subtypes say what failed; messages carry no
 * secret-dependent detail, and no plaintext is ever returned when one is thrown.
 *
 * <p>Opening can also throw {@link io.privacity.crypto.keys.UnknownKeyException} (the key named in
 * the envelope is not held) — a {@link GeneralSecurityException} outside this hierarchy because key
 * providers throw it too.
 */
public class EnvelopeException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, with no secret-dependent detail
   */
  public EnvelopeException(String message) {
    super(message);
  }
}
