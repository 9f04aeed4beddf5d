package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attacker's test of amplification: does the target's presence show through a Poisson sample
 * more than the amplified ε allows? The mechanism counts the sample (sensitivity 1) with discrete
 * Laplace noise at ε = 1; the neighbours are the empty data set and the target alone — the worst
 * case for a count. 10^6 outputs per neighbour are histogrammed; for every bin with ≥ 2000 hits in
 * both, |ln(n₁/n₀)| ≤ ε′ + z·sqrt(1/n₀ + 1/n₁) with ε′ = ln(1 + q(e − 1)) and z = 6 (per-bin false
 * alarm ≈ 2e-9 under the normal approximation of the log ratio, ≤ 41 bins: ≈ 1e-7 per run). A
 * sampler that kept the target more often than q would show ratios up to 1 and fail. The test also
 * checks it has power: the largest observed log ratio exceeds ε′/2 (the true ratio reaches ε′ at
 * every output ≥ 1; with ≥ 2000 hits per bin its standard error is ≤ 0.032, against ε′/2 ≈ 0.08).
 */
class SubsampleDpTest {
  private static final int N = 1_000_000;
  private static final double Q = 0.1;

  @Test
  void poissonSubsampledCount_ratioWithinTheAmplifiedEpsilon() {
    DiscreteLaplaceMechanism noise =
        DiscreteLaplaceMechanism.builder()
            .epsilon(1)
            .l1Sensitivity(1)
            .randomness(Randomness.insecureSeeded(61))
            .build();
    Subsample sampler = Subsample.poisson(Q, Randomness.insecureSeeded(62));
    List<Integer> empty = List.of();
    List<Integer> target = List.of(1);
    int bins = 41;
    long[] h0 = new long[bins];
    long[] h1 = new long[bins];
    for (int i = 0; i < N; i++) {
      bin(h0, noise.addNoise(sampler.sample(empty).size()));
      bin(h1, noise.addNoise(sampler.sample(target).size()));
    }
    double amplified = PrivacyLoss.subsampled(PrivacyLoss.laplace(1), Q).epsilon();
    assertTrue(Math.abs(amplified - Math.log1p(Q * Math.expm1(1))) < 1e-12);
    double worstExcess = Double.NEGATIVE_INFINITY;
    double largestRatio = 0;
    int used = 0;
    for (int b = 0; b < bins; b++) {
      if (h0[b] >= 2000 && h1[b] >= 2000) {
        used++;
        double logRatio = Math.abs(Math.log((double) h1[b] / h0[b]));
        largestRatio = Math.max(largestRatio, logRatio);
        worstExcess =
            Math.max(worstExcess, logRatio - amplified - 6 * Math.sqrt(1.0 / h0[b] + 1.0 / h1[b]));
      }
    }
    assertTrue(used >= 10, "only " + used + " usable bins");
    assertTrue(
        worstExcess <= 0, "a bin's log-ratio exceeds the amplified epsilon by " + worstExcess);
    assertTrue(largestRatio > amplified / 2, "no power: largest log-ratio " + largestRatio);
  }

  private static void bin(long[] h, long value) {
    int b = (int) value + h.length / 2;
    if (b >= 0 && b < h.length) {
      h[b]++;
    }
  }
}
