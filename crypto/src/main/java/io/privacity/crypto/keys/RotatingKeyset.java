package io.privacity.crypto.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyset state of the providers that hold their keys in a local Tink keyset ({@link
 * HpkeKeyPairs}, {@link LocalKeysetKekProvider}): an immutable {@link Snapshot} of the keyset with
 * one single-key primitive per key, replaced atomically; the keyset's (de)serialization; rotation
 * and its record in a transparency ledger. Each key's id is a fixed prefix followed by its Tink key
 * id as an unsigned decimal.
 *
 * <p>Reads are lock-free. The methods that replace the snapshot or the ledger ({@link #rotate},
 * {@link #replace}, {@link #recordRotationsIn}) are not synchronized here: the owning provider
 * calls them under its own lock, as its public methods document.
 *
 * @param <P> the primitive each key serves as
 */
final class RotatingKeyset<P> {
  /**
   * Checks one keyset entry and makes its primitive.
   *
   * @param <P> the primitive
   */
  @FunctionalInterface
  interface EntryReader<P> {
    /**
     * Reads one entry.
     *
     * @param entry the entry
     * @return its single-key primitive, or null to keep the key in the keyset without one
     * @throws GeneralSecurityException if the entry is not of the expected key type
     */
    P read(KeysetHandle.Entry entry) throws GeneralSecurityException;
  }

  /**
   * What one provider's keysets hold.
   *
   * @param idPrefix what each key id starts with
   * @param name what a key is, for the ledger's rotation record
   * @param keysetAssociatedData the associated data of the encrypted keyset
   * @param reader checks each entry and makes its primitive
   * @param <P> the primitive
   */
  record Kind<P>(String idPrefix, String name, byte[] keysetAssociatedData, EntryReader<P> reader) {
    /**
     * Parses a keyset encrypted under a master key.
     *
     * @param encryptedKeyset the encrypted keyset, non-null
     * @param masterKey the master key, non-null
     * @return the keyset
     * @throws GeneralSecurityException if it does not decrypt
     */
    KeysetHandle parseEncrypted(byte[] encryptedKeyset, Aead masterKey)
        throws GeneralSecurityException {
      return TinkProtoKeysetFormat.parseEncryptedKeyset(
          encryptedKeyset, masterKey, keysetAssociatedData);
    }
  }

  private final Kind<P> kind;
  private volatile Snapshot<P> snapshot;
  private volatile TransparencyLedger ledger;

  /**
   * Holds a keyset.
   *
   * @param kind what the keyset holds
   * @param handle the keyset
   * @throws GeneralSecurityException if the kind's reader refuses an entry
   */
  RotatingKeyset(Kind<P> kind, KeysetHandle handle) throws GeneralSecurityException {
    this.kind = kind;
    this.snapshot = snapshotOf(handle);
  }

  /**
   * Returns a keyset of one fresh key, which is primary.
   *
   * @param params the key's parameters
   * @return the keyset
   * @throws GeneralSecurityException if Tink cannot generate the key
   */
  static KeysetHandle generate(Parameters params) throws GeneralSecurityException {
    return KeysetHandle.newBuilder().addEntry(fresh(params)).build();
  }

  /**
   * Parses a cleartext keyset.
   *
   * @param cleartextKeyset the keyset in Tink's binary format, non-null
   * @return the keyset
   * @throws GeneralSecurityException if the keyset is invalid
   */
  static KeysetHandle parseCleartext(byte[] cleartextKeyset) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.parseKeyset(cleartextKeyset, InsecureSecretKeyAccess.get());
  }

  /**
   * Writes the keyset encrypted under a master key.
   *
   * @param masterKey the master key, non-null
   * @return the encrypted keyset
   * @throws GeneralSecurityException if encryption fails
   */
  byte[] toEncrypted(Aead masterKey) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(
        snapshot.handle, masterKey, kind.keysetAssociatedData());
  }

  /**
   * Writes the keyset in cleartext.
   *
   * @return the cleartext keyset
   * @throws GeneralSecurityException if serialization fails
   */
  byte[] toCleartext() throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeKeyset(snapshot.handle, InsecureSecretKeyAccess.get());
  }

  /**
   * Returns the current snapshot, for reading several of its parts consistently.
   *
   * @return the snapshot
   */
  Snapshot<P> snapshot() {
    return snapshot;
  }

  /**
   * Returns the keyset.
   *
   * @return the keyset
   */
  KeysetHandle handle() {
    return snapshot.handle;
  }

  /**
   * Returns the current (primary) key's id.
   *
   * @return the id
   */
  String currentId() {
    return snapshot.currentId;
  }

  /**
   * Returns the primitive of a key.
   *
   * @param keyId the key's id
   * @return its primitive, or null if no key of that id has one
   */
  P primitive(String keyId) {
    return snapshot.primitives.get(keyId);
  }

  /**
   * Returns the ids of the keys that have a primitive, oldest first.
   *
   * @return the key ids, a fresh list
   */
  List<String> keyIds() {
    return new ArrayList<>(snapshot.primitives.keySet());
  }

  /**
   * Returns the id of a key.
   *
   * @param tinkId the key's Tink id
   * @return the prefix followed by {@code tinkId} as an unsigned decimal
   */
  String idOf(int tinkId) {
    return kind.idPrefix() + Integer.toUnsignedString(tinkId);
  }

  /**
   * Adds a fresh key, makes it current, and records the rotation in the ledger if one is set. The
   * caller holds its lock.
   *
   * @param params the new key's parameters
   * @return the new key's id
   * @throws GeneralSecurityException if Tink cannot generate the key
   */
  String rotate(Parameters params) throws GeneralSecurityException {
    KeysetHandle.Builder b = KeysetHandle.newBuilder(snapshot.handle);
    b.addEntry(fresh(params));
    Snapshot<P> next = snapshotOf(b.build());
    String previous = snapshot.currentId;
    snapshot = next;
    TransparencyLedger l = ledger;
    if (l != null) {
      l.append(
          LedgerEventType.KEY_ROTATION,
          "rotated " + kind.name() + ": new envelopes use the new key, old ones still open",
          Map.of("previousKeyId", previous, "newKeyId", next.currentId));
    }
    return next.currentId;
  }

  /**
   * Replaces the keyset. The caller holds its lock.
   *
   * @param handle the new keyset
   * @throws GeneralSecurityException if the reader refuses an entry
   */
  void replace(KeysetHandle handle) throws GeneralSecurityException {
    snapshot = snapshotOf(handle);
  }

  /**
   * Records every later rotation in a transparency ledger. The caller holds its lock.
   *
   * @param ledger the ledger
   * @throws IllegalArgumentException if null
   */
  void recordRotationsIn(TransparencyLedger ledger) {
    if (ledger == null) {
      throw new IllegalArgumentException("ledger must be non-null, got null");
    }
    this.ledger = ledger;
  }

  private static KeysetHandle.Builder.Entry fresh(Parameters params)
      throws GeneralSecurityException {
    return KeysetHandle.generateEntryFromParameters(params).withRandomId().makePrimary();
  }

  private Snapshot<P> snapshotOf(KeysetHandle handle) throws GeneralSecurityException {
    Map<String, P> primitives = new LinkedHashMap<>();
    for (int i = 0; i < handle.size(); i++) {
      KeysetHandle.Entry e = handle.getAt(i);
      P primitive = kind.reader().read(e);
      if (primitive != null) {
        primitives.put(idOf(e.getId()), primitive);
      }
    }
    return new Snapshot<>(
        handle, Collections.unmodifiableMap(primitives), idOf(handle.getPrimary().getId()));
  }

  /**
   * An immutable snapshot: the keyset, one primitive per key by id, and the current key's id.
   *
   * @param <P> the primitive
   */
  static final class Snapshot<P> {
    final KeysetHandle handle;
    final Map<String, P> primitives;
    final String currentId;

    private Snapshot(KeysetHandle handle, Map<String, P> primitives, String currentId) {
      this.handle = handle;
      this.primitives = primitives;
      this.currentId = currentId;
    }
  }
}
