package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Empirical DP check: for neighbouring inputs x and x + Δ, every output event's probability ratio
 * must be at most e^ε (pure DP; for the Gaussian, outside events of total mass δ). We histogram
 * 10^6 outputs per input into bins of equal width, keep bins with ≥ 2000 hits in both runs, and
 * test ln(n₁/n₀) ≤ ε + z·sqrt(1/n₀ + 1/n₁) with z = 6: per-bin false alarm under the normal
 * approximation of the log ratio ≈ 1e-9, over ≤ 100 bins and 4 tests ≈ 4e-7 per run.
 */
class NoiseMechanismsDpTest {
  private static final int N = 1_000_000;
  private static final double Z = 6;

  private static void assertRatioBounded(
      String what,
      LongUnaryOperator outputs0,
      LongUnaryOperator outputs1,
      double binWidth,
      double eps) {
    int bins = 101;
    long[] h0 = new long[bins];
    long[] h1 = new long[bins];
    for (int i = 0; i < N; i++) {
      bin(h0, outputs0.applyAsLong(i), binWidth);
      bin(h1, outputs1.applyAsLong(i), binWidth);
    }
    double worst = Double.NEGATIVE_INFINITY;
    int used = 0;
    for (int b = 0; b < bins; b++) {
      if (h0[b] >= 2000 && h1[b] >= 2000) {
        used++;
        double excess =
            Math.abs(Math.log((double) h1[b] / h0[b]))
                - eps
                - Z * Math.sqrt(1.0 / h0[b] + 1.0 / h1[b]);
        worst = Math.max(worst, excess);
      }
    }
    assertTrue(used >= 10, what + ": only " + used + " usable bins");
    assertTrue(worst <= 0, what + ": a bin's log-ratio exceeds epsilon by " + worst);
  }

  private static void bin(long[] h, long valueTimesScale, double binWidth) {
    int b = (int) Math.floor(valueTimesScale / binWidth) + h.length / 2;
    if (b >= 0 && b < h.length) {
      h[b]++;
    }
  }

  @Test
  void laplace_ratioWithinEpsilon() {
    LaplaceMechanism m =
        LaplaceMechanism.builder()
            .epsilon(1)
            .l1Sensitivity(1)
            .randomness(Randomness.insecureSeeded(41))
            .build();
    // Outputs in units of 1/1000, bins of width 0.25.
    assertRatioBounded(
        "Laplace",
        i -> Math.round(m.addNoise(0.0) * 1000),
        i -> Math.round(m.addNoise(1.0) * 1000),
        250,
        1);
  }

  @Test
  void discreteLaplace_ratioWithinEpsilon() {
    DiscreteLaplaceMechanism m =
        DiscreteLaplaceMechanism.builder()
            .epsilon(0.5)
            .l1Sensitivity(2)
            .randomness(Randomness.insecureSeeded(42))
            .build();
    assertRatioBounded("DiscreteLaplace", i -> m.addNoise(0), i -> m.addNoise(2), 1, 0.5);
  }

  @Test
  void gaussian_ratioWithinPrivacyLossBound() {
    // (ε, δ) = (1, 1e-6): events of probability ≥ 2000/N can exceed e^ε only by δ-mass, which
    // is far below the binomial error at these counts; check the log-ratio against ε.
    GaussianMechanism m =
        GaussianMechanism.builder()
            .epsilon(1)
            .delta(1e-6)
            .l2Sensitivity(1)
            .randomness(Randomness.insecureSeeded(43))
            .build();
    assertRatioBounded(
        "Gaussian",
        i -> Math.round(m.addNoise(0.0) * 1000),
        i -> Math.round(m.addNoise(1.0) * 1000),
        250,
        1);
  }

  @Test
  void discreteGaussian_ratioWithinPrivacyLossBound() {
    DiscreteGaussianMechanism m =
        DiscreteGaussianMechanism.builder()
            .epsilon(1)
            .delta(1e-6)
            .l2Sensitivity(1)
            .randomness(Randomness.insecureSeeded(44))
            .build();
    assertRatioBounded("DiscreteGaussian", i -> m.addNoise(0), i -> m.addNoise(1), 1, 1);
  }
}
