/**
 * Pseudonymisation for city data: keyed, domain-separated, epoch-rotating pseudonyms ({@link
 * io.privacity.crypto.pseudonym.Pseudonymizer}), format-preserving pseudonyms with FF1 ({@link
 * io.privacity.crypto.pseudonym.FormatPreservingPseudonymizer}) and a vault of re-identifiable
 * tokens under ENISA's pseudonymisation policies with purpose-bound, rate-limited, ledgered
 * re-identification and lookups, and erasure that holds against copies of every file and every
 * surviving key ({@link io.privacity.crypto.pseudonym.PseudonymVault}, {@link
 * io.privacity.crypto.pseudonym.VaultStore}; threat model in {@code docs/erasure.md}).
 *
 * <p>References: ENISA, <i>Pseudonymisation techniques and best practices</i> (2019) and <i>Data
 * Pseudonymisation: Advanced Techniques and Use Cases</i> (2021); NIST SP 800-38G Rev. 1 (FF1); RFC
 * 5869 (HKDF); RFC 2104 (HMAC); D. Boneh and R. J. Lipton, <i>A revocable backup system</i> (USENIX
 * Security 1996).
 */
package io.privacity.crypto.pseudonym;
