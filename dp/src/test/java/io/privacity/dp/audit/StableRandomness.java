package io.privacity.dp.audit;

import io.privacity.core.random.Randomness;

/**
 * A seeded, <b>insecure</b> randomness for the audit tests whose every method is defined here, so
 * that the audits' random streams — and hence their fixed-seed results — do not change when the
 * library's default implementations change. SplitMix64 (Steele, Lea and Flood 2014) with a
 * non-atomic state: each instance is used from one thread only.
 */
final class StableRandomness implements Randomness {
  private long state;

  private StableRandomness(long seed) {
    this.state = seed;
  }

  static Randomness seeded(long seed) {
    return new StableRandomness(seed);
  }

  @Override
  public long nextLong() {
    long z = (state += 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public long nextBits(int bits) {
    return nextLong() >>> (64 - bits);
  }

  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound) by rejection on the top bits (no modulo bias). */
  @Override
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be >= 1, got " + bound);
    }
    long m = bound - 1;
    if ((bound & m) == 0) {
      return (nextLong() >>> Long.numberOfLeadingZeros(m)) & m;
    }
    long u = nextLong() >>> 1;
    for (long r = u % bound; u + m - r < 0; r = u % bound) {
      u = nextLong() >>> 1;
    }
    return u % bound;
  }

  @Override
  public int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  @Override
  public boolean nextBoolean() {
    return nextLong() < 0;
  }

  @Override
  public void nextBytes(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      long r = nextLong();
      for (int k = 0; k < 8 && i < bytes.length; k++, r >>>= 8) {
        bytes[i++] = (byte) r;
      }
    }
  }
}
