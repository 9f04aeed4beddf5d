package io.privacity.crypto.pseudonym;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-principal limit on identity-revealing requests ({@code reidentify}, {@code find}): at
 * most {@code max} per sliding {@code window}, counted in the store ({@code pv_attempt}, keyed by a
 * keyed hash of the principal id of the {@link io.privacity.core.policy.Authorization}), so the
 * count survives a restart and memory stays bounded whatever the number of principals. Rows older
 * than the window are deleted as they are met and by {@code purgeExpired}.
 */
final class RateLimiter {
  private static final int STRIPES = 64;

  private final VaultContext ctx;
  private final int max;
  private final Duration window;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  RateLimiter(VaultContext ctx, int max, Duration window) {
    this.ctx = ctx;
    this.max = max;
    this.window = window;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Records an attempt by {@code principal} at {@code now} if the limit allows it. */
  boolean tryAcquire(String principal, long now) {
    long key = ctx.keys().principalKey(principal);
    ReentrantLock lock = stripes[(int) Math.floorMod(key, (long) STRIPES)];
    lock.lock();
    try {
      return ctx.rows().tryAttempt(key, now - window.toMillis(), now, max);
    } finally {
      lock.unlock();
    }
  }

  /** The time before which attempts no longer count. */
  long horizon(long now) {
    return now - window.toMillis();
  }

  String describe() {
    return max + " per " + window;
  }
}
