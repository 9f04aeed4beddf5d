package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.GaussianCalibration;
import org.junit.jupiter.api.Test;

/**
 * The released noise of {@link GaussianMechanism} has a standard deviation within 1% of the
 * analytic σ* of Balle and Wang for the declared Δ, and never below it (issue 16). Before the fix
 * the lattice granularity was tied to σ and the discrete calibration lost up to two lattice units
 * of the window: at ε = 10^−6, δ = 10^−6, Δ = 1 the released sd was 1.06σ* on the double path and
 * 1.94σ* on the long path.
 */
class GaussianSigmaGridTest {
  private static final double[] EPSILONS = {1e-6, 1e-4, 1e-3, 0.1, 1, 5};
  private static final double[] DELTAS = {1e-3, 1e-6, 1e-9};
  private static final double[] SENSITIVITIES = {1, 3, 0.3, 1.5, 1e6, 0x1p40, 12345.678, 1e15};

  private static GaussianMechanism build(double eps, double delta, double sensitivity) {
    return GaussianMechanism.builder()
        .epsilon(eps)
        .delta(delta)
        .l2Sensitivity(sensitivity)
        .randomness(Randomness.insecureSeeded(16))
        .build();
  }

  /** The exact sd of the long path's integer (or lattice) noise, from its σ parameter. */
  private static double integerSd(GaussianMechanism m) {
    double gi = (double) m.guarantee().parameters().get("integerGranularity");
    double si = (double) m.guarantee().parameters().get("integerSigma");
    return GaussianNoise.standardDeviationLower(si / gi) * gi;
  }

  @Test
  void releasedSd_isWithinOnePercentOfTheAnalyticSigma_neverBelow_onBothPaths() {
    for (double eps : EPSILONS) {
      for (double delta : DELTAS) {
        for (double sensitivity : SENSITIVITIES) {
          GaussianMechanism m = build(eps, delta, sensitivity);
          double star = GaussianCalibration.continuousSigma(sensitivity, eps, delta);
          String where = "ε=" + eps + ", δ=" + delta + ", Δ=" + sensitivity;
          // Double path: σ_L ≥ 2^19 lattice units, where the discrete Gaussian's sd is σ_L.
          double ratio = m.sigma() / star;
          assertTrue(ratio >= 1 && ratio <= 1.01, where + ": double path sd/σ* = " + ratio);
          double longRatio = integerSd(m) / star;
          double gi = (double) m.guarantee().parameters().get("integerGranularity");
          assertTrue(
              longRatio >= 1 && longRatio <= allowedOnIntegers(star / gi),
              where + ": long path sd/σ* = " + longRatio);
        }
      }
    }
  }

  /**
   * 1% once σ* spans 2.5 integers; below, integer noise needs more (see the next test). Only ε = 5
   * with Δ ≤ 3 of the grid above is in that range.
   */
  private static double allowedOnIntegers(double starInSteps) {
    return starInSteps >= 2.5 ? 1.01 : starInSteps >= 1.5 ? 1.02 : 1.10;
  }

  @Test
  void integerNoise_ofAFewSteps_isNeverBelowTheAnalyticSigma() {
    // With σ* below about 2.5 integers the discrete Gaussian's δ oscillates in σ (as εσ²/S − S/2
    // crosses integers): integer noise then needs up to 1.7% more (σ* ≥ 1.5) or 10% more (below)
    // than σ* to be private. Measured over ε ∈ [0.2, 100], δ ∈ [1e-12, 1e-2], Δ ∈ [1, 100]; the
    // guarantee (never below σ*, and private by the discrete bound) holds everywhere.
    for (double eps = 0.5; eps <= 60; eps *= 1.3) {
      for (double delta : new double[] {1e-2, 1e-3, 1e-6, 1e-9}) {
        for (double sensitivity : new double[] {1, 2, 3, 10}) {
          GaussianMechanism m = build(eps, delta, sensitivity);
          double star = GaussianCalibration.continuousSigma(sensitivity, eps, delta);
          double ratio = integerSd(m) / star;
          double allowed = allowedOnIntegers(star);
          assertTrue(
              ratio >= 1 && ratio <= allowed,
              "ε=" + eps + ", δ=" + delta + ", Δ=" + sensitivity + ": sd/σ* = " + ratio);
        }
      }
    }
  }

  @Test
  void sampledSd_atTheAuditedPoint_isTheAnalyticSigma_onBothPaths() {
    GaussianMechanism m = build(1e-6, 1e-6, 1);
    double star = GaussianCalibration.continuousSigma(1, 1e-6, 1e-6);
    int n = 200_000;
    double sumSq = 0;
    double sumSqLong = 0;
    for (int i = 0; i < n; i++) {
      double y = m.addNoise(0.0) / star;
      double yl = m.addNoise(0L) / star;
      sumSq += y * y;
      sumSqLong += yl * yl;
    }
    // The mean square of n Gaussian draws has relative standard error √(2/n) = 0.32%; 6.5 of them
    // (2.1%, false alarm below 10^−10 per side by Wilson–Hilferty) still separate 1.00 from the
    // old 1.06² = 1.12 and 1.94² = 3.8.
    double tolerance = 6.5 * Math.sqrt(2.0 / n);
    double v = sumSq / n;
    double vl = sumSqLong / n;
    assertTrue(v >= 1 - tolerance && v <= 1.01 * 1.01 + tolerance, "double: var/σ*² = " + v);
    assertTrue(vl >= 1 - tolerance && vl <= 1.01 * 1.01 + tolerance, "long: var/σ*² = " + vl);
  }
}
