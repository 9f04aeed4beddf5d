package io.privacity.core.random;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goodness-of-fit of every derived draw, for both {@link Randomness#secure()} and {@link
 * Randomness#insecureSeeded(long)} with a fixed seed.
 *
 * <h2>False-failure probability</h2>
 *
 * <p>Each generator is subjected to {@value #TESTS_PER_GENERATOR} hypothesis tests (1 KS, 1
 * chi-square of nextDouble, 64 bit positions, 1 bit-balance chi-square over all positions, 7
 * bounded-long chi-squares, 1 nextInt chi-square, 5 nextBits chi-squares), so {@value #TOTAL_TESTS}
 * in this class. Each rejects only when its p-value is below {@link #ALPHA} = 5e-9. By the union
 * bound (Bonferroni) a correct generator fails some test of this class with probability at most 160
 * × 5e-9 = 8.0e-7 &lt; 1e-6 per run. For the seeded generator the outcome is fixed by the seed (it
 * either always passes or always fails), so that bound is the chance that the chosen seed was
 * unlucky; for {@code secure()} it is the per-run flake rate.
 *
 * <p>Power: with n = 2^20 draws the KS test detects a CDF deviation of about 3.2/sqrt(n) ≈ 0.003 at
 * this level, and the bit test a bias of about 6/sqrt(4n) ≈ 0.3% in any single bit.
 */
class RandomnessDistributionTest {
  static final int TESTS_PER_GENERATOR = 1 + 1 + 64 + 1 + 7 + 1 + 5;
  static final int TOTAL_TESTS = 2 * TESTS_PER_GENERATOR;
  static final double ALPHA = 5e-9;
  private static final int N = 1 << 20;
  private static final long SEED = 0x5eed_2026_1127L;

  static Stream<Arguments> generators() {
    return Stream.of(
        Arguments.of("secure", Randomness.secure()),
        Arguments.of("seeded", Randomness.insecureSeeded(SEED)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void nextDouble_isUniform_ks(String name, Randomness r) {
    double[] xs = new double[N];
    for (int i = 0; i < N; i++) {
      xs[i] = r.nextDouble();
    }
    double p =
        new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), xs);
    assertPValue(name + " nextDouble KS", p);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void nextDouble_isUniform_chiSquare(String name, Randomness r) {
    int bins = 1000;
    long[] counts = new long[bins];
    for (int i = 0; i < N; i++) {
      double d = r.nextDouble();
      assertTrue(d >= 0 && d < 1, "nextDouble out of [0,1): " + d);
      counts[(int) (d * bins)]++;
    }
    assertUniform(name + " nextDouble chi-square(1000 bins)", counts);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void everyBitPosition_isBalanced(String name, Randomness r) {
    // Histogram each of the 8 bytes (8 increments per draw instead of 64), then count the ones of
    // every bit position from the histograms.
    long[][] byteCounts = new long[8][256];
    for (int i = 0; i < N; i++) {
      long v = r.nextLong();
      for (int k = 0; k < 8; k++) {
        byteCounts[k][(int) (v >>> (8 * k)) & 0xff]++;
      }
    }
    long[] ones = new long[64];
    for (int k = 0; k < 8; k++) {
      for (int value = 0; value < 256; value++) {
        for (int bit = 0; bit < 8; bit++) {
          if ((value >>> bit & 1) != 0) {
            ones[8 * k + bit] += byteCounts[k][value];
          }
        }
      }
    }
    double sumZ2 = 0;
    for (int b = 0; b < 64; b++) {
      double z = (ones[b] - N / 2.0) / Math.sqrt(N / 4.0);
      sumZ2 += z * z;
      // Two-sided normal tail; the binomial(2^20, 1/2) is normal to far better than needed here.
      double p = Erf.erfc(Math.abs(z) / Math.sqrt(2));
      assertPValue(name + " bit " + b + " balance (ones=" + ones[b] + ")", p);
    }
    double p =
        1
            - new org.apache.commons.math3.distribution.ChiSquaredDistribution(64)
                .cumulativeProbability(sumZ2);
    assertPValue(name + " all bits sum z^2", p);
  }

  static Stream<Arguments> boundedCases() {
    // 3 << 61 is where plain "x mod bound" would be worst: values below 2^62 would be 1.5x as
    // likely as the rest, which the top-bit bins see at once.
    long[] bounds = {3, 10, 1000, 7919, (1L << 62) + 1, 3L << 61, Long.MAX_VALUE};
    return generators()
        .flatMap(g -> Arrays.stream(bounds).mapToObj(b -> Arguments.of(g.get()[0], g.get()[1], b)));
  }

  @ParameterizedTest(name = "{0}: nextLong({2})")
  @MethodSource("boundedCases")
  void nextLong_bounded_isUniform(String name, Randomness r, long bound) {
    // Small bounds: one bin per value. Huge bounds: 1024 equal-width bins on the top bits,
    // where modulo bias or a broken rejection step would show (the last bin is wider by one value
    // in 2^52 or so, a relative change of 1e-16 in its expectation, far below resolution).
    int bins = bound <= 10_000 ? (int) bound : 1024;
    double width = (double) bound / bins;
    long[] counts = new long[bins];
    for (int i = 0; i < N; i++) {
      long v = r.nextLong(bound);
      assertTrue(v >= 0 && v < bound, "out of range: " + v);
      int bin = bound <= 10_000 ? (int) v : (int) Math.min(bins - 1, (long) (v / width));
      counts[bin]++;
    }
    assertUniform(name + " nextLong(" + bound + ")", counts);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void nextInt_bounded_isUniform(String name, Randomness r) {
    int bound = 641;
    long[] counts = new long[bound];
    for (int i = 0; i < N; i++) {
      counts[r.nextInt(bound)]++;
    }
    assertUniform(name + " nextInt(641)", counts);
  }

  static Stream<Arguments> bitsCases() {
    int[] ks = {1, 5, 10, 33, 64};
    return generators()
        .flatMap(g -> Arrays.stream(ks).mapToObj(k -> Arguments.of(g.get()[0], g.get()[1], k)));
  }

  @ParameterizedTest(name = "{0}: nextBits({2})")
  @MethodSource("bitsCases")
  void nextBits_isUniform(String name, Randomness r, int k) {
    // Up to 10 bits: one bin per value. More: the top 10 of the k bits (bins of 2^(k-10)).
    int binBits = Math.min(k, 10);
    long[] counts = new long[1 << binBits];
    for (int i = 0; i < N; i++) {
      long v = r.nextBits(k);
      assertTrue(k == 64 || (v >>> k) == 0, "bits above " + k + " set: " + Long.toHexString(v));
      counts[(int) (v >>> (k - binBits))]++;
    }
    assertUniform(name + " nextBits(" + k + ")", counts);
  }

  private static void assertUniform(String what, long[] counts) {
    double[] expected = new double[counts.length];
    Arrays.fill(expected, 1.0);
    double p = new ChiSquareTest().chiSquareTest(expected, counts);
    assertPValue(what, p);
  }

  private static void assertPValue(String what, double p) {
    assertTrue(p >= ALPHA, what + ": p = " + p + " < " + ALPHA);
  }
}
