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
   * A uniformly random long in [0, bound), without modulo bias (Lemire's method with rejection).
   *
   * @param bound exclusive upper bound, &gt; 0
   * @return a value in [0, bound)
   */
  default long nextLong(long bound) {
    Checks.positive("bound", bound);
    long m = bound - 1;
    if ((bound & m) == 0) {
      return nextLong() & m;
    }
    // Rejection sampling on the top bits: accept r if r - (r mod bound) + m does not overflow.
    long u = nextLong() >>> 1;
    for (long r = u % bound; u + m - r < 0; r = u % bound) {
      u = nextLong() >>> 1;
    }
    return u % bound;
  }

  /**
   * A uniformly random int in [0, bound).
   *
   * @param bound exclusive upper bound, &gt; 0
   * @return a value in [0, bound)
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
