package io.privacity.dp.mechanism;

import io.privacity.core.random.Randomness;
import java.util.concurrent.atomic.AtomicLong;

/** A seeded randomness that counts its draws, for fail-closed tests. */
final class CountingRandomness implements Randomness {
  private final Randomness base;
  private final AtomicLong draws = new AtomicLong();

  CountingRandomness(long seed) {
    this.base = Randomness.insecureSeeded(seed);
  }

  @Override
  public long nextLong() {
    draws.incrementAndGet();
    return base.nextLong();
  }

  long draws() {
    return draws.get();
  }
}
