package io.privacity.core.random;

import java.util.concurrent.atomic.AtomicLong;

/**
 * SplitMix64 (Steele, Lea and Flood, OOPSLA 2014) over an atomic counter: reproducible from its
 * seed, statistically strong, thread-safe, and <b>not secure</b> — its whole future output follows
 * from any one output. For tests and examples only; reach it through {@link
 * Randomness#insecureSeeded(long)}.
 */
final class SeededRandomness implements Randomness {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private final AtomicLong state;

  SeededRandomness(long seed) {
    this.state = new AtomicLong(seed);
  }

  @Override
  public long nextLong() {
    long z = state.addAndGet(GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "Randomness.insecureSeeded(...)";
  }
}
