package io.privacity.crypto.envelope;

/**
 * How an envelope's header represents its encryption context. Either way the whole context is
 * authenticated (bound as associated data) and must be presented to open the envelope.
 */
public enum ContextBinding {
  /**
   * An 8-byte digest (truncated SHA-256 of the canonical encoding): compact, and it lets the opener
   * tell a wrong context from tampering. <b>Warning:</b> a digest of a guessable context can be
   * confirmed by anyone who guesses it; it does not hide which of a few candidate subjects an
   * envelope is about. It is never used for security: the context itself is the associated data.
   */
  DIGEST,
  /**
   * The full canonical encoding, readable by intermediaries (for routing or audit) without keys.
   * Reveals the context to everyone who sees the envelope. The header's 16-bit length field limits
   * the canonical encoding to 65,535 bytes; a larger context is refused at sealing.
   */
  FULL
}
