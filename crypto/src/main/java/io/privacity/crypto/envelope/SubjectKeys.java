package io.privacity.crypto.envelope;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.internal.Tink;
import io.privacity.crypto.keys.SubjectKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-subject keys and crypto-shredding.
 *
 * <p>Each data subject (the value under {@link EncryptionContext#SUBJECT}) gets its own Tink
 * HMAC-SHA256 PRF keyset, created on first use and stored encrypted under a master key in a {@link
 * SubjectKeyStore}. An envelope about a subject mixes a secret derived from that keyset into its
 * key schedule alongside the data key, so opening needs <em>both</em> the key-encryption key and
 * the subject's key.
 *
 * <p><b>Crypto-shredding guarantee.</b> After {@link #forget(String)} returns, the subject's key is
 * deleted from the store and from this object's cache, and every subject-bound envelope about the
 * subject is permanently unreadable — including copies in backups and data lakes — provided that
 * (1) the store keeps no other copy of the deleted record (see {@link SubjectKeyStore}), and (2) no
 * process holds an opened session or plaintext from before. Sealing new data about a forgotten
 * subject is refused with {@link SubjectShreddedException}. The erasure is recorded in the optional
 * {@link TransparencyLedger} as an {@link LedgerEventType#ERASURE} event with a SHA-256 reference
 * of the subject, never the subject id itself.
 *
 * <p>Thread-safe.
 */
public final class SubjectKeys {
  private static final byte[] REF_LABEL =
      "privacity/subject-ref/v1:".getBytes(StandardCharsets.US_ASCII);

  private final Aead masterKey;
  private final SubjectKeyStore store;
  private final TransparencyLedger ledger;
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  private SubjectKeys(Builder b) {
    Tink.register();
    this.masterKey = b.masterKey;
    this.store = b.store;
    this.ledger = b.ledger;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Destroys the subject's key (crypto-shredding) and records the erasure.
   *
   * @param subject the subject id, as in the encryption context
   * @return true if a key existed and was destroyed
   * @throws IllegalArgumentException if {@code subject} is null or blank
   */
  public synchronized boolean forget(String subject) {
    String ref = ref(subject);
    byte[] cached = cache.remove(ref);
    if (cached != null) {
      java.util.Arrays.fill(cached, (byte) 0);
    }
    boolean existed = store.delete(ref);
    if (ledger != null) {
      ledger.append(
          LedgerEventType.ERASURE,
          existed
              ? "crypto-shredded a data subject's key: their envelopes are unreadable"
              : "erasure requested for a data subject with no stored key; new data refused",
          Map.of("subjectRef", ref, "keyDestroyed", Boolean.toString(existed)));
    }
    return existed;
  }

  /**
   * Tells whether the subject was forgotten.
   *
   * @param subject the subject id
   * @return true after {@link #forget} for this subject
   * @throws IllegalArgumentException if {@code subject} is null or blank
   */
  public boolean isForgotten(String subject) {
    return store.isForgotten(ref(subject));
  }

  /**
   * Returns the SHA-256 reference under which a subject's key is stored and its erasure recorded.
   *
   * @param subject the subject id
   * @return 64 hex digits
   * @throws IllegalArgumentException if {@code subject} is null or blank
   */
  public static String ref(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException(
          "subject must be non-blank, got " + (subject == null ? "null" : "'" + subject + "'"));
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(REF_LABEL);
      md.update(subject.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * The subject's 32-byte secret for the key schedule.
   *
   * @param create whether to create the key if the subject has none (sealing) or not (opening)
   */
  byte[] secret(String subject, boolean create) throws GeneralSecurityException {
    String ref = ref(subject);
    byte[] s = cache.get(ref);
    if (s != null) {
      return s;
    }
    if (store.isForgotten(ref)) {
      throw new SubjectShreddedException("the subject's key was destroyed (crypto-shredded)");
    }
    Optional<byte[]> stored = store.load(ref);
    byte[] record;
    if (stored.isPresent()) {
      record = stored.get();
    } else if (create) {
      synchronized (this) {
        if (store.isForgotten(ref)) {
          throw new SubjectShreddedException("the subject's key was destroyed (crypto-shredded)");
        }
        KeysetHandle fresh = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF);
        record =
            store.putIfAbsent(
                ref,
                TinkProtoKeysetFormat.serializeEncryptedKeyset(
                    fresh, masterKey, ref.getBytes(StandardCharsets.US_ASCII)));
      }
    } else {
      throw new io.privacity.crypto.keys.UnknownKeyException("no key for this subject is held");
    }
    KeysetHandle h =
        TinkProtoKeysetFormat.parseEncryptedKeyset(
            record, masterKey, ref.getBytes(StandardCharsets.US_ASCII));
    PrfSet prf = h.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    byte[] secret = prf.computePrimary(Format.subjectLabel(), 32);
    synchronized (this) {
      if (store.isForgotten(ref)) {
        throw new SubjectShreddedException("the subject's key was destroyed (crypto-shredded)");
      }
      cache.put(ref, secret);
    }
    return secret;
  }

  @Override
  public String toString() {
    return "SubjectKeys{store=" + store + "}";
  }

  /** Builds {@link SubjectKeys}. Not thread-safe. */
  public static final class Builder {
    private Aead masterKey;
    private SubjectKeyStore store;
    private TransparencyLedger ledger;

    private Builder() {}

    /**
     * Sets the key that encrypts each subject's keyset at rest (required), e.g. an {@link Aead}
     * from a KMS.
     *
     * @param masterKey the master key
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder masterKey(Aead masterKey) {
      EnvelopeSealer.requireNonNull("masterKey", masterKey);
      this.masterKey = masterKey;
      return this;
    }

    /**
     * Sets where the encrypted keysets live (default {@link SubjectKeyStore#inMemory()}).
     *
     * @param store the store
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder store(SubjectKeyStore store) {
      EnvelopeSealer.requireNonNull("store", store);
      this.store = store;
      return this;
    }

    /**
     * Sets the ledger that records each erasure (optional).
     *
     * @param ledger the transparency ledger
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder ledger(TransparencyLedger ledger) {
      EnvelopeSealer.requireNonNull("ledger", ledger);
      this.ledger = ledger;
      return this;
    }

    /**
     * Builds the subject keys.
     *
     * @return the subject keys
     * @throws IllegalStateException if no master key was set
     */
    public SubjectKeys build() {
      if (masterKey == null) {
        throw new IllegalStateException("masterKey must be set before build()");
      }
      if (store == null) {
        store = SubjectKeyStore.inMemory();
      }
      return new SubjectKeys(this);
    }
  }
}
