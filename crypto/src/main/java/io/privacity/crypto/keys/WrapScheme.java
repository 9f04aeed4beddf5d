package io.privacity.crypto.keys;

/**
 * How a key-encryption key wraps data keys. The scheme's code is the low nibble of an envelope's
 * suite byte (see {@code crypto/ENVELOPE_FORMAT.md}).
 */
public enum WrapScheme {
  /** A symmetric Tink {@link com.google.crypto.tink.Aead} (local AES-256-GCM keyset or a KMS). */
  AEAD(1),
  /**
   * Tink hybrid encryption with HPKE (RFC 9180): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
   * AES-256-GCM. Sealers need only the public key.
   */
  HPKE(2);

  private final int code;

  WrapScheme(int code) {
    this.code = code;
  }

  /**
   * Returns the scheme's code in the envelope format.
   *
   * @return 1 or 2
   */
  public int code() {
    return code;
  }

  /**
   * Returns the scheme with the given code.
   *
   * @param code a code from the envelope's suite byte
   * @return the scheme, or null if the code is not assigned
   */
  public static WrapScheme ofCode(int code) {
    for (WrapScheme s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return null;
  }
}
