package io.privacity.crypto.keys;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Storage for per-subject keys, each an encrypted Tink keyset (the store never sees a key in the
 * clear). Crypto-shredding is only as good as {@link #delete}: an implementation must not keep
 * copies (backups, logs, replicas) of deleted records, or must shred them too.
 *
 * <p>Implementations must be thread-safe.
 */
public interface SubjectKeyStore {
  /**
   * Returns the stored record.
   *
   * @param subjectRef an opaque reference of the subject (not the subject id itself)
   * @return the encrypted keyset, or empty
   */
  Optional<byte[]> load(String subjectRef);

  /**
   * Stores a record if none is stored for the subject.
   *
   * @param subjectRef the reference
   * @param encryptedKeyset the encrypted keyset
   * @return the record now stored (the existing one if another thread stored first)
   */
  byte[] putIfAbsent(String subjectRef, byte[] encryptedKeyset);

  /**
   * Deletes the record for good and remembers that the subject was forgotten.
   *
   * @param subjectRef the reference
   * @return true if a record was deleted
   */
  boolean delete(String subjectRef);

  /**
   * Tells whether {@link #delete} was called for the subject.
   *
   * @param subjectRef the reference
   * @return true if the subject was forgotten
   */
  boolean isForgotten(String subjectRef);

  /**
   * Returns a store kept in this process's memory only.
   *
   * @return a new, empty store
   */
  static SubjectKeyStore inMemory() {
    Map<String, byte[]> map = new ConcurrentHashMap<>();
    Set<String> forgotten = ConcurrentHashMap.newKeySet();
    return new SubjectKeyStore() {
      @Override
      public Optional<byte[]> load(String subjectRef) {
        byte[] v = map.get(subjectRef);
        return v == null ? Optional.empty() : Optional.of(v.clone());
      }

      @Override
      public byte[] putIfAbsent(String subjectRef, byte[] encryptedKeyset) {
        byte[] prev = map.putIfAbsent(subjectRef, encryptedKeyset.clone());
        return (prev == null ? encryptedKeyset : prev).clone();
      }

      @Override
      public boolean delete(String subjectRef) {
        forgotten.add(subjectRef);
        byte[] prev = map.remove(subjectRef);
        if (prev != null) {
          java.util.Arrays.fill(prev, (byte) 0);
        }
        return prev != null;
      }

      @Override
      public boolean isForgotten(String subjectRef) {
        return forgotten.contains(subjectRef);
      }

      @Override
      public String toString() {
        return "SubjectKeyStore.inMemory{" + map.size() + " subjects}";
      }
    };
  }
}
