/**
 * Encrypted envelopes on Google Tink: {@link io.privacity.crypto.envelope.EnvelopeSealer} and
 * {@link io.privacity.crypto.envelope.EnvelopeOpener} seal and open payloads bound to an {@link
 * io.privacity.crypto.envelope.EncryptionContext}, with a versioned header, key commitment,
 * data-key sessions for telemetry ({@link io.privacity.crypto.envelope.SealingSession}), streaming
 * for large payloads, public-key sealing for sensors, key rotation with rewrapping, and per-subject
 * keys with crypto-shredding ({@link io.privacity.crypto.envelope.SubjectKeys}). The wire format is
 * specified in {@code crypto/ENVELOPE_FORMAT.md}; the erasure design and its threat model in {@code
 * docs/erasure.md}.
 */
package io.privacity.crypto.envelope;
