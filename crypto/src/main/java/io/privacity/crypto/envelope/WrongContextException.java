package io.privacity.crypto.envelope;

/**
 * The envelope cannot be opened under the context presented: it was sealed under a different
 * encryption context (its digest or encoding does not match, or its session was accepted under
 * another), or the context names a data subject whose key this party does not hold — never seen
 * here, or erased by {@link SubjectKeys#forget} — or whose key does not reproduce the envelope's
 * key commitment.
 *
 * <p>These cases share one exception and one message on purpose: an opener that told them apart
 * would answer "was this person ever here?" and "was this person erased?" to anyone able to submit
 * an envelope. Erasures are recorded in the transparency ledger instead.
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
