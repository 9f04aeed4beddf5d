package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.KeysetHandle;
import io.privacity.crypto.internal.OptionalDependency;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Format-preserving pseudonyms: FF1 (NIST SP 800-38G Rev. 1) with AES-256, for identifiers that
 * must keep their format (same length, same alphabet) because downstream systems validate it. The
 * AES key is derived by HKDF-SHA256 from the master keyset for the domain; the domain name is the
 * FF1 tweak. Implemented with Bouncy Castle's {@code FPEFF1Engine}.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>A permutation of the identifier space for each domain: deterministic, collision-free, and
 *       reversible by the key holder ({@link #reverse(String)}).
 *   <li>Without the key, FF1 is a pseudorandom permutation (SP 800-38G).
 * </ul>
 *
 * <p><b>Warning:</b> anyone holding the master keyset can invert every pseudonym, and for a small
 * identifier space can simply tabulate all of them: a domain of 10<sup>6</sup> values is enumerated
 * in a second. The keyset must therefore stay with the data controller, never with analysts.
 * Domains smaller than 10<sup>6</sup> values ({@code radix^length < 10^6}) are refused, as SP
 * 800-38G Rev. 1 requires; larger is better. A format-preserving pseudonym also reveals the
 * identifier's length and alphabet. There are no epochs: pseudonyms are stable in a domain.
 *
 * <p>Immutable and thread-safe.
 */
public final class FormatPreservingPseudonymizer {
  /** SP 800-38G Rev. 1, §5.2: radix^minlen must be at least one million. */
  static final BigInteger MIN_DOMAIN_SIZE = BigInteger.valueOf(1_000_000);

  private final String domain;
  private final String alphabet;
  private final int length;
  private final byte[] key;
  private final byte[] tweak;

  private FormatPreservingPseudonymizer(
      MasterKey master, String domain, String alphabet, int length) {
    this.domain = domain;
    this.alphabet = alphabet;
    this.length = length;
    this.key = master.derive("ff1", domain, alphabet, Integer.toString(length));
    this.tweak = domain.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A format-preserving pseudonymizer for identifiers of exactly {@code length} characters from
   * {@code alphabet}.
   *
   * @param masterKeyset an HKDF-SHA256 PRF keyset (see {@link
   *     Pseudonymizer#generateMasterKeyset()})
   * @param domain the domain name (e.g. {@code "transit-cards"}); a different domain gives an
   *     unrelated permutation
   * @param alphabet the characters identifiers use, 2–256 distinct characters, e.g. {@code
   *     "0123456789"}
   * @param length the identifier length, {@code >= 2}
   * @return the pseudonymizer
   * @throws IllegalArgumentException if an argument is null or malformed, or the domain has fewer
   *     than 10<sup>6</sup> values ({@code alphabet.length()^length < 10^6})
   * @throws IllegalStateException if {@code org.bouncycastle:bcprov-jdk18on} (FF1), an optional
   *     dependency, is not on the class path
   */
  public static FormatPreservingPseudonymizer of(
      KeysetHandle masterKeyset, String domain, String alphabet, int length) {
    OptionalDependency.require(
        "FormatPreservingPseudonymizer",
        "org.bouncycastle.crypto.fpe.FPEFF1Engine",
        "org.bouncycastle:bcprov-jdk18on");
    MasterKey master = MasterKey.of(masterKeyset);
    PseudonymDomain.checkName("domain", domain);
    if (alphabet == null || alphabet.length() < 2 || alphabet.length() > 256) {
      throw new IllegalArgumentException(
          "alphabet must have 2-256 distinct characters, got " + Pseudonymizer.quote(alphabet));
    }
    if (alphabet.chars().distinct().count() != alphabet.length()) {
      throw new IllegalArgumentException(
          "alphabet must have distinct characters, got \"" + alphabet + "\"");
    }
    if (length < 2) {
      throw new IllegalArgumentException("length must be >= 2, got " + length);
    }
    BigInteger size = BigInteger.valueOf(alphabet.length()).pow(length);
    if (size.compareTo(MIN_DOMAIN_SIZE) < 0) {
      throw new IllegalArgumentException(
          "identifier space alphabet.length()^length must be >= 10^6 (NIST SP 800-38G), got "
              + alphabet.length()
              + "^"
              + length
              + " = "
              + size
              + "; such a space can be enumerated by anyone holding the key");
    }
    return new FormatPreservingPseudonymizer(master, domain, alphabet, length);
  }

  /**
   * The number of distinct identifiers ({@code alphabet.length()^length}).
   *
   * @return the domain size
   */
  public BigInteger domainSize() {
    return BigInteger.valueOf(alphabet.length()).pow(length);
  }

  /**
   * The pseudonym of {@code identifier}: same length, same alphabet.
   *
   * @param identifier exactly {@code length} characters of the alphabet
   * @return the pseudonym
   * @throws IllegalArgumentException if the identifier is null, empty, of another length or has a
   *     character outside the alphabet
   */
  public String pseudonymize(String identifier) {
    return run(true, "identifier", identifier);
  }

  /**
   * The identifier whose pseudonym is {@code pseudonym} (FF1 decryption): only for the key holder,
   * e.g. on a lawful request. Prefer {@link PseudonymVault} where re-identification must be
   * authorized and audited.
   *
   * @param pseudonym a pseudonym from {@link #pseudonymize(String)}
   * @return the identifier
   * @throws IllegalArgumentException if the pseudonym is null, empty, of another length or has a
   *     character outside the alphabet
   */
  public String reverse(String pseudonym) {
    return run(false, "pseudonym", pseudonym);
  }

  private String run(boolean encrypt, String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          name + " must be a non-empty string, got " + Pseudonymizer.quote(value));
    }
    if (value.length() != length) {
      throw new IllegalArgumentException(
          name + " must have exactly " + length + " characters, got " + value.length());
    }
    byte[] in = new byte[length];
    for (int i = 0; i < length; i++) {
      int v = alphabet.indexOf(value.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException(
            name
                + " must use only characters of \""
                + alphabet
                + "\", got '"
                + value.charAt(i)
                + "' at index "
                + i);
      }
      in[i] = (byte) v;
    }
    byte[] out = ff1(encrypt, in);
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = alphabet.charAt(out[i] & 0xff);
    }
    return new String(chars);
  }

  private byte[] ff1(boolean encrypt, byte[] in) {
    return Ff1.run(key, alphabet.length(), tweak, in, encrypt);
  }

  /** FF1 on raw symbols with a raw key, for the NIST test vectors only. */
  static byte[] ff1ForTestVectors(
      byte[] key, int radix, byte[] tweak, byte[] symbols, boolean encrypt) {
    return Ff1.run(key, radix, tweak, symbols, encrypt);
  }

  @Override
  public String toString() {
    return "FormatPreservingPseudonymizer[FF1-AES256, domain "
        + domain
        + ", "
        + alphabet.length()
        + "^"
        + length
        + " values]";
  }
}
