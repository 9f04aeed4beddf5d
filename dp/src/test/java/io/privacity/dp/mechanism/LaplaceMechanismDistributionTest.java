package io.privacity.dp.mechanism;

import io.privacity.core.random.Randomness;
import io.privacity.dp.testing.StatTests;
import org.junit.jupiter.api.Test;

/**
 * The lattice noise of {@link LaplaceMechanism} follows exactly the two-sided geometric of the
 * documented rate, on both lattices. 10^6 samples per parameter set, fixed seeds; each chi-square
 * assertion fails a correct implementation with probability 10^−7, mean/variance checks with ≈
 * 10^−7 (5.33 standard errors) and far less (7 standard errors); 4 parameter sets × 3 checks keep a
 * run's false-failure probability below 10^−6.
 */
class LaplaceMechanismDistributionTest {
  private static final int N = 1_000_000;

  @Test
  void realLattice_noiseIsExactGeometric() {
    double[][] params = {{1, 1, 12.3}, {0.1, 3, -4.75}, {2, 0.5, 1e6}};
    long seed = 100;
    for (double[] p : params) {
      LaplaceMechanism m =
          LaplaceMechanism.builder()
              .epsilon(p[0])
              .l1Sensitivity(p[1])
              .randomness(Randomness.insecureSeeded(seed++))
              .build();
      double g = m.granularity();
      long x = Math.round(p[2] / g);
      long[] z = new long[N];
      for (int i = 0; i < N; i++) {
        z[i] = Math.round(m.addNoise(p[2]) / g) - x;
      }
      double gamma = g / m.scale();
      String what = "Laplace(eps=" + p[0] + ", Δ=" + p[1] + ")";
      long span = (long) Math.ceil(8 / gamma);
      StatTests.assertFits(what, z, StatTests.twoSidedGeometricCdf(gamma), -span, span, 81);
      double var = StatTests.twoSidedGeometricVariance(gamma);
      StatTests.assertMean(what, z, 0, var);
      StatTests.assertVariance(what, z, var, 24 / Math.pow(gamma, 4));
    }
  }

  @Test
  void integerLattice_noiseIsExactGeometric() {
    LaplaceMechanism m =
        LaplaceMechanism.builder()
            .epsilon(0.8)
            .l1Sensitivity(2)
            .randomness(Randomness.insecureSeeded(7))
            .build();
    long[] z = new long[N];
    for (int i = 0; i < N; i++) {
      z[i] = m.addNoise(1000L) - 1000L;
    }
    // Integer lattice, sensitivity 2 units: rate γ' ≤ 0.4, 31-bit dyadic.
    double gamma = Lattice.geometricAtMost(0.8 / 2).gamma();
    StatTests.assertFits("Laplace long", z, StatTests.twoSidedGeometricCdf(gamma), -30, 30, 61);
    double var = StatTests.twoSidedGeometricVariance(gamma);
    StatTests.assertMean("Laplace long", z, 0, var);
  }
}
