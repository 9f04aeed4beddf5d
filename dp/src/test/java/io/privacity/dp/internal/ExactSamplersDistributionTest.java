package io.privacity.dp.internal;

import static io.privacity.dp.testing.StatTests.Z_THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.testing.StatTests;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Distribution tests of the exact samplers against their exact pmfs, with fixed seeds. Each
 * goodness-of-fit assertion fails a correct sampler with probability ≤ 1e-7 (see {@link
 * StatTests}); each Bernoulli check uses |z| ≤ 5.33 (two-sided 1e-7 under the normal approximation,
 * accurate for 10⁶ trials with p·n ≥ 10⁵). With fewer than 10 assertions per test method and 8
 * methods, a correct implementation fails this class with probability &lt; 10⁻⁵ per run if every
 * seed were fresh; with the fixed seeds the outcome is deterministic.
 */
class ExactSamplersDistributionTest {
  private static final int N = 1_000_000;

  private static void assertBernoulli(String what, int trueCount, int n, double p) {
    double z = (trueCount - n * p) / Math.sqrt(n * p * (1 - p));
    assertTrue(Math.abs(z) <= Z_THRESHOLD, what + ": " + trueCount + "/" + n + " vs p=" + p);
  }

  @Test
  void bernoulli_rational_matchesProbability() {
    Randomness r = Randomness.insecureSeeded(1);
    int hits = 0;
    for (int i = 0; i < N; i++) {
      hits += ExactSamplers.bernoulli(r, 3, 7) ? 1 : 0;
    }
    assertBernoulli("Bernoulli(3/7)", hits, N, 3.0 / 7);
  }

  @Test
  void randomBits_lazyCoins_matchProbabilities() {
    long[][] fractions = {
      {3, 7}, {123_456_789, 987_654_321}, {(1L << 40) + 3, (1L << 41) - 1}, {5, 8}
    };
    RandomBits bits = new RandomBits(Randomness.insecureSeeded(12));
    for (long[] f : fractions) {
      int hits = 0;
      for (int i = 0; i < N; i++) {
        hits += bits.bernoulli(f[0], f[1]) ? 1 : 0;
      }
      assertBernoulli("lazy Bernoulli(" + f[0] + "/" + f[1] + ")", hits, N, (double) f[0] / f[1]);
    }
    int hits = 0;
    for (int i = 0; i < N; i++) {
      hits += bits.bernoulliExpMinus(7, 3) ? 1 : 0;
    }
    assertBernoulli("lazy Bernoulli(exp(-7/3))", hits, N, Math.exp(-7.0 / 3));
  }

  @Test
  void bernoulliExpMinus_matchesExp() {
    long[][] gammas = {{1, 3}, {1, 1}, {5, 2}, {7, 1000}, {999, 1000}};
    Randomness r = Randomness.insecureSeeded(2);
    for (long[] g : gammas) {
      int hits = 0;
      for (int i = 0; i < N; i++) {
        hits += ExactSamplers.bernoulliExpMinus(r, g[0], g[1]) ? 1 : 0;
      }
      assertBernoulli(
          "Bernoulli(exp(-" + g[0] + "/" + g[1] + "))", hits, N, Math.exp(-(double) g[0] / g[1]));
    }
  }

  @Test
  void bernoulliExpMinus_bigInteger_matchesExp() {
    Randomness r = Randomness.insecureSeeded(3);
    // γ = (3·2^70 + 1) / 2^71 ≈ 1.5, numbers beyond 64 bits.
    BigInteger num = BigInteger.valueOf(3).shiftLeft(70).add(BigInteger.ONE);
    BigInteger den = BigInteger.ONE.shiftLeft(71);
    int n = 200_000;
    int hits = 0;
    for (int i = 0; i < n; i++) {
      hits += ExactSamplers.bernoulliExpMinus(r, num, den) ? 1 : 0;
    }
    assertBernoulli("Bernoulli(exp(-1.5)) big", hits, n, Math.exp(-1.5));
  }

  @Test
  void discreteLaplace_matchesPmf() {
    long[][] scales = {{1, 1}, {3, 2}, {7, 3}, {25, 1}};
    Randomness r = Randomness.insecureSeeded(4);
    for (long[] s : scales) {
      double gamma = (double) s[1] / s[0];
      long[] x = new long[N];
      for (int i = 0; i < N; i++) {
        x[i] = ExactSamplers.discreteLaplace(r, s[0], s[1]);
      }
      String what = "discreteLaplace(" + s[0] + "/" + s[1] + ")";
      long span = (long) Math.ceil(8 / gamma);
      StatTests.assertFits(what, x, StatTests.twoSidedGeometricCdf(gamma), -span, span, 81);
      StatTests.assertMean(what, x, 0, StatTests.twoSidedGeometricVariance(gamma));
    }
  }

