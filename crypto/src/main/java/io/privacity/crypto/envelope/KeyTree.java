package io.privacity.crypto.envelope;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.PrfHmacJce;
import com.google.crypto.tink.subtle.Random;
import io.privacity.crypto.keys.ErasableKeySlot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.crypto.spec.SecretKeySpec;

/**
 * The erasable root of {@link SubjectKeys}: an HMAC-SHA256 index key and one AES-256-GCM key per
 * bucket, held in an {@link ErasableKeySlot} as one table encrypted under the master key. Subject
 * records in the {@link io.privacity.crypto.keys.SubjectKeyStore} are encrypted under their
 * bucket's key; forgetting a subject rotates its bucket's key (see {@link SubjectKeys#forget}).
 *
 * <p>Formats (all integers big-endian):
 *
 * <ul>
 *   <li>slot content: {@code master.encrypt(table, "privacity/subject-keys/slot/v1")};
 *   <li>table: {@code "PVKT" ‖ version 1 ‖ bucket count (4) ‖ index key (32) ‖} per bucket {@code
 *       generation (4) ‖ key (32) ‖ next generation (4) ‖ next key (32)}, the next pair all zero
 *       unless a rotation is under way;
 *   <li>subject reference (store key): hex of {@code HMAC(index key, "privacity/subject-index/v2" ‖
 *       0 ‖ UTF-8 id)}; its first 8 bytes, unsigned, modulo the bucket count give the bucket;
 *   <li>ledger reference: hex of {@code HMAC(index key, "privacity/subject-ref/v2" ‖ 0 ‖ UTF-8
 *       id)};
 *   <li>record: {@code 2 ‖ generation (4) ‖ AES-256-GCM(bucket key, cleartext Tink keyset, ad =
 *       "privacity/subject-record/v2" ‖ 0 ‖ reference ‖ bucket (4) ‖ generation (4))}.
 * </ul>
 *
 * <p>Cryptography is Tink's: {@code subtle.AesGcmJce}, {@code subtle.PrfHmacJce}, {@code
 * subtle.Random}, and the master key's {@link Aead}. Bucket fields are read under the bucket's read
 * lock and changed under its write lock (by the one thread in {@link SubjectKeys#forget}).
 */
final class KeyTree {
  private static final byte[] SLOT_AD =
      "privacity/subject-keys/slot/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAGIC = {'P', 'V', 'K', 'T'};
  private static final byte VERSION = 1;
  private static final byte RECORD_VERSION = 2;
  private static final byte[] INDEX_LABEL = label("privacity/subject-index/v2");
  private static final byte[] REF_LABEL = label("privacity/subject-ref/v2");
  private static final byte[] RECORD_LABEL = label("privacity/subject-record/v2");
  private static final int KEY_LEN = 32;
  private static final int HEAD = 4 + 1 + 4 + KEY_LEN;
  private static final int PER_BUCKET = 2 * (4 + KEY_LEN);
  static final int MAX_BUCKETS = 1 << 16;

  /** One bucket's current key and, during a rotation, its next one. */
  static final class Bucket {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    int generation;
    byte[] key;
    Aead aead;
    int nextGeneration;
    byte[] nextKey;
    Aead nextAead;

    boolean rotating() {
      return nextKey != null;
    }
  }

  private final ErasableKeySlot slot;
  private final Aead master;
  private final byte[] indexKey;
  private final Prf index;
  private final Bucket[] buckets;
  // What this tree last wrote to the slot or read from it (null: the slot was empty), and the
  // content of a write that failed (it may or may not have reached the slot). Guarded by the
  // caller's forget lock, like every write of the slot.
  private byte[] written;
  private byte[] attempted;

  private KeyTree(ErasableKeySlot slot, Aead master, byte[] indexKey, Bucket[] buckets)
      throws GeneralSecurityException {
    this.slot = slot;
    this.master = master;
    this.indexKey = indexKey;
    this.index = new PrfHmacJce("HMACSHA256", new SecretKeySpec(indexKey, "HMAC"));
    this.buckets = buckets;
  }

  /**
   * Reads the tree from the slot, or creates and stores a new one if the slot is empty.
   *
   * @param slot the slot
   * @param master the key the slot's content is encrypted under
   * @param newBuckets the bucket count of a new tree
   * @return the tree
   * @throws GeneralSecurityException if the slot's content does not decrypt or parse
   */
  static KeyTree open(ErasableKeySlot slot, Aead master, int newBuckets)
      throws GeneralSecurityException {
    Optional<byte[]> stored = slot.read();
    if (stored.isEmpty()) {
      Bucket[] bs = new Bucket[newBuckets];
      for (int i = 0; i < newBuckets; i++) {
        bs[i] = new Bucket();
        bs[i].generation = 1;
        bs[i].key = Random.randBytes(KEY_LEN);
        bs[i].aead = new AesGcmJce(bs[i].key);
      }
      KeyTree t = new KeyTree(slot, master, Random.randBytes(KEY_LEN), bs);
      t.requireUnchanged(); // still empty: no other builder created a tree meanwhile
      t.persist();
      return t;
    }
    byte[] table = master.decrypt(stored.get(), SLOT_AD);
    try {
      KeyTree t = parse(slot, master, table);
      t.written = stored.get();
      return t;
    } finally {
      Arrays.fill(table, (byte) 0);
    }
  }

