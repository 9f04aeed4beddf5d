package io.privacity.core.random;

import io.privacity.core.internal.Checks;

/**
 * A source of uniformly random bits for privacy mechanisms. Every mechanism in Privacity draws its
 * randomness from here, as integers, so that its random decisions are exact.
 *
 * <h2>Implementations</h2>
 *
 * <ul>
 *   <li>{@link #secure()} — the default: a cryptographically secure generator seeded from {@link
 *       java.security.SecureRandom}, much faster than {@code SecureRandom} itself. Use it for every
 *       release.
 *   <li>{@link #insecureSeeded(long)} — a reproducible stream for tests and examples only. <b>Its
 *       output is predictable from the seed: noise drawn from it protects nobody.</b>
 * </ul>
 *
 * <p>Implementations must be safe for use from many threads at once.
 */
public interface Randomness {

  /**
   * The default, cryptographically secure generator (see {@link SecureRandomness}).
   *
   * @return a thread-safe CSPRNG
   */
  static Randomness secure() {
    return SecureRandomness.instance();
  }

  /**
   * A reproducible, <b>insecure</b> generator for tests: the same seed gives the same stream. Never
   * use it to release data.
   *
   * @param seed the seed
   * @return a deterministic generator
   */
  static Randomness insecureSeeded(long seed) {
    return new SeededRandomness(seed);
  }

  /**
   * 64 uniformly random bits.
   *
   * @return a uniformly random long
   */
  long nextLong();

  /**
   * {@code bits} uniformly random bits in the low bits of the result; the other bits are 0.
   *
   * @param bits how many bits, in [1, 64]
   * @return a value in [0, 2^bits)
   * @throws IllegalArgumentException if {@code bits} is outside [1, 64]
   */
  default long nextBits(int bits) {
    Checks.inRange("bits", bits, 1, 64);
    return nextLong() >>> (64 - bits);
  }

  /**
   * A uniformly random double in [0, 1) with 53 random bits: every multiple of 2^-53 in [0, 1) is
   * equally likely.
   *
   * @return a double in [0, 1)
   */
  default double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * A uniformly random long in [0, bound), without modulo bias.
   *
   * <p>Uses D. Lemire's multiply-and-reject method ("Fast random integer generation in an
   * interval", ACM TOMACS 29(1), 2019): the 128-bit product {@code x * bound} of a uniform 64-bit
   * {@code x} has high word uniform over [0, bound) once the draws whose low word falls below
   * {@code 2^64 mod bound} are rejected. A draw is rejected with probability {@code (2^64 mod
   * bound) / 2^64 < bound / 2^64}, so almost never for small bounds and at most about 1/2 near
   * {@code 2^63}.
   *
   * @param bound exclusive upper bound, &gt; 0
   * @return a value in [0, bound)
   * @throws IllegalArgumentException if {@code bound <= 0}
   */
  default long nextLong(long bound) {
    Checks.positive("bound", bound);
    if ((bound & (bound - 1)) == 0) {
      // A power of two 2^k: the top k bits are exactly uniform, no rejection needed. (For k = 0
      // the shift would be 64, which Java reduces mod 64, hence the special case.)
      return bound == 1 ? 0 : nextLong() >>> Long.numberOfLeadingZeros(bound - 1);
    }
    long x = nextLong();
    long low = x * bound;
    if (Long.compareUnsigned(low, bound) < 0) {
      // threshold = 2^64 mod bound, computed as (2^64 - bound) mod bound in unsigned arithmetic.
      long threshold = Long.remainderUnsigned(-bound, bound);
      while (Long.compareUnsigned(low, threshold) < 0) {
        x = nextLong();
        low = x * bound;
      }
    }
    // Unsigned high word of x * bound; bound > 0, so only x's sign needs correcting.
    return Math.multiplyHigh(x, bound) + ((x >> 63) & bound);
  }

  /**
   * A uniformly random int in [0, bound).
   *
   * @param bound exclusive upper bound, &gt; 0
   * @return a value in [0, bound)
   * @throws IllegalArgumentException if {@code bound <= 0}
   */
  default int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  /**
   * A fair coin.
   *
   * @return true with probability exactly 1/2
   */
  default boolean nextBoolean() {
    return nextLong() < 0;
  }

  /**
   * Fills {@code bytes} with uniformly random bytes.
   *
   * @param bytes the array to fill
   * @throws IllegalArgumentException if {@code bytes} is null
   */
  default void nextBytes(byte[] bytes) {
    Checks.notNull("bytes", bytes);
    int i = 0;
    while (i < bytes.length) {
      long r = nextLong();
      for (int k = 0; k < 8 && i < bytes.length; k++, r >>>= 8) {
        bytes[i++] = (byte) r;
      }
    }
  }
}
