package io.privacity.crypto.envelope;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.internal.Tink;
import io.privacity.crypto.keys.ErasableKeySlot;
import io.privacity.crypto.keys.SubjectKeyStore;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-subject keys and crypto-shredding.
 *
 * <p>Each data subject (the value under {@link EncryptionContext#SUBJECT}) gets its own Tink
 * HMAC-SHA256 PRF keyset, created on first use. An envelope about a subject mixes a secret derived
 * from that keyset into its key schedule alongside the data key, so opening needs <em>both</em> the
 * key-encryption key and the subject's key.
 *
 * <p><b>Where the keys live: a key tree.</b> Subjects are spread over buckets (1,024 by default) by
 * a keyed hash. Each subject's keyset is stored in a {@link SubjectKeyStore} encrypted under its
 * bucket's AES-256-GCM key, filed under an HMAC-SHA256 reference. The bucket keys and the HMAC key
 * form a small table kept in an {@link ErasableKeySlot}, encrypted under the master key. {@link
 * #forget} deletes the subject's record, rewraps the other records of its bucket under a fresh
 * bucket key, and replaces the slot's table, which physically erases the old bucket key. This is
 * the revocable-backup construction of Boneh and Lipton ("A revocable backup system", USENIX
 * Security 1996): only the slot must be able to erase; the store may keep every record it ever
 * held. Costs: a forget rewraps about <i>n</i>/<i>B</i> records (<i>n</i> subjects, <i>B</i>
 * buckets) and writes the slot twice (72 bytes per bucket each time); opening and sealing are
 * unchanged once a subject's key is in memory. See {@code docs/erasure.md}.
 *
 * <p><b>Subject ids</b> are compared in Unicode normal form C: canonically equivalent ids (a
 * composed "é", or "e" and a combining accent) are one subject, so an erasure request in either
 * form reaches data sealed under the other. Nothing else is folded (case, width, zero-width
 * characters): canonicalize ids that come from people before using them.
 *
 * <p><b>Threat model.</b> An attacker who later obtains every file the library ever wrote — every
 * version of every store record, deleted ones included (dead tuples, WAL, backups) — and every key
 * that still exists (the master key, the current slot, the key-encryption keys) cannot open an
 * envelope bound to a subject whose {@link #forget} returned: its keyset was only ever stored under
 * bucket keys that the slot has erased. A copy of the store alone reveals no identifier (the
 * references are keyed); with the current slot and the master key, an attacker can test a guessed
 * identifier for presence, as the key holder can.
 *
 * <p><b>Guarantees after {@link #forget}(s) returns</b>, for envelopes, key blocks, session records
 * and streams bound to {@code s} (sealed by an {@link EnvelopeSealer} with these subject keys):
 *
 * <ul>
 *   <li>none opens again — sealed before the erasure or concurrently with it — with any opener,
 *       whatever it holds, including sessions and opening streams started before;
 *   <li>no seal uses a zeroed or erased secret: a concurrent seal either used the secret before the
 *       erasure (and its envelope is then unopenable) or fails with {@link
 *       SubjectShreddedException}; new envelopes, sessions and streams about {@code s} are refused,
 *       and {@link SealingSession}s and sealing streams started before stop sealing;
 *   <li>the erasure is recorded in the optional {@link TransparencyLedger} as an {@link
 *       LedgerEventType#ERASURE} event whose private detail {@code subjectRef} (stored as the
 *       ledger's keyed commitment) is {@link #ref(String)}, a keyed reference that only the holder
 *       of these subject keys can recompute: an auditor holding both keys checks an erasure with
 *       {@code LedgerCommitmentKey.opens(entry, "subjectRef", subjects.ref(id))}.
 * </ul>
 *
 * <p><b>Not promised.</b> Plaintext already opened, and copies of it; keys derived from the
 * subject's key that another process holds (an opener in another JVM that accepted a session's key
 * block keeps that session's key in memory until it drops it); envelopes sealed without subject
 * binding (e.g. by a sensor holding only a public key), which {@link EnvelopeOpener} refuses after
 * the erasure by policy, not by cryptography; copies of the slot (never back it up); a second
 * {@code SubjectKeys} over the same store and slot (in this or another process: use one); memory
 * images of this process taken before the erasure (Java cannot zero every copy of a key).
 *
 * <p>Thread-safe. Sealing and opening about different subjects never contend; {@link #forget} calls
 * run one at a time and wait for in-flight uses of the forgotten subject's secret.
 */
public final class SubjectKeys {
  static final int DEFAULT_BUCKETS = 1024;
  private static final String SHREDDED = "the subject's key was destroyed (crypto-shredded)";

  private final SubjectKeyStore store;
  private final ErasableKeySlot slot;
  private final TransparencyLedger ledger;
  private final KeyTree tree;
  private final Map<String, SubjectState> states = new ConcurrentHashMap<>();
  private final Object forgetLock = new Object();
  // Counts forgets, raised after each one marked its subject forgotten in the store: a session
  // that checked the policy at count n need not check again while the count is n.
  private volatile long erasures;

  private SubjectKeys(Builder b, KeyTree tree) {
    this.store = b.store;
    this.slot = b.slot;
    this.ledger = b.ledger;
    this.tree = tree;
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
   * Destroys the subject's key (crypto-shredding) and records the erasure. When this returns, the
   * subject's record is deleted from the store, its bucket's other records are under a fresh bucket
   * key, and the old bucket key is erased from the slot; see the class documentation for what that
   * guarantees. Forgetting a subject that has no key costs the same and refuses its data from then
   * on.
   *
   * @param subject the subject id, as in the encryption context
   * @return true if a key existed and was destroyed
   * @throws IllegalArgumentException if {@code subject} is null, blank or holds an unpaired
   *     surrogate
   * @throws IllegalStateException if the master key cannot encrypt the slot's new table (e.g. a KMS
   *     is unreachable; the cause is Tink's exception); the erasure is then incomplete, and calling
   *     {@code forget} again (or building {@code SubjectKeys} over the same store and slot)
   *     completes it
   * @throws java.io.UncheckedIOException (or another unchecked exception of the store or slot) if
   *     the store or the slot fails; as above, the erasure is incomplete until a call succeeds, and
   *     no kept subject's key is lost either way
   * @throws IllegalStateException if the slot was written by someone else since these subject keys
   *     read it (a second instance over the same slot, or a slot restored from a copy): nothing was
   *     changed; build the subject keys again
   */
  public boolean forget(String subject) {
    try {
      return forgetUnderMasterKey(subject);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "erasure incomplete: the master key cannot encrypt the key slot's new table ("
              + e.getMessage()
              + "); call forget again",
          e);
    }
  }

  private boolean forgetUnderMasterKey(String subject) throws GeneralSecurityException {
    requireSubject(subject);
    boolean existed;
    String ref;
    synchronized (forgetLock) {
      tree.requireUnchanged(); // before any change: a stale instance refuses cleanly
      String idx = tree.index(subject);
      ref = tree.ref(subject);
      SubjectState st = states.computeIfAbsent(idx, k -> new SubjectState(k, tree.bucketOf(k)));
      st.lock.writeLock().lock();
      try {
        st.erase();
        KeyTree.Bucket bucket = tree.bucket(st.bucket);
        bucket.lock.writeLock().lock();
        try {
          existed = store.delete(idx);
          erasures++; // only this thread writes it (under forgetLock)
          rotate(st.bucket);
        } finally {
          bucket.lock.writeLock().unlock();
        }
      } finally {
        st.lock.writeLock().unlock();
      }
      states.remove(idx, st);
    }
    if (ledger != null) {
      // A ledger sink may write through an NIO channel (the library's file sink does not, a user's
      // sink might), which an interrupt of this thread would close for good (the erasure
      // unrecorded, and every later append failing): append with the interrupt status cleared,
      // and restore it.
      boolean interrupted = Thread.interrupted();
      try {
        ledger.append(
            LedgerEventType.ERASURE,
            existed
                ? "crypto-shredded a data subject's key: their envelopes are unreadable"
                : "erasure requested for a data subject with no stored key; new data refused",
            Map.of("keyDestroyed", Boolean.toString(existed)),
            Map.of("subjectRef", ref));
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    return existed;
  }

  /**
   * Tells whether the subject was forgotten.
   *
   * @param subject the subject id
   * @return true after {@link #forget} for this subject
   * @throws IllegalArgumentException if {@code subject} is null, blank or holds an unpaired
   *     surrogate
   */
  public boolean isForgotten(String subject) {
    requireSubject(subject);
    return forgotten(index(subject));
  }

  /**
   * Returns the reference under which the subject's erasure is recorded in the ledger (as the
   * private detail {@code subjectRef}): 64 hex digits of HMAC-SHA256 under a key held in the slot,
   * distinct from the reference the store files the subject under. Only the holder of these subject
   * keys can compute it, e.g. an auditor answering "was citizen X's erasure carried out?" with
   * {@code LedgerCommitmentKey.opens(entry, "subjectRef", ref(x))}; a guessed identifier cannot be
   * matched without the key.
   *
   * @param subject the subject id
   * @return 64 hex digits
   * @throws IllegalArgumentException if {@code subject} is null, blank or holds an unpaired
   *     surrogate
   */
  public String ref(String subject) {
    requireSubject(subject);
    try {
      return tree.ref(subject);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  /** The refusal to seal about a forgotten subject (sealers know whom they forgot). */
  static SubjectShreddedException shredded() {
    return new SubjectShreddedException(SHREDDED);
  }

  @Override
  public String toString() {
    return "SubjectKeys{store=" + store + ", slot=" + slot + ", buckets=" + tree.size() + "}";
  }

  /**
   * The subject's key, for sealing: created on first use.
   *
   * @throws SubjectShreddedException if the subject was forgotten
   * @throws IllegalArgumentException if the subject is blank
   */
  SubjectState forSealing(String subject) throws GeneralSecurityException {
    if (subject.isBlank()) {
      throw new IllegalArgumentException(
          "the context's subject must be non-blank to seal with subject keys");
    }
    SubjectState st = state(tree.index(subject), true);
    if (st.isErased()) {
      throw shredded();
    }
    return st;
  }

  /**
   * The subject's key, for opening; null if none is held (a subject never seen, forgotten, or
   * blank) — the opener refuses all of these alike.
   */
  SubjectState forOpening(String subject) throws GeneralSecurityException {
    if (subject.isBlank()) {
      return null;
    }
    String idx = tree.index(subject);
    if (!states.containsKey(idx) && store.load(idx).isEmpty()) {
      // Unknown here: answer without adding a state, so probes cannot grow the map.
      return null;
    }
    SubjectState st = state(idx, false);
    return st.hasSecret() ? st : null;
  }

  /** The subject's bucket (for tests that need two subjects in one bucket or in two). */
  int bucketOf(String subject) {
    return tree.bucketOf(index(subject));
  }

  /** How many forgets have marked their subject forgotten so far. */
  long erasures() {
    return erasures;
  }

  /** Whether an envelope that is not subject-bound but names this subject must be refused. */
  boolean refusesUnbound(String subject) {
    return !subject.isBlank() && forgotten(index(subject));
  }

  /**
   * Stores a subject's existing keyset (e.g. from an earlier format) under this tree, if the
   * subject has no key yet. Package-private: the golden vectors use it.
   */
  void importKeyset(String subject, KeysetHandle keyset) throws GeneralSecurityException {
    String idx = tree.index(subject);
    int bucket = tree.bucketOf(idx);
    byte[] clear =
        TinkProtoKeysetFormat.serializeKeyset(Tink.adopt(keyset), InsecureSecretKeyAccess.get());
    KeyTree.Bucket b = tree.bucket(bucket);
    b.lock.readLock().lock();
    try {
      store.putIfAbsent(idx, bucket, tree.seal(idx, bucket, clear));
    } finally {
      b.lock.readLock().unlock();
      Arrays.fill(clear, (byte) 0);
    }
  }

  private boolean forgotten(String idx) {
    SubjectState st = states.get(idx);
    if (st != null && (st.isErased() || st.hasSecret())) {
      return st.isErased();
    }
    return store.isForgotten(idx);
  }

  private String index(String subject) {
    try {
      return tree.index(subject);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  private SubjectState state(String idx, boolean create) throws GeneralSecurityException {
    SubjectState st = states.computeIfAbsent(idx, k -> new SubjectState(k, tree.bucketOf(k)));
    if (st.isErased() || st.hasSecret()) {
      return st;
    }
    st.lock.writeLock().lock();
    try {
      if (!st.isErased() && !st.hasSecret()) {
        load(st, create);
      }
    } finally {
      st.lock.writeLock().unlock();
    }
    if (st.isErased()) {
      states.remove(idx, st); // an erased state never comes back to life; the store remembers
    }
    return st;
  }

  /** Loads (or creates) the subject's key; the caller holds the state's write lock. */
  private void load(SubjectState st, boolean create) throws GeneralSecurityException {
    KeyTree.Bucket bucket = tree.bucket(st.bucket);
    bucket.lock.readLock().lock();
    byte[] keyset = null;
    try {
      if (store.isForgotten(st.index)) {
        st.erase();
        return;
      }
      Optional<byte[]> record = store.load(st.index);
      if (record.isEmpty() && create) {
        byte[] fresh =
            TinkProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF),
                InsecureSecretKeyAccess.get());
        try {
          record =
              Optional.of(
                  store.putIfAbsent(st.index, st.bucket, tree.seal(st.index, st.bucket, fresh)));
        } finally {
          Arrays.fill(fresh, (byte) 0);
        }
      }
      if (record.isEmpty()) {
        return;
      }
      keyset = tree.open(st.index, st.bucket, record.get());
      st.loaded(secretOf(keyset));
    } finally {
      bucket.lock.readLock().unlock();
      if (keyset != null) {
        Arrays.fill(keyset, (byte) 0);
      }
    }
  }

  /** The key schedule's subject secret: the keyset's PRF over the format's subject label. */
  private static byte[] secretOf(byte[] keyset) throws GeneralSecurityException {
    KeysetHandle h = TinkProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get());
    if (!(h.getPrimary().getKey().getParameters() instanceof HmacPrfParameters)) {
      throw new GeneralSecurityException("subject key record does not hold an HMAC PRF keyset");
    }
    PrfSet prf = h.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    return prf.computePrimary(Format.subjectLabel(), 32);
  }

  /**
   * Rewraps every record of the bucket under a fresh key, then erases the old key from the slot.
   * The caller holds the forget lock and the bucket's write lock.
   */
  private void rotate(int bucket) throws GeneralSecurityException {
    tree.beginRotation(bucket);
    for (Map.Entry<String, byte[]> e : store.loadBucket(bucket).entrySet()) {
      if (tree.isCurrent(bucket, e.getValue())) {
        store.replace(e.getKey(), tree.rewrap(e.getKey(), bucket, e.getValue()));
      }
    }
    tree.finishRotation(bucket);
  }

  /** Completes the rotations a crash interrupted (the slot still holds both keys). */
  private void recover() throws GeneralSecurityException {
    synchronized (forgetLock) {
      List<Integer> rotating = tree.rotatingBuckets();
      if (!rotating.isEmpty()) {
        tree.requireUnchanged();
      }
      for (int bucket : rotating) {
        KeyTree.Bucket b = tree.bucket(bucket);
        b.lock.writeLock().lock();
        try {
          rotate(bucket);
        } finally {
          b.lock.writeLock().unlock();
        }
      }
    }
  }

  private static boolean holdsRecords(SubjectKeyStore store, int buckets) {
    for (int b = 0; b < buckets; b++) {
      if (!store.loadBucket(b).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static void requireSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException(
          "subject must be non-blank, got " + (subject == null ? "null" : "a blank string"));
    }
    // UTF-8 turns an unpaired surrogate into '?': such an id would name another subject. (An
    // encryption context cannot hold one, so no envelope names it.)
    EncryptionContext.requireWellFormed("subject", subject);
  }

  /** Builds {@link SubjectKeys}. Not thread-safe. */
  public static final class Builder {
    private Aead masterKey;
    private SubjectKeyStore store;
    private ErasableKeySlot slot;
    private TransparencyLedger ledger;
    private int buckets = DEFAULT_BUCKETS;
    private boolean bucketsSet;

    private Builder() {}

    /**
     * Sets the key that encrypts the slot's table (required), e.g. an {@link Aead} from a KMS, or
     * {@link io.privacity.crypto.keys.Keysets#aead} of a local keyset.
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
     * Sets where the subjects' encrypted keysets live (default {@link SubjectKeyStore#inMemory()}).
     * A store set here needs a {@link #keySlot} too.
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
     * Sets where the bucket keys live (default {@link ErasableKeySlot#inMemory()}; required when a
     * {@link #store} is set, since the store's records are useless without it).
     *
     * @param slot the slot
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder keySlot(ErasableKeySlot slot) {
      EnvelopeSealer.requireNonNull("slot", slot);
      this.slot = slot;
      return this;
    }

    /**
     * Sets the number of buckets of a new key tree (default 1,024); an existing slot keeps its own.
     * More buckets make a forget rewrap fewer records but write a larger slot: with <i>n</i>
     * subjects a forget costs about <i>n</i>/<i>buckets</i> record rewraps and two slot writes of
     * 72 × <i>buckets</i> bytes.
     *
     * @param buckets in [1, 65536]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder buckets(int buckets) {
      if (buckets < 1 || buckets > KeyTree.MAX_BUCKETS) {
        throw new IllegalArgumentException(
            "buckets must be in [1, " + KeyTree.MAX_BUCKETS + "], got " + buckets);
      }
      this.buckets = buckets;
      this.bucketsSet = true;
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
     * Builds the subject keys: reads the key tree from the slot (creating it if the slot is empty)
     * and completes an erasure a crash interrupted.
     *
     * @return the subject keys
     * @throws IllegalStateException if no master key was set, a store was set without a slot,
     *     {@link #buckets} differs from the existing slot's, or the slot is empty while the store
     *     holds records (the wrong slot: a new key tree would make them unreadable)
     * @throws IllegalStateException also if the slot's content does not decrypt under the master
     *     key (a wrong master key or a damaged slot; the cause is Tink's exception), or the master
     *     key cannot complete an interrupted erasure
     */
    public SubjectKeys build() {
      try {
        return buildUnderMasterKey();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(
            "the key slot cannot be opened or updated under this master key (a wrong master key,"
                + " a damaged slot or an unreachable KMS): "
                + e.getMessage(),
            e);
      }
    }

    private SubjectKeys buildUnderMasterKey() throws GeneralSecurityException {
      if (masterKey == null) {
        throw new IllegalStateException("masterKey must be set before build()");
      }
      if (store != null && slot == null) {
        throw new IllegalStateException(
            "keySlot must be set when a store is set: the store's records are encrypted under"
                + " bucket keys kept in the slot");
      }
      Tink.register();
      if (store == null) {
        store = SubjectKeyStore.inMemory();
      }
      if (slot == null) {
        slot = ErasableKeySlot.inMemory();
      }
      if (slot.read().isEmpty() && holdsRecords(store, buckets)) {
        // A new tree over old records would leave every one of them unreadable.
        throw new IllegalStateException(
            "the key slot is empty but the store holds subject keys: set the slot they were"
                + " written with (without it they cannot be read)");
      }
      KeyTree tree = KeyTree.open(slot, masterKey, buckets);
      if (bucketsSet && tree.size() != buckets) {
        throw new IllegalStateException(
            "buckets must match the key slot's, which holds " + tree.size() + ", got " + buckets);
      }
      SubjectKeys keys = new SubjectKeys(this, tree);
      keys.recover();
      return keys;
    }
  }
}
