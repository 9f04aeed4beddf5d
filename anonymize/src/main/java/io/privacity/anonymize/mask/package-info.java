/**
 * Masking transforms for single fields: {@link io.privacity.anonymize.mask.Redaction} (replace the
 * whole value), {@link io.privacity.anonymize.mask.PartialMask} (keep the first and last few
 * characters) and {@link io.privacity.anonymize.mask.DateShifter} (shift every date of one data
 * subject by the same secret, keyed offset).
 *
 * <p>Masking protects a direct identifier or a free-text field; it is <b>not</b> anonymization of a
 * table by itself: the remaining quasi-identifiers still need k-anonymity (see {@code
 * io.privacity.anonymize.algorithm}) or differential privacy. All masks are immutable and
 * thread-safe.
 */
package io.privacity.anonymize.mask;
