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

/**
 * Validation and behaviour of {@link DiscreteLaplaceMechanism} and {@link
 * DiscreteGaussianMechanism}.
 */
class DiscreteMechanismsTest {

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -1})
  void epsilon_invalid_throws(double v) {
    assertThrows(
        IllegalArgumentException.class, () -> DiscreteLaplaceMechanism.builder().epsilon(v));
    assertThrows(
        IllegalArgumentException.class, () -> DiscreteGaussianMechanism.builder().epsilon(v));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void sensitivity_invalid_throws(long v) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DiscreteLaplaceMechanism.builder().l1Sensitivity(v));
    assertTrue(e.getMessage().contains("l1Sensitivity"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DiscreteGaussianMechanism.builder().l2Sensitivity(v));
    assertTrue(e.getMessage().contains("l2Sensitivity"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, 0, 1, -0.5, 2})
  void delta_invalid_throws(double v) {
    assertThrows(
        IllegalArgumentException.class, () -> DiscreteGaussianMechanism.builder().delta(v));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, 0, -1})
  void rho_invalid_throws(double v) {
    assertThrows(IllegalArgumentException.class, () -> DiscreteGaussianMechanism.builder().rho(v));
  }

  @Test
  void missingFields_andNulls_throw() {
    assertThrows(
        IllegalStateException.class, () -> DiscreteLaplaceMechanism.builder().epsilon(1).build());
    assertThrows(
        IllegalStateException.class,
        () -> DiscreteLaplaceMechanism.builder().l1Sensitivity(1).build());
    assertThrows(
        IllegalStateException.class,
        () -> DiscreteGaussianMechanism.builder().epsilon(1).delta(1e-5).build());
    assertThrows(
        IllegalStateException.class,
        () -> DiscreteGaussianMechanism.builder().l2Sensitivity(1).epsilon(1).build());
    assertThrows(
        IllegalStateException.class,
        () -> DiscreteGaussianMechanism.builder().l2Sensitivity(1).rho(1).delta(0.1).build());
    assertThrows(
        IllegalArgumentException.class, () -> DiscreteLaplaceMechanism.builder().randomness(null));
    assertThrows(
        IllegalArgumentException.class, () -> DiscreteGaussianMechanism.builder().accountant(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> DiscreteLaplaceMechanism.builder().epsilon(1e-20).l1Sensitivity(1).build());
  }

  @Test
  void discreteLaplace_scaleAtLeastSensitivityOverEpsilon() {
    DiscreteLaplaceMechanism m =
        DiscreteLaplaceMechanism.builder().epsilon(0.3).l1Sensitivity(7).build();
    assertTrue(m.scale() >= 7 / 0.3);
    assertTrue(m.scale() <= 7 / 0.3 * (1 + 1e-5));
    assertEquals(PrivacyLoss.pure(0.3), m.guarantee().loss().stated());
    assertEquals("DiscreteLaplaceMechanism", m.guarantee().mechanism());
    assertTrue(m.toString().contains("scale"));
  }

  @Test
  void discreteGaussian_sigmaIsConservative() {
    DiscreteGaussianMechanism z =
        DiscreteGaussianMechanism.builder().rho(0.125).l2Sensitivity(3).build();
    assertTrue(z.sigma() >= 3 / Math.sqrt(0.25));
    assertTrue(z.sigma() <= 3 / Math.sqrt(0.25) * (1 + 1e-6));
    DiscreteGaussianMechanism a =
        DiscreteGaussianMechanism.builder().epsilon(1).delta(1e-6).l2Sensitivity(2).build();
    // The discrete profile bound holds at the released σ...
    assertTrue(GaussianCalibration.discreteDeltaUpper(a.sigma(), 2, 1) <= 1e-6);
    // ...and σ is close to the continuous analytic σ (the discrete Gaussian needs no more noise).
    double cont = GaussianCalibration.continuousSigma(2, 1, 1e-6);
    assertTrue(Math.abs(a.sigma() / cont - 1) < 0.01, a.sigma() + " vs " + cont);
    assertEquals(PrivacyLoss.approximate(1, 1e-6), a.guarantee().loss().stated());
    assertTrue(a.toString().contains("sigma"));
  }

  @Test
  void discreteDeltaUpper_dominatesExactSum_atSmallSigma() {
    // Direct evaluation of CKS Thm 7 by summation for σ = 3, Δ = 1, ε = 0.5.
    double sigma = 3;
    double eps = 0.5;
    double total = 0;
    double tA = 0;
    double tB = 0;
    double a = eps * sigma * sigma - 0.5;
    double b = eps * sigma * sigma + 0.5;
    for (int y = -200; y <= 200; y++) {
      double f = Math.exp(-y * y / (2 * sigma * sigma));
      total += f;
      tA += y > a ? f : 0;
      tB += y > b ? f : 0;
    }
    double exact = tA / total - Math.exp(eps) * tB / total;
    double upper = GaussianCalibration.discreteDeltaUpper(sigma, 1, eps);
    assertTrue(upper >= exact && upper <= exact * (1 + 1e-6) + 1e-15, upper + " vs " + exact);
  }

  @Test
  void hugeInputs_areReleasedAroundTheInput_notClamped() {
    // Fails before issue 16: inputs were clamped to ±2^61, ~4.6e18 away from Long.MAX_VALUE.
    DiscreteLaplaceMechanism l =
        DiscreteLaplaceMechanism.builder().epsilon(1).l1Sensitivity(1).build();
    DiscreteGaussianMechanism g =
        DiscreteGaussianMechanism.builder().rho(1).l2Sensitivity(1).build();
    for (long x : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 1L << 62, -(1L << 61) - 12345}) {
      // Each interval misses with probability ≤ 10^−9.
      long yl = l.addNoise(x);
      assertTrue(l.confidenceInterval(yl, 1 - 1e-9).contains(x), x + " -> " + yl);
      long yg = g.addNoise(x);
      assertTrue(g.confidenceInterval(yg, 1 - 1e-9).contains(x), x + " -> " + yg);
    }
  }

  @Test
  void confidenceIntervals_cover() {
    Randomness r = Randomness.insecureSeeded(5);
    DiscreteLaplaceMechanism l =
        DiscreteLaplaceMechanism.builder().epsilon(0.5).l1Sensitivity(1).randomness(r).build();
    DiscreteGaussianMechanism g =
        DiscreteGaussianMechanism.builder().rho(0.02).l2Sensitivity(1).randomness(r).build();
    int n = 100_000;
    int cl = 0;
    int cg = 0;
    for (int i = 0; i < n; i++) {
      cl += l.confidenceInterval(l.addNoise(40), 0.9).contains(40) ? 1 : 0;
      cg += g.confidenceInterval(g.addNoise(40), 0.9).contains(40) ? 1 : 0;
    }
    // Binomial sd at p = 0.9: 0.00095; 5.33 sd ≈ 0.0051 (false failure ≈ 1e-7 each).
    assertTrue(cl >= n * (0.9 - 0.0051), "discrete Laplace coverage " + cl);
    assertTrue(cg >= n * (0.9 - 0.0051), "discrete Gaussian coverage " + cg);
  }

  @Test
  void budgetRefused_drawsNothing() {
    CountingRandomness r = new CountingRandomness(9);
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.approximate(1, 1e-5));
    DiscreteLaplaceMechanism l =
        DiscreteLaplaceMechanism.builder()
            .epsilon(0.9)
            .l1Sensitivity(1)
            .randomness(r)
            .accountant(acc)
            .build();
    DiscreteGaussianMechanism g =
        DiscreteGaussianMechanism.builder()
            .epsilon(0.5)
            .delta(1e-6)
            .l2Sensitivity(1)
            .randomness(r)
            .accountant(acc)
            .build();
    l.addNoise(0);
    long before = r.draws();
    assertThrows(PrivacyBudgetExceededException.class, () -> g.addNoise(0));
    assertThrows(PrivacyBudgetExceededException.class, () -> l.addNoise(0));
    assertEquals(before, r.draws());
  }
}
