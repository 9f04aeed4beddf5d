package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.subtle.PrfHmacJce;
import io.privacity.core.random.Randomness;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;

/**
 * The vault's key tree, after Boneh and Lipton's revocable backups: a master secret wrapped under
 * the caller's key-encryption keyset, and {@value #BUCKETS} bucket secrets encrypted under a key
 * derived from it, all in the {@link KeyFile}. Each subject is put in a random bucket; its secret,
 * domain and identity are wrapped under the bucket's AEAD key and its lookup is a PRF under the
 * bucket's PRF key. Forgetting a subject <i>rotates</i> its bucket: a fresh bucket secret is
 * written beside the old one, the bucket's other subjects are rewrapped under it in one database
 * transaction (the forgotten subject's row is deleted), and then the old secret's cell is
 * overwritten with zeros and forced to the device. Every copy of the forgotten row that a database
 * keeps (dead tuples, WAL, copy-on-write chunks, backups) is then under a key that no longer
 * exists.
 *
 * <p>Crash safety: a bucket's two cells hold at most two generations; the database records which
 * one is committed ({@code pv_bucket}). Opening the store erases the other, so a crash at any point
 * of a rotation leaves either the old or the new state, never a bucket without its key.
 *
 * <p>Concurrency: vault operations hold {@link #shared()} (a read lock); a rotation holds the write
 * lock, so no operation sees a half-rotated bucket and no token is minted from a subject that a
 * concurrent {@code forget} is erasing. {@link #stripe} serializes the creation of one identity's
 * subject. One instance per store.
 *
 * <p>Reference: D. Boneh and R. J. Lipton, <i>A revocable backup system</i>, USENIX Security 1996.
 */
final class BucketKeys {
  /** Number of buckets: a rotation rewraps about 1/64 of the subjects; a lookup probes 64 keys. */
  static final int BUCKETS = 64;

  private static final int STRIPES = 1024;
  private static final int SECRET = 64;
  private static final String LABEL = "privacity/vault/v2/";

  /** A bucket's current key. */
  record Bucket(int index, long generation, int cell, Aead aead, Prf lookup, byte[] secret) {}

  private final KeyFile file;
  private final VaultRows rows;
  private final Randomness randomness;
  private final byte[] fileId;
  private final byte[] master;
  private final Aead slotAead;
  private final Aead rowAead;
  private final Prf principalPrf;
  private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(BUCKETS);
  private final ReentrantReadWriteLock rotation = new ReentrantReadWriteLock();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private static final int RECENT = 4096;

