package io.privacity.crypto.pseudonym;

/**
 * ENISA's pseudonymisation policies (ENISA, <i>Pseudonymisation techniques and best practices</i>,
 * 2019, §4.2): how often one identity gets the same token.
 */
public enum TokenPolicy {
  /**
   * One token per identity and domain: all records of an identity link (counts, joins). Strongest
   * utility, weakest unlinkability.
   */
  DETERMINISTIC,
  /**
   * One token per identity, domain and document (a file, a batch, a day's export): records link
   * within a document and not across documents.
   */
  DOCUMENT_RANDOMISED,
  /** A fresh token at every call: no two records link. Strongest unlinkability. */
  FULLY_RANDOMISED
}
