package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaplaceMechanismTest {
  private static LaplaceMechanism.Builder valid() {
    return LaplaceMechanism.builder()
        .epsilon(1)
        .l1Sensitivity(1)
        .randomness(Randomness.insecureSeeded(1));
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -0.0, -1})
  void epsilon_invalid_throws(double epsilon) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LaplaceMechanism.builder().epsilon(epsilon));
    assertTrue(
        e.getMessage().contains("epsilon") && e.getMessage().contains(String.valueOf(epsilon)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -2})
  void l1Sensitivity_invalid_throws(double sensitivity) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LaplaceMechanism.builder().l1Sensitivity(sensitivity));
    assertTrue(e.getMessage().contains("l1Sensitivity"));
  }

  @Test
  void nulls_throw() {
    assertThrows(IllegalArgumentException.class, () -> LaplaceMechanism.builder().randomness(null));
    assertThrows(IllegalArgumentException.class, () -> LaplaceMechanism.builder().accountant(null));
  }

  @Test
  void missingFields_throw() {
    assertThrows(
        IllegalStateException.class, () -> LaplaceMechanism.builder().l1Sensitivity(1).build());
    assertThrows(IllegalStateException.class, () -> LaplaceMechanism.builder().epsilon(1).build());
  }

  @Test
  void extremeRatio_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LaplaceMechanism.builder().epsilon(1e-300).l1Sensitivity(1e300).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> LaplaceMechanism.builder().epsilon(1e-30).l1Sensitivity(1).build());
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void addNoise_nonFinite_throws_andChargesNothing(double value) {
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.pure(10));
    LaplaceMechanism m = valid().accountant(acc).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.addNoise(value));
    assertTrue(e.getMessage().contains("value"));
    assertEquals(0, acc.charges().size());
  }

  @Test
  void guarantee_describesMechanism() {
    LaplaceMechanism m = valid().epsilon(0.5).l1Sensitivity(3).build();
    Guarantee g = m.guarantee();
    assertEquals("LaplaceMechanism", g.mechanism());
    assertEquals(PrivacyLoss.pure(0.5), g.loss().stated());
    assertEquals(PrivacyLoss.Mechanism.DISCRETE_LAPLACE, g.loss().mechanism());
    assertEquals(3.0, g.parameters().get("l1Sensitivity"));
    assertEquals(m.granularity(), g.parameters().get("granularity"));
    double rounded = (double) g.parameters().get("roundedL1Sensitivity");
    assertTrue(rounded >= 3 && rounded <= 3 + m.granularity());
    // The scale covers the rounded sensitivity: scale ≥ Δ_r/ε.
    assertTrue(m.scale() >= rounded / 0.5);
    assertTrue(m.scale() <= rounded / 0.5 * (1 + 1e-8));
    assertTrue(g.toJson().contains("\"granularity\""));
    assertTrue(m.toString().contains("granularity"));
  }

  @Test
  void granularity_isPowerOfTwo_fromParametersOnly() {
    LaplaceMechanism m = valid().epsilon(0.1).l1Sensitivity(7).build();
    double g = m.granularity();
    assertEquals(g, Math.scalb(1.0, Math.getExponent(g)));
    assertTrue(g >= 70 * 0x1p-32 && g < 2 * 70 * 0x1p-32);
  }

  @Test
  void hugeInputs_areReleasedAroundTheInput_neverClamped() {
    // Fails before issue 16: inputs were clamped to 2^29·Δ/ε, so 1e9 and 1e12 both came back as
    // about 536,870,912 and the interval missed the input.
    LaplaceMechanism m = valid().build();
    for (double x : new double[] {1e9, 1e12, -1e15, 1e300, Double.MAX_VALUE, -Double.MAX_VALUE}) {
      double out = m.addNoise(x);
      assertTrue(Double.isFinite(out), x + " -> " + out);
      // Misses with probability ≤ 10^−9 per call.
      assertTrue(m.confidenceInterval(out, 1 - 1e-9).contains(x), x + " -> " + out);
    }
    assertEquals(1e12, m.addNoise(1e12), 100);
    for (long x : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 1L << 62}) {
      long out = m.addNoise(x);
      assertTrue(m.confidenceInterval(out, 1 - 1e-9).contains(x), x + " -> " + out);
    }
  }

  @Test
  void longPath_outputsIntegers_nearInput() {
    LaplaceMechanism m = valid().epsilon(2).l1Sensitivity(1).build();
    long sum = 0;
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      sum += m.addNoise(1000L) - 1000L;
    }
    // Scale 0.5: the mean of 10^4 draws is within 0.05 of 0 with overwhelming probability.
    assertTrue(Math.abs((double) sum / n) < 0.05);
  }

  @Test
  void coarseLattice_longInputsRounded() {
    // Δ/ε = 2^40 → g = 2^8: integer outputs are multiples of 256.
    LaplaceMechanism m = valid().epsilon(1).l1Sensitivity(0x1p40).build();
    assertEquals(256.0, m.granularity());
    for (int i = 0; i < 100; i++) {
      assertEquals(0, m.addNoise(12345L) % 256);
    }
  }

  @Test
  void confidenceInterval_coversAtLeastLevel() {
    LaplaceMechanism m = valid().epsilon(0.7).l1Sensitivity(2).build();
    int n = 100_000;
    int covered = 0;
    for (int i = 0; i < n; i++) {
      covered += m.confidenceInterval(m.addNoise(3.3), 0.9).contains(3.3) ? 1 : 0;
    }
    // Exact interval: coverage ≥ 0.9 and close to it. Binomial sd at p=0.9: 0.00095;
    // 5.33 sd ≈ 0.0051 (false failure ≈ 1e-7).
    assertTrue(covered >= n * (0.9 - 0.0051), "coverage " + covered);
    assertTrue(covered <= n * (0.9 + 0.0051 + 0.001), "coverage " + covered);
    int coveredLong = 0;
    for (int i = 0; i < n; i++) {
      coveredLong += m.confidenceInterval(m.addNoise(3L), 0.9).contains(3) ? 1 : 0;
    }
    assertTrue(coveredLong >= n * (0.9 - 0.0051), "coverage (long) " + coveredLong);
    assertThrows(IllegalArgumentException.class, () -> m.confidenceInterval(0.0, 1));
    assertThrows(IllegalArgumentException.class, () -> m.confidenceInterval(Double.NaN, 0.5));
    assertThrows(IllegalArgumentException.class, () -> m.confidenceInterval(0L, 0));
  }

  @Test
  void budgetExceeded_isThrown_beforeNoise() {
    CountingRandomness r = new CountingRandomness(3);
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.pure(1));
    LaplaceMechanism m = valid().epsilon(0.6).randomness(r).accountant(acc).build();
    m.addNoise(1.0);
    long before = r.draws();
    assertThrows(PrivacyBudgetExceededException.class, () -> m.addNoise(1.0));
    assertEquals(before, r.draws());
    assertEquals(1, acc.charges().size());
  }
}
