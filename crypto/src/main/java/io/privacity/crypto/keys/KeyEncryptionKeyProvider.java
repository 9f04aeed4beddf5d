package io.privacity.crypto.keys;

import java.security.GeneralSecurityException;

/**
 * Supplies key-encryption keys (KEKs) that wrap envelopes' data keys.
 *
 * <p>New envelopes are wrapped under {@link #current()}; old envelopes name the key that wrapped
 * them and are unwrapped with {@link #unwrap}. Rotation makes a new key current while keeping old
 * keys available for unwrapping, so old envelopes still open and can be rewrapped.
 *
 * <p>Implementations must be thread-safe.
 */
public interface KeyEncryptionKeyProvider {
  /**
   * Returns how this provider's keys wrap data keys.
   *
   * @return the scheme
   */
  WrapScheme scheme();

  /**
   * Returns the key that wraps new data keys.
   *
   * @return the current key
   * @throws GeneralSecurityException if the key cannot be obtained (e.g. a KMS is unreachable)
   */
  WrappingKey current() throws GeneralSecurityException;

  /**
   * Unwraps a data key.
   *
   * @param keyId the id written in the envelope
   * @param wrapped the wrapped data key
   * @param associatedData the bytes bound at wrapping
   * @return the data key
   * @throws UnknownKeyException if this provider does not hold {@code keyId}
   * @throws GeneralSecurityException if the wrapped key does not verify
   */
  byte[] unwrap(String keyId, byte[] wrapped, byte[] associatedData)
      throws GeneralSecurityException;
}