  @Test
  void discreteGaussian_matchesPmf() {
    long[][] vars = {{1, 1}, {2, 1}, {10, 3}, {50, 1}, {1000, 7}};
    Randomness r = Randomness.insecureSeeded(5);
    for (long[] v : vars) {
      double sigmaSq = (double) v[0] / v[1];
      long[] x = new long[N];
      for (int i = 0; i < N; i++) {
        x[i] = ExactSamplers.discreteGaussian(r, v[0], v[1]);
      }
      String what = "discreteGaussian(" + v[0] + "/" + v[1] + ")";
      long span = (long) Math.ceil(6 * Math.sqrt(sigmaSq));
      StatTests.assertFits(what, x, StatTests.discreteGaussianCdf(sigmaSq), -span, span, 81);
      double[] mom = StatTests.discreteGaussianMoments(sigmaSq);
      StatTests.assertMean(what, x, 0, mom[0]);
      StatTests.assertVariance(what, x, mom[0], mom[1]);
    }
  }

  @Test
  void discreteGaussianPow2_matchesPmf() {
    long[][] params = {{5, 3}, {1, 0}, {3, 6}};
    Randomness r = Randomness.insecureSeeded(6);
    for (long[] p : params) {
      double sigmaSq = (double) p[0] * (1L << p[1]);
      long[] x = new long[N];
      ExactSamplers.DiscreteGaussianPow2 g = ExactSamplers.gaussianPow2(p[0], (int) p[1]);
      for (int i = 0; i < N; i++) {
        x[i] = g.sample(r);
      }
      String what = "discreteGaussianPow2(a=" + p[0] + ", j=" + p[1] + ")";
      long span = (long) Math.ceil(6 * Math.sqrt(sigmaSq));
      StatTests.assertFits(what, x, StatTests.discreteGaussianCdf(sigmaSq), -span, span, 81);
      double[] mom = StatTests.discreteGaussianMoments(sigmaSq);
      StatTests.assertVariance(what, x, mom[0], mom[1]);
    }
  }

  @Test
  void twoSidedGeometric_matchesPmf() {
    // {gammaNum, log2Den}: γ = 3/4 (one bit of m), 5/2 (γ ≥ 1 path), 1/2^0=1, 1.5·2^-20, 0.7·2^-40.
    long[][] params = {{3, 2}, {5, 1}, {1, 0}, {3, 21}, {(long) (0.7 * (1L << 31)), 71}};
    Randomness r = Randomness.insecureSeeded(7);
    for (long[] p : params) {
      TwoSidedGeometric g = TwoSidedGeometric.of(p[0], (int) p[1]);
      double gamma = g.gamma();
      long[] x = new long[N];
      for (int i = 0; i < N; i++) {
        x[i] = g.sample(r);
      }
      String what = "twoSidedGeometric(" + p[0] + "/2^" + p[1] + ")";
      long span = (long) Math.ceil(Math.max(8 / gamma, 3));
      StatTests.assertFits(what, x, StatTests.twoSidedGeometricCdf(gamma), -span, span, 81);
      double var = StatTests.twoSidedGeometricVariance(gamma);
      StatTests.assertMean(what, x, 0, var);
      // Fourth moment of the two-sided geometric, by summation (≈ 24/γ⁴ for small γ).
      double m4 = gamma < 1e-3 ? 24 / Math.pow(gamma, 4) : fourthMoment(gamma);
      StatTests.assertVariance(what, x, var, m4);
    }
  }

  @Test
  void twoSidedGeometric_bitsUsedAreSmall() {
    // Cost check (not timing): the expected number of 64-bit draws per sample is a small constant.
    long[] calls = new long[1];
    Randomness base = Randomness.insecureSeeded(8);
    Randomness counting =
        () -> {
          calls[0]++;
          return base.nextLong();
        };
    TwoSidedGeometric g = TwoSidedGeometric.of((long) (0.7 * (1L << 31)), 71);
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      g.sample(counting);
    }
    double perSample = (double) calls[0] / n;
    assertTrue(perSample < 8, "draws per sample " + perSample);
  }

  private static double fourthMoment(double gamma) {
    double q = Math.exp(-gamma);
    double c = (1 - q) / (1 + q);
    double m4 = 0;
    for (long z = 1; z < 200 / gamma; z++) {
      m4 += 2 * c * Math.exp(-gamma * z) * Math.pow(z, 4);
    }
    return m4;
  }
}
