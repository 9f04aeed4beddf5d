package io.privacity.crypto.envelope;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One subject's key as {@link SubjectKeys} holds it in memory: the 32-byte secret of the key
 * schedule, guarded by a read/write lock, and whether the subject was erased.
 *
 * <p>Users of the secret hold the read lock while they use it ({@link #acquire}/{@link #release});
 * {@link SubjectKeys#forget} takes the write lock, marks the subject erased and zeroes the secret.
 * So no one ever reads a zeroed secret, and after {@code forget} no one can start using it. Keys
 * derived from the secret that live on (a session's key, a stream's key) check {@link #isErased()}
 * before each use.
 *
 * <p>A state is never dropped from {@link SubjectKeys}' map while its subject may be live, so two
 * live states of one subject never exist: whoever holds a state sees the erasure.
 */
final class SubjectState {
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final String index;
  final int bucket;
  // Written under the write lock; volatile so the fast path can see that it is set.
  private volatile byte[] secret;
  private volatile boolean erased;

  SubjectState(String index, int bucket) {
    this.index = index;
    this.bucket = bucket;
  }

  /**
   * Locks the secret for use.
   *
   * @return the secret, valid until {@link #release()}; null (and nothing held) if the subject was
   *     erased or has no key
   */
  byte[] acquire() {
    lock.readLock().lock();
    if (erased || secret == null) {
      lock.readLock().unlock();
      return null;
    }
    return secret;
  }

  /** Ends a use begun by a successful {@link #acquire()}. */
  void release() {
    lock.readLock().unlock();
  }

  boolean isErased() {
    return erased;
  }

  /** Sets the secret after loading or creating the key; the caller holds the write lock. */
  void loaded(byte[] s) {
    secret = s;
  }

  /** Marks the subject erased and zeroes the secret; the caller holds the write lock. */
  void erase() {
    erased = true;
    byte[] s = secret;
    secret = null;
    if (s != null) {
      Arrays.fill(s, (byte) 0);
    }
  }

  boolean hasSecret() {
    return secret != null;
  }
}
