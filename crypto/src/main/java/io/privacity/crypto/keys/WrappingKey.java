package io.privacity.crypto.keys;

import java.security.GeneralSecurityException;

/**
 * One key-encryption key, able to wrap data keys. Returned by {@link
 * KeyEncryptionKeyProvider#current()} so that the key id written into an envelope and the key that
 * wrapped its data key cannot diverge during a rotation.
 */
public interface WrappingKey {
  /**
   * Returns the key's id, written in the clear into envelopes.
   *
   * @return 1 to 255 UTF-8 bytes
   */
  String id();

  /**
   * Wraps (encrypts) a data key.
   *
   * @param dataKey the data key
   * @param associatedData bound to the wrapped key; the same bytes are needed to unwrap
   * @return the wrapped key
   * @throws GeneralSecurityException if the key cannot be used (e.g. a KMS refuses)
   */
  byte[] wrap(byte[] dataKey, byte[] associatedData) throws GeneralSecurityException;
}
