package io.privacity.crypto.keys;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import io.privacity.crypto.internal.Tink;
import io.privacity.crypto.internal.Unchecked;
import java.security.GeneralSecurityException;

/**
 * The sealing side of public-key sealing: the current HPKE public key of an {@link HpkeKeyPairs}.
 *
 * <p>A sensor holding only this object can wrap data keys for the city but cannot unwrap any:
 * {@link #unwrap} always throws {@link UnknownKeyException}. Contains no secret; safe to
 * distribute. Immutable and thread-safe.
 */
public final class HpkePublicKeys implements KeyEncryptionKeyProvider {
  private final KeysetHandle handle;
  private final HybridEncrypt encrypter;
  private final String currentId;

  private HpkePublicKeys(KeysetHandle handle) throws GeneralSecurityException {
    Tink.register();
    for (int i = 0; i < handle.size(); i++) {
      KeysetHandle.Entry e = handle.getAt(i);
      if (!(e.getKey() instanceof HpkePublicKey)) {
        throw new GeneralSecurityException("keyset must hold only HPKE public keys");
      }
      HpkeKeyPairs.requirePinned(e.getKey().getParameters());
    }
    KeysetHandle.Entry primary = handle.getPrimary();
    this.handle = handle;
    this.currentId = HpkeKeyPairs.PREFIX + Integer.toUnsignedString(primary.getId());
    this.encrypter =
        Tink.single(primary).getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
  }

  static HpkePublicKeys of(KeysetHandle publicHandle) throws GeneralSecurityException {
    return new HpkePublicKeys(publicHandle);
  }

  /**
   * Parses a public keyset written by {@link #toPublicKeyset()}.
   *
   * @param publicKeyset the public keyset in Tink's binary format
   * @return the public keys
   * @throws GeneralSecurityException if the bytes are not an HPKE public keyset
   */
  public static HpkePublicKeys fromPublicKeyset(byte[] publicKeyset)
      throws GeneralSecurityException {
    Tink.register();
    if (publicKeyset == null) {
      throw new IllegalArgumentException("publicKeyset must be non-null, got null");
    }
    return new HpkePublicKeys(TinkProtoKeysetFormat.parseKeysetWithoutSecret(publicKeyset));
  }

  /**
   * Writes the public keyset (no secret) for distribution to sensors.
   *
   * @return the public keyset in Tink's binary format
   * @throws IllegalStateException if serialization fails
   */
  public byte[] toPublicKeyset() {
    return Unchecked.call(
        "cannot serialize the public keyset",
        () -> TinkProtoKeysetFormat.serializeKeysetWithoutSecret(handle));
  }

  @Override
  public WrapScheme scheme() {
    return WrapScheme.HPKE;
  }

  @Override
  public WrappingKey current() {
    return new FixedWrappingKey(currentId, (dataKey, ad) -> encrypter.encrypt(dataKey, ad));
  }

  /**
   * Always refuses: a holder of public keys cannot unwrap.
   *
   * @param keyId ignored
   * @param wrapped ignored
   * @param associatedData ignored
   * @return never
   * @throws UnknownKeyException always
   */
  @Override
  public byte[] unwrap(String keyId, byte[] wrapped, byte[] associatedData)
      throws UnknownKeyException {
    throw new UnknownKeyException(
        "public keys cannot unwrap data keys; key '" + keyId + "' needs its private key");
  }

  @Override
  public String toString() {
    return "HpkePublicKeys{current=" + currentId + "}";
  }
}
