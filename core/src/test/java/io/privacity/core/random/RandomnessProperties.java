package io.privacity.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Positive;

class RandomnessProperties {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  @Provide
  Arbitrary<Long> bounds() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, 1000),
        Arbitraries.longs().between(1, Long.MAX_VALUE),
        Arbitraries.integers().between(0, 62).map(k -> 1L << k),
        Arbitraries.integers().between(1, 62).map(k -> (1L << k) + 1),
        Arbitraries.integers().between(2, 63).map(k -> (1L << k) - 1));
  }

  @Property
  void nextLong_bounded_inRange(
      @ForAll long seed, @ForAll("bounds") long bound, @ForAll @IntRange(min = 1, max = 20) int n) {
    Randomness r = Randomness.insecureSeeded(seed);
    for (int i = 0; i < n; i++) {
      long v = r.nextLong(bound);
      assertTrue(v >= 0 && v < bound, v + " not in [0, " + bound + ")");
    }
  }

  @Property(tries = 200)
  void secure_nextLong_bounded_inRange(@ForAll("bounds") long bound) {
    long v = Randomness.secure().nextLong(bound);
    assertTrue(v >= 0 && v < bound, v + " not in [0, " + bound + ")");
  }

  @Property
  void nextInt_bounded_inRange(@ForAll long seed, @ForAll @Positive int bound) {
    int v = Randomness.insecureSeeded(seed).nextInt(bound);
    assertTrue(v >= 0 && v < bound, v + " not in [0, " + bound + ")");
  }

  @Property
  void nextBits_hasOnlyLowBits(@ForAll long seed, @ForAll @IntRange(min = 1, max = 64) int bits) {
    Randomness r = Randomness.insecureSeeded(seed);
    long v = r.nextBits(bits);
    assertTrue(bits == 64 || v >>> bits == 0, Long.toHexString(v) + " has bits above " + bits);
  }

  @Property
  void nextBits_isTopBitsOfNextLong(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 64) int bits) {
    long expected = Randomness.insecureSeeded(seed).nextLong() >>> (64 - bits);
    assertEquals(expected, Randomness.insecureSeeded(seed).nextBits(bits));
  }

  @Property
  void nextDouble_inUnitIntervalOnTheTwoToMinus53Grid(@ForAll long raw) {
    double d = new Scripted(raw).nextDouble();
    assertTrue(d >= 0 && d < 1);
    assertEquals(raw >>> 11, (long) (d * 0x1.0p53));
  }

  @Example
  void nextDouble_extremes() {
    assertEquals(0.0, new Scripted(0L).nextDouble());
    assertEquals(1 - 0x1.0p-53, new Scripted(-1L).nextDouble());
  }

  /**
   * Lemire's method, checked exactly against 128-bit arithmetic: the first draw is used unless its
   * low word {@code x·bound mod 2^64} is below {@code 2^64 mod bound}; the result is {@code
   * floor(x·bound / 2^64)} of the accepted draw.
   */
  @Property
  void nextLong_bounded_matchesExactLemire(
      @ForAll("bounds") long bound, @ForAll long first, @ForAll long second, @ForAll long third) {
    Long expected = referenceLemire(bound, first, second, third);
    // jqwik likes edge cases such as 0, 0, 0, which a non-power-of-two bound rejects three times.
    Assume.that(expected != null);
    long result = new Scripted(first, second, third).nextLong(bound);
    assertEquals(expected, result);
  }

  @Property
  void nextLong_bounded_rejectsExactlyTheBiasedLowWords(
      @ForAll @LongRange(min = 2, max = Long.MAX_VALUE) long bound, @ForAll long accepted) {
    Assume.that((bound & (bound - 1)) != 0);
    Assume.that(unsigned(accepted * bound).compareTo(TWO_64.mod(BigInteger.valueOf(bound))) >= 0);
    // x = 0 always has low word 0 < 2^64 mod bound (non-zero for a non-power of two): rejected.
    long result = new Scripted(0L, 0L, accepted).nextLong(bound);
    assertEquals(referenceLemire(bound, accepted), result);
  }

  /** The exact result, or null if every draw would be rejected. */
  private static Long referenceLemire(long bound, long... draws) {
    BigInteger b = BigInteger.valueOf(bound);
    if ((bound & (bound - 1)) == 0) {
      // Power of two: the top log2(bound) bits of the first draw.
      return unsigned(draws[0]).multiply(b).shiftRight(64).longValueExact();
    }
    BigInteger threshold = TWO_64.mod(b);
    for (long x : draws) {
      BigInteger product = unsigned(x).multiply(b);
      if (product.mod(TWO_64).compareTo(threshold) >= 0) {
        return product.shiftRight(64).longValueExact();
      }
    }
    return null;
  }

  private static BigInteger unsigned(long x) {
    return new BigInteger(Long.toUnsignedString(x));
  }

  @Property
  void nextBoolean_isSignBit(@ForAll long raw) {
    assertEquals(raw < 0, new Scripted(raw).nextBoolean());
  }

  @Property
  void nextBytes_coversEveryByteOfTheLongs(@ForAll @IntRange(min = 0, max = 40) int len) {
    byte[] b = new byte[len];
    new Scripted(-1L, -1L, -1L, -1L, -1L).nextBytes(b);
    for (byte x : b) {
      assertEquals((byte) 0xff, x);
    }
  }

  /** Returns the given longs in order; fails the test if more are asked for. */
  static final class Scripted implements Randomness {
    private final Deque<Long> values = new ArrayDeque<>();

    Scripted(long... values) {
      for (long v : values) {
        this.values.add(v);
      }
    }

    @Override
    public long nextLong() {
      Long v = values.poll();
      if (v == null) {
        throw new IllegalStateException("script exhausted");
      }
      return v;
    }
  }
}