  private static KeyTree parse(ErasableKeySlot slot, Aead master, byte[] table)
      throws GeneralSecurityException {
    ByteBuffer b = ByteBuffer.wrap(table);
    if (table.length < HEAD || !Arrays.equals(table, 0, 4, MAGIC, 0, 4) || table[4] != VERSION) {
      throw new GeneralSecurityException("key slot does not hold a subject key table");
    }
    int n = b.getInt(5);
    if (n < 1 || n > MAX_BUCKETS || table.length != HEAD + n * PER_BUCKET) {
      throw new GeneralSecurityException("key slot's subject key table is malformed");
    }
    byte[] indexKey = Arrays.copyOfRange(table, 9, 9 + KEY_LEN);
    Bucket[] bs = new Bucket[n];
    b.position(HEAD);
    for (int i = 0; i < n; i++) {
      Bucket k = new Bucket();
      k.generation = b.getInt();
      k.key = new byte[KEY_LEN];
      b.get(k.key);
      k.aead = new AesGcmJce(k.key);
      k.nextGeneration = b.getInt();
      byte[] next = new byte[KEY_LEN];
      b.get(next);
      if (k.nextGeneration != 0) {
        k.nextKey = next;
        k.nextAead = new AesGcmJce(next);
      }
      bs[i] = k;
    }
    return new KeyTree(slot, master, indexKey, bs);
  }

  int size() {
    return buckets.length;
  }

  Bucket bucket(int i) {
    return buckets[i];
  }

  /** The subject's store reference: keyed, so a copy of the store names no one. */
  String index(String subject) throws GeneralSecurityException {
    return HexFormat.of().formatHex(index.compute(labelled(INDEX_LABEL, subject), KEY_LEN));
  }

  /** The subject's ledger reference: keyed, and distinct from the store reference. */
  String ref(String subject) throws GeneralSecurityException {
    return HexFormat.of().formatHex(index.compute(labelled(REF_LABEL, subject), KEY_LEN));
  }

  int bucketOf(String index) {
    return (int) Long.remainderUnsigned(Long.parseUnsignedLong(index, 0, 16, 16), buckets.length);
  }

  /** Encrypts a subject's keyset under its bucket's current key; the caller holds the lock. */
  byte[] seal(String index, int bucket, byte[] keyset) throws GeneralSecurityException {
    Bucket k = buckets[bucket];
    return record(k.generation, k.aead, index, bucket, keyset);
  }

  /** Decrypts a record under the key of its generation; the caller holds the bucket's lock. */
  byte[] open(String index, int bucket, byte[] record) throws GeneralSecurityException {
    if (record.length < 5 || record[0] != RECORD_VERSION) {
      throw new GeneralSecurityException("subject key record is malformed");
    }
    int generation = ByteBuffer.wrap(record).getInt(1);
    Bucket k = buckets[bucket];
    Aead aead =
        generation == k.generation
            ? k.aead
            : k.rotating() && generation == k.nextGeneration ? k.nextAead : null;
    if (aead == null && generation > k.generation && !k.rotating()) {
      throw new IllegalStateException(
          "a subject key record is under a newer bucket key than the key slot holds: another"
              + " SubjectKeys rotated the bucket, or the slot was restored from a copy (never"
              + " restore a slot: use one SubjectKeys per store and slot)");
    }
    if (aead == null) {
      throw new GeneralSecurityException("subject key record's bucket key no longer exists");
    }
    return aead.decrypt(
        Arrays.copyOfRange(record, 5, record.length), recordAd(index, bucket, generation));
  }

  /** Whether a record is under the bucket's current key (and not yet moved to the next one). */
  boolean isCurrent(int bucket, byte[] record) {
    return record.length >= 5
        && record[0] == RECORD_VERSION
        && ByteBuffer.wrap(record).getInt(1) == buckets[bucket].generation;
  }

  /** Moves a record from the bucket's current key to its next key. */
  byte[] rewrap(String index, int bucket, byte[] record) throws GeneralSecurityException {
    Bucket k = buckets[bucket];
    byte[] keyset = open(index, bucket, record);
    try {
      return record(k.nextGeneration, k.nextAead, index, bucket, keyset);
    } finally {
      Arrays.fill(keyset, (byte) 0);
    }
  }

  /**
   * Starts a rotation: a fresh next key, stored beside the current one. The caller holds the
   * bucket's write lock.
   *
   * <p>If the slot cannot be written the next key is dropped again: no record may be moved under a
   * key that only this process's memory holds (a crash would lose it). Whether or not the failed
   * write reached the slot, the current key is in it either way.
   */
  void beginRotation(int bucket) throws GeneralSecurityException {
    Bucket k = buckets[bucket];
    if (k.rotating()) {
      return;
    }
    k.nextGeneration = k.generation + 1;
    k.nextKey = Random.randBytes(KEY_LEN);
    k.nextAead = new AesGcmJce(k.nextKey);
    boolean stored = false;
    try {
      persist();
      stored = true;
    } finally {
      if (!stored) {
        Arrays.fill(k.nextKey, (byte) 0);
        k.nextGeneration = 0;
        k.nextKey = null;
        k.nextAead = null;
      }
    }
  }

