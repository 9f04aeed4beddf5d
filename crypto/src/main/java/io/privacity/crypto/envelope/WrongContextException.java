package io.privacity.crypto.envelope;

/**
 * The envelope was sealed under a different encryption context than the one expected (its context
 * digest or encoding does not match), or its session key was registered under another context.
 */
public final class WrongContextException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, with no secret-dependent detail
   */
  public WrongContextException(String message) {
    super(message);
  }
}
