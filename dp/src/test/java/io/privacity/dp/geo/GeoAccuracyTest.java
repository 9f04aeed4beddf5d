package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeoAccuracyTest {
  @Test
  void lambertWm1_solvesItsEquation_acrossTheDomain() {
    double minusInvE = -Math.exp(-1);
    for (int i = 1; i < 10_000; i++) {
      double z = minusInvE * (1 - i / 10_000.0);
      double w = GeoAccuracy.lambertWm1(z);
      assertTrue(w <= -1, "branch: " + w);
      assertEquals(z, w * Math.exp(w), 1e-14 + 1e-12 * Math.abs(z), "z=" + z);
    }
    assertEquals(-1, GeoAccuracy.lambertWm1(minusInvE), 1e-6);
    double tiny = -1e-300;
    double w = GeoAccuracy.lambertWm1(tiny);
    assertEquals(1, w * Math.exp(w) / tiny, 1e-12);
  }

  @Test
  void lambertWm1_knownValue() {
    // W₋₁(−0.1) = −3.577152063957297 (reference value).
    assertEquals(-3.577152063957297, GeoAccuracy.lambertWm1(-0.1), 1e-13);
  }

  @Test
  void radiusForProbability_invertsTheRadialCdf() {
    for (double eps : new double[] {0.001, 0.004, 0.01, 1}) {
      for (double p : new double[] {0.01, 0.5, 0.9, 0.95, 0.99, 0.999999}) {
        double r = GeoAccuracy.radiusForProbability(eps, p);
        assertEquals(p, GeoAccuracy.probabilityWithin(eps, r), 1e-12, "eps=" + eps + " p=" + p);
      }
    }
    // 95% radius at ℓ = 2 within 200 m: 4.7439/ε = 474.4 m (not a rounded W).
    assertEquals(474.39, GeoAccuracy.radiusForProbability(0.01, 0.95), 0.01);
  }

  @Test
  void meanError_isTwoOverEpsilon() {
    assertEquals(200, GeoAccuracy.meanError(0.01), 1e-12);
  }
}
