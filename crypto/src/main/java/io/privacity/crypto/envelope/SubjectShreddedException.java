package io.privacity.crypto.envelope;

import io.privacity.core.PrivacyException;

/**
 * Sealing refused: the context names a data subject whose key was destroyed by {@link
 * SubjectKeys#forget}. Thrown by {@link EnvelopeSealer} for new envelopes, sessions and streams,
 * and by a {@link SealingSession} started before the erasure. Opening never throws it: an opener
 * refuses an erased subject's envelopes with {@link WrongContextException}, like any it cannot
 * open, so that it is no oracle on erasures.
 *
 * <p>A policy refusal, hence unchecked (a {@link PrivacyException}): sealing is not handling
 * foreign data, and the caller's usual answer is to drop the new data of an erased subject.
 */
public final class SubjectShreddedException extends PrivacyException {
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
