package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.GaussianCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GaussianMechanismTest {
  private static GaussianMechanism.Builder valid() {
    return GaussianMechanism.builder()
        .epsilon(1)
        .delta(1e-6)
        .l2Sensitivity(1)
        .randomness(Randomness.insecureSeeded(1));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -1})
  void epsilon_invalid_throws(double v) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GaussianMechanism.builder().epsilon(v));
    assertTrue(e.getMessage().contains("epsilon"));
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 1, -0.1, 1.5})
  void delta_outsideOpenUnit_throws(double v) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GaussianMechanism.builder().delta(v));
    assertTrue(e.getMessage().contains("delta") && e.getMessage().contains("(0, 1)"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -1})
  void rho_invalid_throws(double v) {
    assertThrows(IllegalArgumentException.class, () -> GaussianMechanism.builder().rho(v));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -1})
  void l2Sensitivity_invalid_throws(double v) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GaussianMechanism.builder().l2Sensitivity(v));
    assertTrue(e.getMessage().contains("l2Sensitivity"));
  }

  @Test
  void missingOrConflictingFields_throw() {
    assertThrows(IllegalStateException.class, () -> GaussianMechanism.builder().epsilon(1).build());
    assertThrows(
        IllegalStateException.class,
        () -> GaussianMechanism.builder().l2Sensitivity(1).epsilon(1).build());
    assertThrows(
        IllegalStateException.class,
        () -> GaussianMechanism.builder().l2Sensitivity(1).delta(1e-6).build());
    assertThrows(
        IllegalStateException.class,
        () -> GaussianMechanism.builder().l2Sensitivity(1).rho(1).epsilon(1).delta(1e-6).build());
    assertThrows(
        IllegalArgumentException.class, () -> GaussianMechanism.builder().randomness(null));
    assertThrows(
        IllegalArgumentException.class, () -> GaussianMechanism.builder().accountant(null));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void addNoise_nonFinite_throws_andChargesNothing(double value) {
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.approximate(10, 1e-3));
    GaussianMechanism m = valid().accountant(acc).build();
    assertThrows(IllegalArgumentException.class, () -> m.addNoise(value));
    assertEquals(0, acc.charges().size());
  }

  @Test
  void sigma_matchesAnalyticGaussian_forRoundedSensitivity() {
    double[][] params = {{1, 1e-5, 1}, {0.1, 1e-6, 3}, {4, 1e-9, 0.25}};
    for (double[] p : params) {
      GaussianMechanism m =
          GaussianMechanism.builder().epsilon(p[0]).delta(p[1]).l2Sensitivity(p[2]).build();
      double rounded = (double) m.guarantee().parameters().get("roundedL2Sensitivity");
      double cont = GaussianCalibration.continuousSigma(rounded, p[0], p[1]);
      // Discrete vs continuous at σ ≈ 2^24 lattice units: within 10^-5 relative.
      assertEquals(cont, m.sigma(), cont * 1e-5, "params " + java.util.Arrays.toString(p));
      assertEquals(PrivacyLoss.approximate(p[0], p[1]), m.guarantee().loss().stated());
    }
  }

  @Test
  void analyticSigma_knownValue() {
    // Balle & Wang 2018: ε = 1, δ = 1e-5, Δ = 1 gives σ ≈ 3.7306.
    assertEquals(3.7306, GaussianCalibration.continuousSigma(1, 1, 1e-5), 1e-4);
    // Smaller than the classical sqrt(2 ln(1.25/δ))/ε for ε < 1.
    double classical = Math.sqrt(2 * Math.log(1.25 / 1e-5)) / 0.5;
    assertTrue(GaussianCalibration.continuousSigma(1, 0.5, 1e-5) < classical);
  }

  @Test
  void zcdp_sigmaAtLeastFormula() {
    GaussianMechanism m = GaussianMechanism.builder().rho(0.5).l2Sensitivity(2).build();
    double rounded = (double) m.guarantee().parameters().get("roundedL2Sensitivity");
    assertTrue(m.sigma() >= rounded / Math.sqrt(2 * 0.5));
    assertTrue(m.sigma() <= rounded / Math.sqrt(2 * 0.5) * (1 + 1e-6));
    assertEquals(PrivacyLoss.zcdp(0.5), m.guarantee().loss().stated());
  }

  @Test
  void hugeInputs_areReleasedAroundTheInput_neverClamped() {
    // Fails before issue 16: at σ ≈ 4 inputs were clamped to 2^40, so 1e13 came back as about
    // 1.0995e12 and the interval missed the input.
    GaussianMechanism m = valid().build();
    for (double x : new double[] {1e13, -1e13, 1e300, Double.MAX_VALUE, -Double.MAX_VALUE}) {
      double out = m.addNoise(x);
      assertTrue(Double.isFinite(out), x + " -> " + out);
      // Misses with probability ≤ 10^−9 per call.
      assertTrue(m.confidenceInterval(out, 1 - 1e-9).contains(x), x + " -> " + out);
    }
    assertEquals(1e13, m.addNoise(1e13), 100);
    for (long x : new long[] {Long.MAX_VALUE, Long.MIN_VALUE}) {
      long out = m.addNoise(x);
      assertTrue(m.confidenceInterval(out, 1 - 1e-9).contains(x), x + " -> " + out);
    }
  }

  @Test
  void confidenceInterval_coversAtLeastLevel() {
    GaussianMechanism m = valid().epsilon(0.5).build();
    int n = 100_000;
    int covered = 0;
    int coveredLong = 0;
    for (int i = 0; i < n; i++) {
      covered += m.confidenceInterval(m.addNoise(-7.25), 0.95).contains(-7.25) ? 1 : 0;
      coveredLong += m.confidenceInterval(m.addNoise(-7L), 0.95).contains(-7) ? 1 : 0;
    }
    // Binomial sd at p = 0.95: 0.00069; 5.33 sd ≈ 0.0037 (false failure ≈ 1e-7).
    assertTrue(covered >= n * (0.95 - 0.0037), "coverage " + covered);
    assertTrue(covered <= n * (0.95 + 0.0037 + 0.001), "coverage " + covered);
    assertTrue(coveredLong >= n * (0.95 - 0.0037), "coverage (long) " + coveredLong);
  }

  @Test
  void budgetExceeded_isThrown_beforeNoise() {
    CountingRandomness r = new CountingRandomness(3);
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.approximate(1, 1e-5));
    GaussianMechanism m = valid().epsilon(0.6).randomness(r).accountant(acc).build();
    m.addNoise(1.0);
    long before = r.draws();
    assertThrows(PrivacyBudgetExceededException.class, () -> m.addNoise(1.0));
    assertEquals(before, r.draws());
  }

  @Test
  void toString_andJson_showParameters() {
    GaussianMechanism m = valid().build();
    assertTrue(m.toString().contains("sigma"));
    assertTrue(m.guarantee().toJson().contains("\"continuousSigma\""));
  }
}