  @SuppressWarnings("serial")
  private final java.util.LinkedHashMap<java.nio.ByteBuffer, Long> recent =
      new java.util.LinkedHashMap<>(RECENT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<java.nio.ByteBuffer, Long> eldest) {
          return size() > RECENT;
        }
      };

  private long headerGeneration;
  private int headerCell;

  private BucketKeys(
      KeyFile file, VaultRows rows, Randomness randomness, byte[] fileId, byte[] master) {
    this.file = file;
    this.rows = rows;
    this.randomness = randomness;
    this.fileId = fileId;
    this.master = master;
    try {
      this.slotAead = new AesGcmJce(derive("slot"));
      this.rowAead = new AesGcmJce(derive("row"));
      this.principalPrf =
          new PrfHmacJce("HMACSHA256", new SecretKeySpec(derive("principal"), "HMAC"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the vault's keys", e);
    }
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * Opens the key tree of {@code file}, creating it if the file is new, and recovers from a crash
   * mid-rotation.
   *
   * @throws IllegalStateException if the key file and the database do not belong together, or the
   *     key-encryption keyset does not open the key file
   */
  static BucketKeys open(KeyFile file, VaultRows rows, Aead kek, Randomness randomness) {
    String recorded = rows.meta("keyfile").orElse(null);
    if (file.isEmpty()) {
      if (recorded != null) {
        throw new IllegalStateException(
            "the vault key file is missing or empty, but the database was written with key file "
                + recorded
                + ": without it no token can be resolved. Restore that key file (never an older"
                + " copy of it).");
      }
      if (rows.hasSubjects()) {
        throw new IllegalStateException(
            "the database holds vault subjects but records no key file: it was written by an"
                + " incompatible version of the vault");
      }
      return create(file, rows, kek, randomness);
    }
    BucketKeys keys = openHeader(file, rows, kek, randomness);
    String id = HexFormat.of().formatHex(keys.fileId);
    if (recorded == null) {
      // The key file was written but the database record of it was not committed (a crash while
      // creating the vault). Adopt the file, unless data was written without it.
      if (rows.hasSubjects() || !rows.initKeys(id, BUCKETS)) {
        throw new IllegalStateException(
            "the database does not record the vault key file " + id + " it is opened with");
      }
    } else if (!recorded.equals(id)) {
      throw new IllegalStateException(
          "the vault key file "
              + id
              + " does not belong to this database, which was written with key file "
              + recorded);
    }
    keys.loadBuckets();
    return keys;
  }

  private static BucketKeys create(KeyFile file, VaultRows rows, Aead kek, Randomness r) {
    byte[] fileId = new byte[16];
    r.nextBytes(fileId);
    byte[] master = new byte[32];
    r.nextBytes(master);
    BucketKeys keys = new BucketKeys(file, rows, r, fileId, master);
    keys.writeHeader(kek, 0, 1);
    file.erase(1);
    for (int b = 0; b < BUCKETS; b++) {
      keys.buckets.set(b, keys.writeBucket(b, 1, cell(b, 0)));
      file.erase(cell(b, 1));
    }
    file.sync();
    if (!rows.initKeys(HexFormat.of().formatHex(fileId), BUCKETS)) {
      throw new IllegalStateException("another store initialized this vault database at once");
    }
    return keys;
  }

  private static BucketKeys openHeader(KeyFile file, VaultRows rows, Aead kek, Randomness r) {
    BucketKeys best = null;
    for (int c = 0; c < 2; c++) {
      KeyFile.Cell cell = file.read(c);
      if (cell.isEmpty() || cell.payload().length < 17) {
        continue;
      }
      byte[] id = Arrays.copyOf(cell.payload(), 16);
      byte[] ct = Arrays.copyOfRange(cell.payload(), 16, cell.payload().length);
      try {
        byte[] master = kek.decrypt(ct, headerAad(id));
        if (best == null || cell.generation() > best.headerGeneration) {
          best = new BucketKeys(file, rows, r, id, master);
          best.headerGeneration = cell.generation();
          best.headerCell = c;
        }
      } catch (GeneralSecurityException e) {
        // A torn header cell, or one wrapped under a key no longer in the keyset: try the other.
      }
    }
    if (best == null) {
      throw new IllegalStateException(
          "the key-encryption keyset does not open the vault key file (wrong keyset, or a key"
              + " removed before rewrap())");
    }
    return best;
  }

  private void loadBuckets() {
    long[] committed = rows.generations(BUCKETS);
    List<Integer> stale = new ArrayList<>();
    for (int b = 0; b < BUCKETS; b++) {
      Bucket current = null;
      for (int c = 0; c < 2; c++) {
        KeyFile.Cell cell = file.read(cell(b, c));
        if (cell.isEmpty()) {
          continue;
        }
        if (cell.generation() == committed[b]) {
          current = decryptBucket(b, cell, cell(b, c));
        } else {
          stale.add(cell(b, c));
        }
      }
      if (current == null) {
        // Checked for every bucket before anything is erased: a key file that does not match
        // the database (restored from elsewhere) is refused, not modified.
        throw new IllegalStateException(
            "the vault key file has no key for bucket "
                + b
                + " generation "
                + committed[b]
                + ": it is not the key file this database was last used with");
      }
      buckets.set(b, current);
    }
    // A rotation that crashed left the generation the database did not commit: erase it.
    for (int index : stale) {
      file.erase(index);
    }
    if (!stale.isEmpty()) {
      file.sync();
    }
  }

  private Bucket decryptBucket(int b, KeyFile.Cell cell, int index) {
    try {
      byte[] secret = slotAead.decrypt(cell.payload(), bucketAad(b, cell.generation()));
      return bucket(b, cell.generation(), index, secret);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "the vault key file's key for bucket " + b + " does not verify (tampered or torn)", e);
    }
  }

  private Bucket writeBucket(int b, long generation, int index) {
    byte[] secret = new byte[SECRET];
    randomness.nextBytes(secret);
    try {
      file.write(index, generation, slotAead.encrypt(secret, bucketAad(b, generation)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a bucket key", e);
    }
    return bucket(b, generation, index, secret);
  }

  private static Bucket bucket(int b, long generation, int index, byte[] secret) {
    try {
      return new Bucket(
          b,
          generation,
          index,
          new AesGcmJce(Arrays.copyOf(secret, 32)),
          new PrfHmacJce("HMACSHA256", new SecretKeySpec(secret, 32, 32, "HMAC")),
          secret);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a bucket key", e);
    }
  }

  private void writeHeader(Aead kek, int index, long generation) {
    try {
      byte[] ct = kek.encrypt(master, headerAad(fileId));
      byte[] payload = Arrays.copyOf(fileId, 16 + ct.length);
      System.arraycopy(ct, 0, payload, 16, ct.length);
      file.write(index, generation, payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot wrap the vault key file's master secret", e);
    }
    headerCell = index;
    headerGeneration = generation;
  }

  /**
   * Checks that {@code kek} opens the key file (a second vault on an already open store).
   *
   * @throws IllegalArgumentException if it does not
   */
  void verify(Aead kek) {
    KeyFile.Cell cell = file.read(headerCell);
    try {
      byte[] m =
          kek.decrypt(
              Arrays.copyOfRange(cell.payload(), 16, cell.payload().length), headerAad(fileId));
      Arrays.fill(m, (byte) 0);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "keyEncryptionKeyset does not open this store's key file (another vault's keyset?)", e);
    }
  }

  /**
   * Rewraps the master secret under {@code kek}'s primary key (after a key-encryption key
   * rotation): the new wrapping is written to the other header cell and forced, then the old one is
   * erased.
   */
  void rewrapHeader(Aead kek) {
    int old = headerCell;
    writeHeader(kek, 1 - old, headerGeneration + 1);
    file.sync();
    file.erase(old);
    file.sync();
  }

  static int cell(int bucket, int which) {
    return 2 + 2 * bucket + which;
  }

  private static byte[] headerAad(byte[] id) {
    return (LABEL + "key-file/" + HexFormat.of().formatHex(id)).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] bucketAad(int b, long generation) {
    return (LABEL + "bucket/" + HexFormat.of().formatHex(fileId) + "/" + b + "/" + generation)
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] derive(String purpose) {
    try {
      return Hkdf.computeHkdf(
          "HMACSHA256", master, fileId, (LABEL + purpose).getBytes(StandardCharsets.UTF_8), 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF failed", e);
    }
  }

  /** The key file. */
  KeyFile file() {
    return file;
  }

  /** Bucket {@code b}'s current key (read under {@link #shared()} or during a rotation). */
  Bucket bucket(int b) {
    return buckets.get(b);
  }

  /** A uniformly random bucket for a new subject. */
  int randomBucket() {
    return randomness.nextInt(BUCKETS);
  }

  /** The AEAD that encrypts a token's subject reference (randomised, so rows do not link). */
  Aead rowAead() {
    return rowAead;
  }

  /** A keyed hash of a principal id, for the persisted rate limit. */
  long principalKey(String principal) {
    try {
      return java.nio.ByteBuffer.wrap(
              principalPrf.compute(
                  (LABEL + "principal/" + principal).getBytes(StandardCharsets.UTF_8), 8))
          .getLong();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    }
  }

  /** The lock that every vault operation holds shared and a rotation holds exclusively. */
  ReentrantReadWriteLock.ReadLock shared() {
    return rotation.readLock();
  }

  /** The rotation lock, exclusively (a caller that must find what to rotate under it). */
  ReentrantReadWriteLock.WriteLock exclusive() {
    return rotation.writeLock();
  }

  /** The lock that serializes the creation of one identity's subject in one domain. */
  ReentrantLock stripe(String domain, String canonical) {
    return stripes[Math.floorMod(31 * domain.hashCode() + canonical.hashCode(), STRIPES)];
  }

  /**
   * The subject id recently found for an index value (an HMAC under the index key, never the
   * identity), or null. Saves the 64-bucket probe for identities seen again soon (a camera stream);
   * bounded ({@value #RECENT} entries); cleared by every erasure.
   */
  Long recentSubject(byte[] inner) {
    synchronized (recent) {
      return recent.get(java.nio.ByteBuffer.wrap(inner));
    }
  }

  void rememberSubject(byte[] inner, long sid) {
    synchronized (recent) {
      recent.put(java.nio.ByteBuffer.wrap(inner.clone()), sid);
    }
  }

  /** Forgets every remembered subject (an erasure deletes subjects). */
  void forgetRecentSubjects() {
    synchronized (recent) {
      recent.clear();
    }
  }

  /** Locks every stripe, in order (a batch that creates many subjects); the caller unlocks. */
  List<ReentrantLock> allStripes() {
    List<ReentrantLock> held = new ArrayList<>(STRIPES);
    for (ReentrantLock l : stripes) {
      l.lock();
      held.add(l);
    }
    return held;
  }

  /**
   * Rotates the buckets {@code indices}: writes their new keys, lets {@code plan} compute the
   * database changes from the old and new keys, commits them with the new generations, and erases
   * the old keys. Holds the rotation lock exclusively throughout.
   *
   * @param indices the buckets to rotate
   * @param plan the rows to rewrap and delete, given old and new key per bucket
   * @return the plan's rotation, as committed
   */
  VaultRows.Rotation rotate(
      SortedSet<Integer> indices, Function<Map<Integer, Bucket[]>, VaultRows.Rotation> plan) {
    rotation.writeLock().lock();
    try {
      Map<Integer, Bucket[]> pairs = new HashMap<>();
      for (int b : indices) {
        Bucket old = buckets.get(b);
        int other = old.cell() == cell(b, 0) ? cell(b, 1) : cell(b, 0);
        pairs.put(b, new Bucket[] {old, writeBucket(b, old.generation() + 1, other)});
      }
      file.sync();
      VaultRows.Rotation r;
      try {
        VaultRows.Rotation p = plan.apply(pairs);
        Map<Integer, Long> gens = new HashMap<>();
        pairs.forEach((b, pair) -> gens.put(b, pair[1].generation()));
        r =
            new VaultRows.Rotation(
                p.rewrapped(), p.deleted(), p.deletedTokens(), gens, p.erasure());
        rows.rotate(r);
      } catch (RuntimeException e) {
        Boolean done = committed(pairs);
        if (done == null) {
          // Both generations stay in the key file; opening the store again keeps the committed one.
          throw new IllegalStateException(
              "a bucket rotation failed and the database cannot say whether it committed: close"
                  + " and reopen the store",
              e);
        }
        if (!done) {
          pairs.forEach((b, pair) -> file.erase(pair[1].cell()));
          file.sync();
          throw e;
        }
        // The commit happened; only its acknowledgement failed. Finish the rotation.
        r = null;
      }
      CrashPoints.reach("rotation:committed");
      for (Map.Entry<Integer, Bucket[]> e : pairs.entrySet()) {
        Bucket old = e.getValue()[0];
        file.erase(old.cell());
        buckets.set(e.getKey(), e.getValue()[1]);
      }
      file.sync();
      for (Bucket[] pair : pairs.values()) {
        Arrays.fill(pair[0].secret(), (byte) 0);
      }
      return r;
    } finally {
      rotation.writeLock().unlock();
    }
  }

  /** Whether the rotation's generations are committed; null if the database cannot tell. */
  private Boolean committed(Map<Integer, Bucket[]> pairs) {
    long[] gens;
    try {
      gens = rows.generations(BUCKETS);
    } catch (RuntimeException unreachable) {
      return null;
    }
    for (Map.Entry<Integer, Bucket[]> e : pairs.entrySet()) {
      if (gens[e.getKey()] != e.getValue()[1].generation()) {
        return false;
      }
    }
    return true;
  }

  /** Zeroes the secrets this object holds (the store is closing). Best effort: see the docs. */
  void forgetSecrets() {
    Arrays.fill(master, (byte) 0);
    for (int b = 0; b < BUCKETS; b++) {
      Bucket k = buckets.get(b);
      if (k != null) {
        Arrays.fill(k.secret(), (byte) 0);
      }
    }
  }

  @Override
  public String toString() {
    return "BucketKeys[" + BUCKETS + " buckets, " + file + "]";
  }
}
