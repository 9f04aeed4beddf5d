/**
 * Pseudonymisation for city data: keyed, domain-separated, epoch-rotating pseudonyms ({@link
 * io.privacity.crypto.pseudonym.Pseudonymizer}), format-preserving pseudonyms with FF1 ({@link
 * io.privacity.crypto.pseudonym.FormatPreservingPseudonymizer}) and a vault of re-identifiable
 * tokens under ENISA's pseudonymisation policies with purpose-bound, rate-limited, ledgered
 * re-identification and crypto-shredding ({@link io.privacity.crypto.pseudonym.PseudonymVault}).
 *
 * <p>References: ENISA, <i>Pseudonymisation techniques and best practices</i> (2019) and <i>Data
 * Pseudonymisation: Advanced Techniques and Use Cases</i> (2021); NIST SP 800-38G Rev. 1 (FF1); RFC
 * 5869 (HKDF); RFC 2104 (HMAC).
 */
package io.privacity.crypto.pseudonym;
