package io.privacity.crypto.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.internal.Tink;
import io.privacity.crypto.internal.Unchecked;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The receiving side of public-key sealing: HPKE key pairs (RFC 9180, mode base, DHKEM(X25519,
 * HKDF-SHA256), HKDF-SHA256, AES-256-GCM) through Tink hybrid encryption.
 *
 * <p>A city keeps this object (its private keys) and hands {@link #publicKeys()} to sensors. A
 * sensor can then seal envelopes that only the city can open; it holds no key that unwraps them.
 * Each key's id is {@code "hpke-"} followed by its Tink key id as an unsigned decimal.
 *
 * <p>Rotation ({@link #rotate()}) adds a new pair and makes it current; sensors need the new public
 * keyset to use it, and envelopes sealed under older pairs still open. A key a loaded keyset marks
 * {@code DISABLED} stays in the keyset but unwraps nothing (and is not listed by {@link
 * #keyIds()}); a key of any other HPKE parameter set is refused when the keyset is loaded.
 * Thread-safe.
 *
 * <p><b>Warning:</b> the private keyset is secret; persist it only with {@link #toEncryptedKeyset}.
 */
public final class HpkeKeyPairs implements KeyEncryptionKeyProvider {
  private static final byte[] KEYSET_AD =
      "privacity/hpke-keyset/v1".getBytes(StandardCharsets.US_ASCII);
  static final String PREFIX = "hpke-";

  private static final RotatingKeyset.Kind<HybridDecrypt> KIND =
      new RotatingKeyset.Kind<>(PREFIX, "HPKE key pair", KEYSET_AD, HpkeKeyPairs::decrypter);

  private final RotatingKeyset<HybridDecrypt> keys;

  private HpkeKeyPairs(KeysetHandle handle) throws GeneralSecurityException {
    this.keys = new RotatingKeyset<>(KIND, handle);
  }

  /**
   * Generates one fresh key pair.
   *
   * @return the key pairs
   * @throws IllegalStateException if Tink cannot generate the key
   */
  public static HpkeKeyPairs generate() {
    Tink.register();
    return Unchecked.call(
        "cannot generate an HPKE key pair",
        () -> new HpkeKeyPairs(RotatingKeyset.generate(params())));
  }

  /**
   * Loads a private keyset written by {@link #toEncryptedKeyset}.
   *
   * @param encryptedKeyset the encrypted keyset
   * @param masterKey the master key it was encrypted under
   * @return the key pairs
   * @throws GeneralSecurityException if it does not decrypt or holds other key types
   */
  public static HpkeKeyPairs fromEncryptedKeyset(byte[] encryptedKeyset, Aead masterKey)
      throws GeneralSecurityException {
    Tink.register();
    if (encryptedKeyset == null || masterKey == null) {
      throw new IllegalArgumentException("encryptedKeyset and masterKey must be non-null");
    }
    return new HpkeKeyPairs(KIND.parseEncrypted(encryptedKeyset, masterKey));
  }

  /**
   * Loads a cleartext private keyset. <b>Insecure</b>: for committed test vectors only.
   *
   * @param cleartextKeyset the keyset in Tink's binary format
   * @return the key pairs
   * @throws GeneralSecurityException if the keyset is invalid
   */
  public static HpkeKeyPairs insecureFromCleartextKeyset(byte[] cleartextKeyset)
      throws GeneralSecurityException {
    Tink.register();
    if (cleartextKeyset == null) {
      throw new IllegalArgumentException("cleartextKeyset must be non-null, got null");
    }
    return new HpkeKeyPairs(RotatingKeyset.parseCleartext(cleartextKeyset));
  }

  /**
   * Writes the private keyset encrypted under a master key.
   *
   * @param masterKey the master key
   * @return the encrypted keyset
   * @throws IllegalStateException if the master key cannot encrypt (e.g. a KMS refuses)
   */
  public byte[] toEncryptedKeyset(Aead masterKey) {
    if (masterKey == null) {
      throw new IllegalArgumentException("masterKey must be non-null, got null");
    }
    return Unchecked.call(
        "cannot encrypt the keyset under the master key", () -> keys.toEncrypted(masterKey));
  }

  /**
   * Writes the private keyset in cleartext. <b>Insecure</b>: for committed test vectors only.
   *
   * @return the cleartext keyset
   * @throws IllegalStateException if serialization fails
   */
  public byte[] insecureExportCleartextKeyset() {
    return Unchecked.call("cannot serialize the keyset", keys::toCleartext);
  }

  /**
   * Returns the public keys, for sensors.
   *
   * @return the public half of every pair, with the same current key
   * @throws IllegalStateException if Tink cannot derive the public keyset
   */
  public HpkePublicKeys publicKeys() {
    return Unchecked.call(
        "cannot derive the public keyset",
        () -> HpkePublicKeys.of(keys.handle().getPublicKeysetHandle()));
  }

  /**
   * Adds a fresh key pair and makes it current.
   *
   * @return the new key's id
   * @throws IllegalStateException if Tink cannot generate the key
   */
  public synchronized String rotate() {
    return Unchecked.call("cannot generate an HPKE key pair", () -> keys.rotate(params()));
  }

  /**
   * Records every later rotation in a transparency ledger as a {@link LedgerEventType#KEY_ROTATION}
   * event (key ids only, no key material).
   *
   * @param ledger the ledger
   * @return this provider
   * @throws IllegalArgumentException if null
   */
  public synchronized HpkeKeyPairs recordRotationsIn(TransparencyLedger ledger) {
    keys.recordRotationsIn(ledger);
    return this;
  }

  /**
   * Returns the ids of all pairs, oldest first.
   *
   * @return the key ids
   */
  public List<String> keyIds() {
    return keys.keyIds();
  }

  @Override
  public WrapScheme scheme() {
    return WrapScheme.HPKE;
  }

  @Override
  public WrappingKey current() {
    return publicKeys().current();
  }

  @Override
  public byte[] unwrap(String keyId, byte[] wrapped, byte[] associatedData)
      throws GeneralSecurityException {
    HybridDecrypt d = keys.primitive(keyId);
    if (d == null) {
      throw new UnknownKeyException("no HPKE key pair '" + keyId + "' held here");
    }
    return d.decrypt(wrapped, associatedData);
  }

  @Override
  public String toString() {
    return "HpkeKeyPairs{current=" + keys.currentId() + ", keys=" + keyIds() + "}";
  }

  static HpkeParameters params() throws GeneralSecurityException {
    return HpkeParameters.builder()
        .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
        .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
        .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
        .setVariant(HpkeParameters.Variant.NO_PREFIX)
        .build();
  }

  /**
   * Checks that an entry is an HPKE private key of the pinned parameters; returns its decrypter, or
   * null for a key that is not {@link KeyStatus#ENABLED} (kept in the keyset, but it unwraps
   * nothing).
   */
  private static HybridDecrypt decrypter(KeysetHandle.Entry e) throws GeneralSecurityException {
    if (!(e.getKey() instanceof HpkePrivateKey)) {
      throw new GeneralSecurityException("keyset must hold only HPKE private keys");
    }
    requirePinned(e.getKey().getParameters());
    if (e.getStatus() != KeyStatus.ENABLED) {
      return null;
    }
    return Tink.single(e).getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
  }

  /**
   * Refuses HPKE keys of any parameter set but the one this library seals with: a key of another
   * KEM, KDF, AEAD or output prefix would change the wrapped key's format and security level.
   *
   * @param p a key's parameters
   * @throws GeneralSecurityException if they are not {@link #params()}
   */
  static void requirePinned(Parameters p) throws GeneralSecurityException {
    if (!params().equals(p)) {
      throw new GeneralSecurityException(
          "HPKE keys must use DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM and no output"
              + " prefix, got "
              + p);
    }
  }
}
