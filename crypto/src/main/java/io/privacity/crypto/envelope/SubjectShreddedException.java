package io.privacity.crypto.envelope;

/**
 * The envelope is about a data subject whose key was destroyed by {@link SubjectKeys#forget}: it
 * can never be opened again. Also thrown when sealing new data about a forgotten subject.
 */
public final class SubjectShreddedException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, with no secret-dependent detail
   */
  public SubjectShreddedException(String message) {
    super(message);
  }
}
