package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.testing.StatTests;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * The lattice planar Laplace sampler against its exact law P(n) ∝ exp(−γ‖n‖₂) on ℤ², by Pearson's
 * chi-square over the cells |n₁|, |n₂| ≤ B (the rest pooled into one cell), on coarse lattices
 * where the law is far from its continuous limit — so a sampler that only approximated it would be
 * caught. Both decision paths are tested: the double-precision one (normal use) and, with every
 * double-precision decision disabled, the arbitrary-precision one it falls back to in about 2^−45
 * of the cases.
 *
 * <p>Threshold: each test rejects at p ≤ 10^−8 (the chi-square approximation holds: cells with
 * expected count below 5 are pooled); six tests, so a correct sampler fails a run with probability
 * below 10^−7 (five chi-square tests). Fixed seeds.
 */
class LatticeLaplaceSamplerTest {
  private static final double ALPHA = 1e-8;

  /** A sampler for γ ≈ g (rounded down to a dyadic G/2^K, as PlanarLaplace does). */
  private static LatticeLaplaceSampler sampler(double g, boolean exactOnly) {
    int log2Den = 40 - Math.getExponent(g);
    long gammaNum = (long) Math.floor(Math.scalb(g, log2Den)) - 1;
    long an = (long) Math.floor(gammaNum / Math.sqrt(2));
    BigInteger gSq = BigInteger.valueOf(gammaNum).pow(2);
    while (BigInteger.valueOf(an).pow(2).shiftLeft(1).compareTo(gSq) > 0) {
      an--;
    }
    return new LatticeLaplaceSampler(gammaNum, an, log2Den, exactOnly);
  }

  private static double pValue(LatticeLaplaceSampler s, double gamma, int bound, int n, long seed) {
    Randomness r = Randomness.insecureSeeded(seed);
    int side = 2 * bound + 1;
    long[] counts = new long[side * side + 1];
    for (int i = 0; i < n; i++) {
      long[] x = s.sample(r);
      if (Math.abs(x[0]) <= bound && Math.abs(x[1]) <= bound) {
        counts[(int) ((x[0] + bound) * side + (x[1] + bound))]++;
      } else {
        counts[side * side]++;
      }
    }
    // Exact probabilities: the normaliser summed over |n| ≤ 60/γ (the rest is below e^−60).
    int far = (int) Math.ceil(60 / gamma);
    double total = 0;
    for (int i = -far; i <= far; i++) {
      for (int j = -far; j <= far; j++) {
        total += Math.exp(-gamma * Math.hypot(i, j));
      }
    }
    double[] p = new double[counts.length];
    double inside = 0;
    for (int i = -bound; i <= bound; i++) {
      for (int j = -bound; j <= bound; j++) {
        double q = Math.exp(-gamma * Math.hypot(i, j)) / total;
        p[(i + bound) * side + (j + bound)] = q;
        inside += q;
      }
    }
    p[side * side] = 1 - inside;
    return StatTests.chiSquarePValue(counts, p);
  }

  private static double gammaOf(double g) {
    int log2Den = 40 - Math.getExponent(g);
    return Math.scalb((double) ((long) Math.floor(Math.scalb(g, log2Den)) - 1), -log2Den);
  }

  @Test
  void fastPath_sampleFollowsTheExactLatticeLaw() {
    for (double g : new double[] {0.5, 0.25, 0.0625}) {
      int bound = (int) Math.ceil(4 / g);
      double p = pValue(sampler(g, false), gammaOf(g), bound, 400_000, 16);
      assertTrue(p > ALPHA, "γ≈" + g + ": chi-square p = " + p);
    }
  }

  @Test
  void exactPath_sampleFollowsTheExactLatticeLaw() {
    // Arbitrary precision throughout (fixed-point brackets, ~0.3 ms a sample), so fewer samples.
    for (double g : new double[] {0.5, 0.25}) {
      int bound = (int) Math.ceil(3 / g);
      double p = pValue(sampler(g, true), gammaOf(g), bound, 8_000, 17);
      assertTrue(p > ALPHA, "γ≈" + g + " (exact path): chi-square p = " + p);
    }
  }

  @Test
  void bothPaths_agreeOnTheSameRandomWords() {
    // Same seed, same decisions: the fast path only answers when its answer is the exact one.
    LatticeLaplaceSampler fast = sampler(0.03, false);
    LatticeLaplaceSampler exact = sampler(0.03, true);
    for (long seed = 0; seed < 200; seed++) {
      long[] a = fast.sample(Randomness.insecureSeeded(seed));
      long[] b = exact.sample(Randomness.insecureSeeded(seed));
      assertTrue(a[0] == b[0] && a[1] == b[1], "seed " + seed);
    }
  }
}
