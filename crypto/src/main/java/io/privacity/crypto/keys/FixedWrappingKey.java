package io.privacity.crypto.keys;

import java.security.GeneralSecurityException;

/**
 * A {@link WrappingKey} of a fixed id that wraps with one primitive: what the providers' {@code
 * current()} return, so that the id and the key stay paired however the provider rotates.
 */
final class FixedWrappingKey implements WrappingKey {
  /** Wraps a data key, as {@code Aead.encrypt} or {@code HybridEncrypt.encrypt} do. */
  @FunctionalInterface
  interface Wrap {
    /**
     * Wraps a data key.
     *
     * @param dataKey the data key
     * @param associatedData bound to the wrapped key
     * @return the wrapped key
     * @throws GeneralSecurityException if the key cannot be used
     */
    byte[] apply(byte[] dataKey, byte[] associatedData) throws GeneralSecurityException;
  }

  private final String id;
  private final Wrap wrap;

  /**
   * Pairs an id with a primitive.
   *
   * @param id the key's id
   * @param wrap the key's primitive
   */
  FixedWrappingKey(String id, Wrap wrap) {
    this.id = id;
    this.wrap = wrap;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] wrap(byte[] dataKey, byte[] associatedData) throws GeneralSecurityException {
    return wrap.apply(dataKey, associatedData);
  }
}
