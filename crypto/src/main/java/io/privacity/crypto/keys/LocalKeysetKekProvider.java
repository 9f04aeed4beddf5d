package io.privacity.crypto.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmParameters;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.internal.Tink;
import io.privacity.crypto.internal.Unchecked;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Key-encryption keys held in a local Tink keyset of AES-256-GCM keys, stored encrypted under a
 * master key (typically an {@link Aead} from a KMS or an HSM).
 *
 * <p>Each key's id is {@code "local-"} followed by its Tink key id as an unsigned decimal. The keys
 * use Tink's {@code NO_PREFIX} variant: the envelope names the key itself, so Tink's 5-byte prefix
 * would only add bytes. {@link #rotate()} adds a new key and makes it current; older keys stay in
 * the keyset so older envelopes still open, until {@link #retire} removes one.
 *
 * <p>Thread-safe: the keyset is replaced atomically on rotation.
 *
 * <p><b>Warning:</b> the keyset is secret. Persist it only with {@link #toEncryptedKeyset}; the
 * cleartext methods exist for test vectors and are named {@code insecure…}.
 */
public final class LocalKeysetKekProvider implements KeyEncryptionKeyProvider {
  private static final byte[] KEYSET_AD =
      "privacity/kek-keyset/v1".getBytes(StandardCharsets.US_ASCII);
  private static final String PREFIX = "local-";

  private static final RotatingKeyset.Kind<Aead> KIND =
      new RotatingKeyset.Kind<>(
          PREFIX, "local key-encryption key", KEYSET_AD, LocalKeysetKekProvider::aead);

  private final RotatingKeyset<Aead> keys;

  private LocalKeysetKekProvider(KeysetHandle handle) throws GeneralSecurityException {
    this.keys = new RotatingKeyset<>(KIND, handle);
  }

  /**
   * Generates a provider with one fresh AES-256-GCM key.
   *
   * @return the provider
   * @throws IllegalStateException if Tink cannot generate the key
   */
  public static LocalKeysetKekProvider generate() {
    Tink.register();
    return Unchecked.call(
        "cannot generate an AES-256-GCM key-encryption key",
        () -> new LocalKeysetKekProvider(RotatingKeyset.generate(params())));
  }

  /**
   * Loads a keyset written by {@link #toEncryptedKeyset}.
   *
   * @param encryptedKeyset the encrypted keyset
   * @param masterKey the master key it was encrypted under
   * @return the provider
   * @throws GeneralSecurityException if the keyset does not decrypt or holds other key types
   */
  public static LocalKeysetKekProvider fromEncryptedKeyset(byte[] encryptedKeyset, Aead masterKey)
      throws GeneralSecurityException {
    Tink.register();
    requireNonNull("encryptedKeyset", encryptedKeyset);
    requireNonNull("masterKey", masterKey);
    return new LocalKeysetKekProvider(KIND.parseEncrypted(encryptedKeyset, masterKey));
  }

  /**
   * Loads a cleartext keyset. <b>Insecure</b>: for committed test vectors only.
   *
   * @param cleartextKeyset a keyset in Tink's binary format
   * @return the provider
   * @throws GeneralSecurityException if the keyset is invalid or holds other key types
   */
  public static LocalKeysetKekProvider insecureFromCleartextKeyset(byte[] cleartextKeyset)
      throws GeneralSecurityException {
    Tink.register();
    requireNonNull("cleartextKeyset", cleartextKeyset);
    return new LocalKeysetKekProvider(RotatingKeyset.parseCleartext(cleartextKeyset));
  }

  /**
   * Writes the keyset encrypted under a master key.
   *
   * @param masterKey the master key
   * @return the encrypted keyset
   * @throws IllegalStateException if the master key cannot encrypt (e.g. a KMS refuses)
   */
  public byte[] toEncryptedKeyset(Aead masterKey) {
    requireNonNull("masterKey", masterKey);
    return Unchecked.call(
        "cannot encrypt the keyset under the master key", () -> keys.toEncrypted(masterKey));
  }

  /**
   * Writes the keyset in cleartext. <b>Insecure</b>: for committed test vectors only.
   *
   * @return the cleartext keyset
   * @throws IllegalStateException if serialization fails
   */
  public byte[] insecureExportCleartextKeyset() {
    return Unchecked.call("cannot serialize the keyset", keys::toCleartext);
  }

  /**
   * Adds a fresh key and makes it current; older keys remain for unwrapping.
   *
   * @return the new key's id
   * @throws IllegalStateException if Tink cannot generate the key
   */
  public synchronized String rotate() {
    return Unchecked.call(
        "cannot generate an AES-256-GCM key-encryption key", () -> keys.rotate(params()));
  }

  /**
   * Removes a non-current key: envelopes still wrapped under it no longer open (rewrap them first).
   *
   * @param keyId the key to remove
   * @throws IllegalArgumentException if no such key is held, or {@code keyId} is the current key
   * @throws IllegalStateException if the keyset cannot be rebuilt
   */
  public synchronized void retire(String keyId) {
    RotatingKeyset.Snapshot<Aead> s = keys.snapshot();
    if (!s.primitives.containsKey(keyId)) {
      throw new IllegalArgumentException(
          "keyId must be a key of this keyset " + keyIds() + ", got '" + keyId + "'");
    }
    if (keyId.equals(s.currentId)) {
      throw new IllegalArgumentException(
          "keyId must not be the current key, got '" + keyId + "'; rotate first");
    }
    KeysetHandle.Builder b = KeysetHandle.newBuilder();
    for (int i = 0; i < s.handle.size(); i++) {
      KeysetHandle.Entry e = s.handle.getAt(i);
      if (keys.idOf(e.getId()).equals(keyId)) {
        continue;
      }
      // importKey makes an ENABLED entry: keep a disabled key disabled.
      KeysetHandle.Builder.Entry copy =
          KeysetHandle.importKey(e.getKey()).withFixedId(e.getId()).setStatus(e.getStatus());
      b.addEntry(e.isPrimary() ? copy.makePrimary() : copy);
    }
    Unchecked.run("cannot rebuild the keyset", () -> keys.replace(b.build()));
  }

  /**
   * Records every later rotation in a transparency ledger as a {@link LedgerEventType#KEY_ROTATION}
   * event (key ids only, no key material).
   *
   * @param ledger the ledger
   * @return this provider
   * @throws IllegalArgumentException if null
   */
  public synchronized LocalKeysetKekProvider recordRotationsIn(TransparencyLedger ledger) {
    keys.recordRotationsIn(ledger);
    return this;
  }

  /**
   * Returns the ids of all keys held, oldest first.
   *
   * @return the key ids
   */
  public List<String> keyIds() {
    return keys.keyIds();
  }

  @Override
  public WrapScheme scheme() {
    return WrapScheme.AEAD;
  }

  @Override
  public WrappingKey current() {
    RotatingKeyset.Snapshot<Aead> s = keys.snapshot();
    Aead aead = s.primitives.get(s.currentId);
    String id = s.currentId;
    return new FixedWrappingKey(id, (dataKey, ad) -> aead.encrypt(dataKey, ad));
  }

  @Override
  public byte[] unwrap(String keyId, byte[] wrapped, byte[] associatedData)
      throws GeneralSecurityException {
    Aead aead = keys.primitive(keyId);
    if (aead == null) {
      throw new UnknownKeyException("no key-encryption key '" + keyId + "' in this keyset");
    }
    return aead.decrypt(wrapped, associatedData);
  }

  @Override
  public String toString() {
    return "LocalKeysetKekProvider{current=" + keys.currentId() + ", keys=" + keyIds() + "}";
  }

  private static AesGcmParameters params() throws GeneralSecurityException {
    return AesGcmParameters.builder()
        .setKeySizeBytes(32)
        .setIvSizeBytes(12)
        .setTagSizeBytes(16)
        .setVariant(AesGcmParameters.Variant.NO_PREFIX)
        .build();
  }

  private static void requireNonNull(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be non-null, got null");
    }
  }

  private static Aead aead(KeysetHandle.Entry e) throws GeneralSecurityException {
    if (!(e.getKey().getParameters() instanceof AesGcmParameters)) {
      throw new GeneralSecurityException("keyset must hold only AES-GCM keys");
    }
    return e.getStatus() == KeyStatus.ENABLED ? Tink.aead(Tink.single(e)) : null;
  }
}
