package io.privacity.dp.mechanism;

import io.privacity.core.random.Randomness;
import io.privacity.dp.testing.StatTests;
import org.junit.jupiter.api.Test;

/**
 * {@link DiscreteLaplaceMechanism} and {@link DiscreteGaussianMechanism} add exactly the documented
 * noise. 10^6 samples per parameter set, fixed seeds; each assertion fails a correct implementation
 * with probability ≤ 10^−7 (see {@link StatTests}); 10 assertions in all, so &lt; 10^−6 per run.
 */
class DiscreteMechanismsDistributionTest {
  private static final int N = 1_000_000;

  @Test
  void discreteLaplace_matchesPmf() {
    double[][] params = {{1, 1}, {0.2, 3}, {3, 1}};
    long seed = 300;
    for (double[] p : params) {
      DiscreteLaplaceMechanism m =
          DiscreteLaplaceMechanism.builder()
              .epsilon(p[0])
              .l1Sensitivity((long) p[1])
              .randomness(Randomness.insecureSeeded(seed++))
              .build();
      long[] z = new long[N];
      for (int i = 0; i < N; i++) {
        z[i] = m.addNoise(-5) + 5;
      }
      double gamma = 1 / m.scale();
      String what = "DiscreteLaplace(eps=" + p[0] + ", Δ=" + p[1] + ")";
      long span = (long) Math.ceil(8 / gamma);
      StatTests.assertFits(
          what,
          z,
          StatTests.twoSidedGeometricCdf(gamma),
          -span,
          span,
          (int) Math.min(81, 2 * span + 1));
      StatTests.assertMean(what, z, 0, StatTests.twoSidedGeometricVariance(gamma));
    }
  }

  @Test
  void discreteGaussian_matchesPmf() {
    // (ε, δ) with small σ (rational σ², CKS Alg. 3) and ρ with σ > 4096 (σ² = a·2^j).
    DiscreteGaussianMechanism small =
        DiscreteGaussianMechanism.builder()
            .epsilon(1)
            .delta(1e-5)
            .l2Sensitivity(2)
            .randomness(Randomness.insecureSeeded(310))
            .build();
    DiscreteGaussianMechanism large =
        DiscreteGaussianMechanism.builder()
            .rho(1e-8)
            .l2Sensitivity(1)
            .randomness(Randomness.insecureSeeded(311))
            .build();
    for (DiscreteGaussianMechanism m : new DiscreteGaussianMechanism[] {small, large}) {
      long[] z = new long[N];
      for (int i = 0; i < N; i++) {
        z[i] = m.addNoise(3);
        z[i] -= 3;
      }
      double sigmaSq = m.sigma() * m.sigma();
      long span = (long) Math.ceil(5 * m.sigma());
      String what = "DiscreteGaussian(σ=" + m.sigma() + ")";
      StatTests.assertFits(what, z, StatTests.discreteGaussianCdf(sigmaSq), -span, span, 81);
      double[] mom = StatTests.discreteGaussianMoments(sigmaSq);
      StatTests.assertVariance(what, z, mom[0], mom[1]);
    }
  }
}
