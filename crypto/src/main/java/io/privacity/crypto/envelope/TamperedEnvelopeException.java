package io.privacity.crypto.envelope;

/**
 * The envelope parsed but did not authenticate: the wrapped data key, the key commitment, the
 * ciphertext or its tag was modified, or it was sealed under a different key than the one named.
 */
public final class TamperedEnvelopeException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, with no secret-dependent detail
   */
  public TamperedEnvelopeException(String message) {
    super(message);
  }
}
