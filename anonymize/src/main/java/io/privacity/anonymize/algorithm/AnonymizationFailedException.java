package io.privacity.anonymize.algorithm;

import io.privacity.core.PrivacyException;

/**
 * No generalization in the lattice satisfies the privacy models within the suppression limit (e.g.
 * ℓ-diversity asked of an attribute with fewer than ℓ values). Nothing is released: the anonymizer
 * fails closed.
 */
public final class AnonymizationFailedException extends PrivacyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which models could not be satisfied and why
   */
  public AnonymizationFailedException(String message) {
    super(message);
  }
}
