package io.privacity.crypto.envelope;

import com.google.crypto.tink.subtle.EngineFactory;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under a key that encrypts exactly one message (the payload key of a version-2
 * envelope), so the nonce is the constant {@link Format#ZERO_NONCE}. The cipher is JCA's, obtained
 * through Tink's {@link EngineFactory} as Tink's own AES-GCM does, but it is this class's own
 * per-thread instance: Tink's AES-GCM keeps one cipher per thread for every key, so the key wrap
 * (same key-encryption key each time) and the payload (a fresh key each time) would alternate on it
 * and the key-encryption key's round keys would be expanded again for every envelope. On its own
 * cipher the key-encryption key keeps its expanded key.
 */
final class SingleUseGcm {
  private SingleUseGcm() {}

  private static final ThreadLocal<Cipher> GCM =
      ThreadLocal.withInitial(
          () -> {
            try {
              return EngineFactory.CIPHER.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-GCM unavailable", e);
            }
          });

  private static final GCMParameterSpec PARAMS =
      new GCMParameterSpec(Format.TAG_LEN * 8, Format.ZERO_NONCE);

  /**
   * Encrypts {@code plaintext} into a new array after {@code header}.
   *
   * @param okm key material whose first {@link Format#KEY_LEN} bytes are the payload key
   * @param header copied to the front of the output
   * @param plaintext the message
   * @param ad associated data
   * @return header, ciphertext, tag
   */
  static byte[] seal(byte[] okm, byte[] header, byte[] plaintext, byte[] ad)
      throws GeneralSecurityException {
    Cipher c = GCM.get();
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(okm, 0, Format.KEY_LEN, "AES"), PARAMS);
    c.updateAAD(ad);
    byte[] out = new byte[header.length + plaintext.length + Format.TAG_LEN];
    System.arraycopy(header, 0, out, 0, header.length);
    int n = c.doFinal(plaintext, 0, plaintext.length, out, header.length);
    if (n != plaintext.length + Format.TAG_LEN) {
      throw new GeneralSecurityException("AES-GCM wrote " + n + " bytes");
    }
    return out;
  }

  /**
   * Decrypts {@code envelope[offset..]} (ciphertext and tag).
   *
   * @param okm key material whose first {@link Format#KEY_LEN} bytes are the payload key
   * @param envelope the bytes
   * @param offset where the ciphertext starts
   * @param ad associated data
   * @return the plaintext
   * @throws GeneralSecurityException if it does not authenticate
   */
  static byte[] open(byte[] okm, byte[] envelope, int offset, byte[] ad)
      throws GeneralSecurityException {
    Cipher c = GCM.get();
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(okm, 0, Format.KEY_LEN, "AES"), PARAMS);
    c.updateAAD(ad);
    return c.doFinal(envelope, offset, envelope.length - offset);
  }
}
