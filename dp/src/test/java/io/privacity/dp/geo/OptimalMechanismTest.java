package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.dp.geo.OptimalMechanism.Constraints;
import org.junit.jupiter.api.Test;

class OptimalMechanismTest {
  private static double[] skewedPrior(int n) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = 1 + (i % 3) + (i == n / 2 ? 5 : 0);
    }
    return p;
  }

  private static void assertGeoInd(OptimalMechanism m, double eps) {
    double[][] k = m.matrix();
    int n = k.length;
    for (int x = 0; x < n; x++) {
      assertEquals(1, java.util.Arrays.stream(k[x]).sum(), 1e-7);
      for (int x2 = 0; x2 < n; x2++) {
        double bound = Math.exp(eps * m.distance(x, x2));
        for (int z = 0; z < n; z++) {
          assertTrue(k[x][z] <= bound * k[x2][z] + 1e-7, "constraint " + x + "," + x2 + "," + z);
        }
      }
    }
  }

  @Test
  void allPairs3x3_isGeoInd_andBeatsPlanarLaplaceOnTheSameGrid() {
    double eps = 0.01;
    OptimalMechanism opt =
        OptimalMechanism.solve(3, 3, 100, eps, skewedPrior(9), Constraints.ALL_PAIRS);
    assertGeoInd(opt, eps);
    double pl = opt.planarLaplaceExpectedError(eps);
    assertTrue(opt.expectedError() <= pl + 1e-6, "LP " + opt.expectedError() + " > PL " + pl);
  }

  @Test
  void spanner3x4_isGeoIndAtEpsilon_andBeatsPlanarLaplaceAtEpsilonOverDilation() {
    double eps = 0.01;
    OptimalMechanism opt =
        OptimalMechanism.solve(3, 4, 100, eps, skewedPrior(12), Constraints.SPANNER);
    assertGeoInd(opt, eps);
    double pl = opt.planarLaplaceExpectedError(eps / OptimalMechanism.SPANNER_DILATION);
    assertTrue(opt.expectedError() <= pl + 1e-6, "LP " + opt.expectedError() + " > PL " + pl);
  }

  @Test
  void badInput_throws() {
    double[] p9 = skewedPrior(9);
    assertThrows(
        IllegalArgumentException.class,
        () -> OptimalMechanism.solve(3, 4, 100, 0.01, skewedPrior(12), Constraints.ALL_PAIRS));
    assertThrows(
        IllegalArgumentException.class,
        () -> OptimalMechanism.solve(4, 4, 100, 0.01, skewedPrior(16), Constraints.SPANNER));
    assertThrows(
        IllegalArgumentException.class,
        () -> OptimalMechanism.solve(3, 3, 100, 0, p9, Constraints.ALL_PAIRS));
    assertThrows(
        IllegalArgumentException.class,
        () -> OptimalMechanism.solve(3, 3, Double.NaN, 0.01, p9, Constraints.ALL_PAIRS));
    assertThrows(
        IllegalArgumentException.class,
        () -> OptimalMechanism.solve(3, 3, 100, 0.01, new double[8], Constraints.ALL_PAIRS));
    assertThrows(
        IllegalArgumentException.class,
        () -> OptimalMechanism.solve(3, 3, 100, 0.01, new double[9], Constraints.ALL_PAIRS));
  }
}
