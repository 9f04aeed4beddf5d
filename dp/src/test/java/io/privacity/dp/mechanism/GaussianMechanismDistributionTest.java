package io.privacity.dp.mechanism;

import io.privacity.core.random.Randomness;
import io.privacity.dp.testing.StatTests;
import org.junit.jupiter.api.Test;

/**
 * The lattice noise of {@link GaussianMechanism} is the discrete Gaussian of the reported σ. 10^6
 * samples per parameter set, fixed seeds; each assertion fails a correct implementation with
 * probability ≤ 10^−7 (see {@link StatTests}); 8 assertions in all.
 */
class GaussianMechanismDistributionTest {
  private static final int N = 1_000_000;

  @Test
  void realLattice_noiseIsDiscreteGaussian() {
    double[][] params = {{1, 1e-5, 1, 3.5}, {0.25, 1e-8, 10, -100}};
    long seed = 200;
    for (double[] p : params) {
      GaussianMechanism m =
          GaussianMechanism.builder()
              .epsilon(p[0])
              .delta(p[1])
              .l2Sensitivity(p[2])
              .randomness(Randomness.insecureSeeded(seed++))
              .build();
      double g = m.granularity();
      long x = Math.round(p[3] / g);
      long[] z = new long[N];
      for (int i = 0; i < N; i++) {
        z[i] = Math.round(m.addNoise(p[3]) / g) - x;
      }
      double sigma = m.sigma() / g;
      String what = "Gaussian(eps=" + p[0] + ", δ=" + p[1] + ")";
      long span = (long) Math.ceil(5 * sigma);
      StatTests.assertFits(
          what, z, MechanismDistributionSupport.largeSigmaGaussianCdf(sigma), -span, span, 81);
      StatTests.assertMean(what, z, 0, sigma * sigma);
      StatTests.assertVariance(what, z, sigma * sigma, 3 * Math.pow(sigma, 4));
    }
  }

  @Test
  void zcdp_integerLattice_noiseIsDiscreteGaussian() {
    GaussianMechanism m =
        GaussianMechanism.builder()
            .rho(0.05)
            .l2Sensitivity(1)
            .randomness(Randomness.insecureSeeded(9))
            .build();
    long[] z = new long[N];
    for (int i = 0; i < N; i++) {
      z[i] = m.addNoise(77L) - 77L;
    }
    // σ² ≥ 1/(2·0.05) = 10 on the integer lattice (sensitivity 1 unit).
    double sigmaSq = 10 * (1 + 1e-6);
    StatTests.assertFits("Gaussian long", z, StatTests.discreteGaussianCdf(sigmaSq), -20, 20, 41);
    double[] mom = StatTests.discreteGaussianMoments(sigmaSq);
    StatTests.assertVariance("Gaussian long", z, mom[0], mom[1]);
  }
}
