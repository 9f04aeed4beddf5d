package io.privacity.crypto.keys;

import java.util.Map;
import java.util.Optional;

/**
 * Bulk storage for per-subject keys: one record per data subject, each a Tink keyset encrypted
 * under the key of the subject's <i>bucket</i>, filed under an opaque keyed reference. The store
 * never sees a key or an identifier in the clear.
 *
 * <p><b>The store need not erase.</b> {@code SubjectKeys} (in {@code io.privacity.crypto.envelope})
 * keeps the bucket keys in an {@link ErasableKeySlot}, not here. Forgetting a subject deletes its
 * record <em>and</em> rewraps the other records of its bucket under a fresh bucket key, then
 * destroys the old bucket key in the slot. So an implementation may keep deleted records and old
 * versions — PostgreSQL's dead tuples and WAL, replicas, nightly backups — without weakening
 * erasure: once the slot has forgotten the bucket key, every copy of a deleted record, and of the
 * bucket's earlier versions, is ciphertext under a key that no longer exists.
 *
 * <p><b>What a copy of the store reveals.</b> References are HMAC-SHA256 values under a key held in
 * the slot: without that key a copy of the store tells no identifier, and whether an identifier is
 * present or forgotten cannot be tested by guessing. It does reveal how many subjects there are,
 * how many were forgotten, and which bucket each record is in (a value derived from the keyed
 * reference, so it says nothing about the identifier).
 *
 * <p>Records are opaque byte strings of at most a few hundred bytes; {@link #replace} happens only
 * while a subject is being forgotten. Implementations must be thread-safe; {@code SubjectKeys}
 * never calls {@link #putIfAbsent} or {@link #replace} for one bucket concurrently with {@link
 * #loadBucket} of that bucket.
 */
public interface SubjectKeyStore {
  /**
   * Returns a subject's record.
   *
   * @param subjectRef the subject's keyed reference (64 hex digits)
   * @return the record, or empty if none is stored
   */
  Optional<byte[]> load(String subjectRef);

  /**
   * Stores a record if none is stored for the subject.
   *
   * @param subjectRef the subject's keyed reference
   * @param bucket the record's bucket, in [0, bucket count)
   * @param record the record
   * @return the record now stored (the existing one if another writer stored first)
   */
  byte[] putIfAbsent(String subjectRef, int bucket, byte[] record);

  /**
   * Returns every record of a bucket.
   *
   * @param bucket the bucket
   * @return the records by reference (a snapshot; empty if none)
   */
  Map<String, byte[]> loadBucket(int bucket);

  /**
   * Replaces a stored record (the same subject's keyset, rewrapped under a new bucket key). Does
   * nothing if no record is stored for the subject.
   *
   * @param subjectRef the subject's keyed reference
   * @param record the new record
   */
  void replace(String subjectRef, byte[] record);

  /**
   * Deletes a subject's record and remembers for good that the subject was forgotten (so that no
   * new key is created for it).
   *
   * @param subjectRef the subject's keyed reference
   * @return true if a record was deleted
   */
  boolean delete(String subjectRef);

  /**
   * Tells whether {@link #delete} was called for the subject.
   *
   * @param subjectRef the subject's keyed reference
   * @return true if the subject was forgotten
   */
  boolean isForgotten(String subjectRef);

  /**
   * Returns a store kept in this process's memory only (records are lost when the process ends).
   *
   * @return a new, empty store
   */
  static SubjectKeyStore inMemory() {
    return new InMemorySubjectKeyStore();
  }
}