  /**
   * Ends a rotation: the next key becomes current and the old key is erased from the slot (and
   * zeroed here). The caller holds the bucket's write lock and has moved every record.
   *
   * <p>If the slot cannot be written, the next key stays current here all the same: the slot holds
   * it whether or not the failed write reached it (as next key before, as current key after), so
   * records sealed under it meanwhile survive a crash; the old key is erased by the next write of
   * the slot (the failed forget's retry, or the recovery at the next start).
   */
  void finishRotation(int bucket) throws GeneralSecurityException {
    Bucket k = buckets[bucket];
    byte[] old = k.key;
    k.generation = k.nextGeneration;
    k.key = k.nextKey;
    k.aead = k.nextAead;
    k.nextGeneration = 0;
    k.nextKey = null;
    k.nextAead = null;
    persist();
    Arrays.fill(old, (byte) 0);
  }

  /** Buckets whose rotation a crash interrupted. */
  List<Integer> rotatingBuckets() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i].rotating()) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * Refuses to go on if the slot holds anything but what this tree last wrote or read: someone else
   * wrote it (another {@link SubjectKeys} over the same slot, in this or another process) or it was
   * restored from a copy. Writing this tree over it could put back a bucket key that the other
   * writer erased, or drop one under which it moved records. The caller holds the forget lock and
   * calls this once before the writes of a forget or a recovery. (A writer in another process that
   * slips in between this check and those writes is not caught: one instance per slot remains the
   * rule.)
   *
   * @throws IllegalStateException if the slot changed
   */
  void requireUnchanged() {
    byte[] held = slot.read().orElse(null);
    if (held != null && attempted != null && MessageDigest.isEqual(held, attempted)) {
      written = attempted; // a write reported as failed did reach the slot
    }
    attempted = null;
    boolean same =
        held == null ? written == null : written != null && MessageDigest.isEqual(held, written);
    if (!same) {
      throw new IllegalStateException(
          "the key slot changed since these SubjectKeys read it: another SubjectKeys over the same"
              + " slot wrote it, or it was restored from a copy; refusing to write over it, which"
              + " could restore erased keys or drop current ones. Use one SubjectKeys per store"
              + " and slot, and build it again");
    }
  }

  /**
   * Writes the table to the slot. The caller holds the forget lock and called {@link
   * #requireUnchanged} since it took it (once per forget: each check reads the slot).
   */
  private void persist() throws GeneralSecurityException {
    ByteBuffer b = ByteBuffer.allocate(HEAD + buckets.length * PER_BUCKET);
    b.put(MAGIC).put(VERSION).putInt(buckets.length).put(indexKey);
    byte[] none = new byte[KEY_LEN];
    for (Bucket k : buckets) {
      b.putInt(k.generation).put(k.key);
      b.putInt(k.rotating() ? k.nextGeneration : 0).put(k.rotating() ? k.nextKey : none);
    }
    byte[] table = b.array();
    byte[] content;
    try {
      content = master.encrypt(table, SLOT_AD);
    } finally {
      Arrays.fill(table, (byte) 0);
    }
    attempted = content;
    slot.replace(content);
    written = content;
    attempted = null;
  }

  private static byte[] record(int generation, Aead aead, String index, int bucket, byte[] keyset)
      throws GeneralSecurityException {
    byte[] ct = aead.encrypt(keyset, recordAd(index, bucket, generation));
    return ByteBuffer.allocate(5 + ct.length)
        .put(RECORD_VERSION)
        .putInt(generation)
        .put(ct)
        .array();
  }

  private static byte[] recordAd(String index, int bucket, int generation) {
    byte[] ref = index.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(RECORD_LABEL.length + ref.length + 8)
        .put(RECORD_LABEL)
        .put(ref)
        .putInt(bucket)
        .putInt(generation)
        .array();
  }

  /**
   * The label, then the subject id's UTF-8 bytes in Unicode normal form C: canonically equivalent
   * ids ("é" composed or as "e" and a combining accent) name one subject, so an erasure request in
   * either form reaches data sealed under the other.
   */
  private static byte[] labelled(byte[] label, String subject) {
    String nfc =
        Normalizer.isNormalized(subject, Normalizer.Form.NFC)
            ? subject
            : Normalizer.normalize(subject, Normalizer.Form.NFC);
    byte[] id = nfc.getBytes(StandardCharsets.UTF_8);
    byte[] in = Arrays.copyOf(label, label.length + id.length);
    System.arraycopy(id, 0, in, label.length, id.length);
    return in;
  }

  private static byte[] label(String s) {
    byte[] l = s.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(l, l.length + 1);
  }
}
