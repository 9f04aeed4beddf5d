package io.privacity.crypto.envelope;

/**
 * The bytes are not an envelope this version can parse: wrong magic, unsupported version, suite,
 * kind or flags, a length field out of range, truncated or with trailing bytes.
 */
public final class MalformedEnvelopeException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, with no secret-dependent detail
   */
  public MalformedEnvelopeException(String message) {
    super(message);
  }
}
