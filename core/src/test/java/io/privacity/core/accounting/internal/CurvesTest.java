package io.privacity.core.accounting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The privacy curves: normal tails against commons-math; each mechanism's profile against its
 * masses and against brute-force sums over its outputs; Rényi curves against direct evaluation.
 */
class CurvesTest {
  private static final double[] EPSILONS = {-2, -0.7, -0.1, 0, 0.05, 0.3, 1, 2.5, 6};

  @Test
  void normalTails_matchCommonsMath() {
    for (double x = -6; x <= 26; x += 0.173) {
      double ours = NormalTails.erfc(x);
      double ref = Erf.erfc(x);
      assertEquals(ref, ours, 2e-13 * ref, "erfc(" + x + ")");
    }
    for (double z = -5; z <= 37; z += 0.31) {
      double ref = Math.log(0.5 * Erf.erfc(z / Math.sqrt(2)));
      assertEquals(ref, NormalTails.logUpperTail(z), 1e-12 * Math.max(1, Math.abs(ref)));
    }
    // Beyond the range of erfc: the log keeps its leading terms −z²/2 − ln(z√(2π)).
    double z = 60;
    double lead = -z * z / 2 - Math.log(z * Math.sqrt(2 * Math.PI));
    assertEquals(lead, NormalTails.logUpperTail(z), 1e-3);
    assertEquals(
        Math.log(NormalTails.upperTail(3) - NormalTails.upperTail(4)),
        NormalTails.logMass(3, 4),
        1e-12);
    assertEquals(0, NormalTails.mass(2, 1));
  }

  static Stream<PrivacyLoss> withMasses() {
    return Stream.of(
        PrivacyLoss.gaussian(0.7),
        PrivacyLoss.gaussian(3),
        PrivacyLoss.laplace(0.8),
        PrivacyLoss.randomizedResponse(0.8),
        PrivacyLoss.randomizedResponse(0.4, 5),
        PrivacyLoss.pure(1.2),
        PrivacyLoss.approximate(0.9, 1e-3),
        PrivacyLoss.discreteLaplace(2.5, 1),
        PrivacyLoss.discreteLaplace(2.5, 3),
        PrivacyLoss.discreteLaplace(1e6, 1L << 20),
        PrivacyLoss.discreteGaussian(0.7, 1),
        PrivacyLoss.discreteGaussian(5, 3),
        PrivacyLoss.discreteGaussian(5000, 1200),
        PrivacyLoss.subsampled(PrivacyLoss.gaussian(1.1), 0.05),
        PrivacyLoss.subsampled(PrivacyLoss.laplace(0.5), 0.2),
        PrivacyLoss.subsampled(PrivacyLoss.approximate(1, 1e-4), 0.3),
        PrivacyLoss.subsampled(PrivacyLoss.discreteLaplace(2, 2), 0.1));
  }

  @ParameterizedTest
  @MethodSource("withMasses")
  void profile_agreesWithMasses_bothDirections(PrivacyLoss loss) {
    Curve c = Curves.of(loss);
    for (PairView v : List.of(c.remove(), c.add())) {
      assertTrue(v.hasMasses());
      double total = v.massP(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY) + v.infinityMass();
      assertEquals(1, total, 1e-12, "total P-mass of " + loss);
      for (double eps : EPSILONS) {
        double fromMasses =
            v.infinityMass()
                + v.massP(eps, Double.POSITIVE_INFINITY)
                - v.scaledMassQ(eps, Double.POSITIVE_INFINITY, eps);
        double d = v.delta(eps);
        assertEquals(fromMasses, d, 1e-10 * Math.max(d, 1e-6), loss + " at ε = " + eps);
      }
      // Cells partition the line.
      double sum = v.massP(Double.NEGATIVE_INFINITY, -1);
      for (double u = -1; u < 8; u += 0.37) {
        sum += v.massP(u, u + 0.37);
      }
      sum += v.massP(-1 + 0.37 * Math.ceil(9 / 0.37), Double.POSITIVE_INFINITY);
      assertEquals(1 - v.infinityMass(), sum, 1e-10, "cells of " + loss);
    }
  }

  @Test
  void discreteLaplace_profileAndRenyi_matchBruteForceSums() {
    double t = 1.7;
    int sens = 3;
    Curve c = Curves.of(PrivacyLoss.discreteLaplace(t, sens));
    double a = Math.exp(-1 / t);
    double norm = (1 - a) / (1 + a);
    for (double eps : EPSILONS) {
      double d = 0;
      for (int y = -200; y <= 200; y++) {
        double p = norm * Math.pow(a, Math.abs(y));
        double q = norm * Math.pow(a, Math.abs(y - sens));
        d += Math.max(0, p - Math.exp(eps) * q);
      }
      assertEquals(d, c.delta(eps), 1e-12, "ε = " + eps);
    }
    for (double alpha : new double[] {1.5, 2, 7, 40}) {
      double s = 0;
      for (int y = -400; y <= 400; y++) {
        // ln P(y) = ln c − |y|/t: summed in log space (the powers underflow).
        double logP = Math.log(norm) - Math.abs(y) / t;
        double logQ = Math.log(norm) - Math.abs(y - sens) / t;
        s += Math.exp(alpha * logP + (1 - alpha) * logQ);
      }
      assertEquals(Math.log(s) / (alpha - 1), c.rdp(alpha), 1e-10, "α = " + alpha);
    }
  }

  @Test
  void discreteGaussian_profile_matchesBruteForce_inBothSummationModes() {
    for (double[] p : new double[][] {{0.7, 1}, {5, 3}, {4000, 1500}}) {
      double sigma = p[0];
      long sens = (long) p[1];
      Curve c = Curves.of(PrivacyLoss.discreteGaussian(sigma, sens));
      int w = (int) Math.ceil(40 * sigma) + 2;
      double norm = 0;
      for (int y = -w; y <= w; y++) {
        norm += Math.exp(-(double) y * y / (2 * sigma * sigma));
      }
      for (double eps : new double[] {0, 0.1, 0.4, 1.5}) {
        double d = 0;
        for (int y = -w; y <= w + (int) sens; y++) {
          double py = Math.exp(-(double) y * y / (2 * sigma * sigma)) / norm;
          double qy = Math.exp(-(double) (y - sens) * (y - sens) / (2 * sigma * sigma)) / norm;
          d += Math.max(0, py - Math.exp(eps) * qy);
        }
        assertEquals(d, c.delta(eps), 1e-10 * Math.max(d, 1e-4), "σ=" + sigma + " ε=" + eps);
      }
    }
  }

  @Test
  void randomizedResponse_profileAndRenyi_matchDirectSums() {
    double p = 0.45;
    int k = 6;
    double r = (1 - p) / (k - 1);
    Curve c = Curves.of(PrivacyLoss.randomizedResponse(p, k));
    for (double eps : EPSILONS) {
      double d =
          Math.max(0, p - Math.exp(eps) * r)
              + Math.max(0, r - Math.exp(eps) * p)
              + (k - 2) * Math.max(0, r - Math.exp(eps) * r);
      assertEquals(d, c.delta(eps), 1e-14);
    }
    for (double alpha : new double[] {1.2, 2, 9}) {
      double s =
          Math.pow(p, alpha) * Math.pow(r, 1 - alpha)
              + Math.pow(r, alpha) * Math.pow(p, 1 - alpha)
              + (k - 2) * r;
      assertEquals(Math.log(s) / (alpha - 1), c.rdp(alpha), 1e-12);
    }
    assertEquals(Math.log(p / r), c.pureEpsilon(), 1e-12);
  }

  @Test
  void laplace_renyi_matchesIntegration() {
    double b = 0.6;
    Curve c = Curves.of(PrivacyLoss.laplace(b));
    IterativeLegendreGaussIntegrator integrator =
        new IterativeLegendreGaussIntegrator(24, 1e-13, 1e-300);
    for (double alpha : new double[] {1.1, 2, 5, 30}) {
      double s = 0;
      double[] cuts = {-60, 0, 1, 61};
      for (int i = 0; i < 3; i++) {
        s +=
            integrator.integrate(
                1_000_000,
                y ->
                    Math.exp(alpha * (-Math.abs(y) / b) + (1 - alpha) * (-Math.abs(y - 1) / b))
                        / (2 * b),
                cuts[i],
                cuts[i + 1]);
      }
      assertEquals(Math.log(s) / (alpha - 1), c.rdp(alpha), 1e-9, "α = " + alpha);
    }
  }

  @Test
  void pureRenyi_isTheRandomizedResponseCurve_andBelowBothClassicalBounds() {
    for (double eps : new double[] {1e-4, 0.01, 0.5, 3}) {
      Curve pure = Curves.of(PrivacyLoss.pure(eps));
      for (double alpha : new double[] {1.01, 2, 10, 1000}) {
        double rdp = pure.rdp(alpha);
        assertTrue(rdp <= eps && rdp <= alpha * eps * eps / 2 * (1 + 1e-12));
        double p = 1 / (1 + Math.exp(-eps));
        double direct =
            Math.log(
                    Math.pow(p, alpha) * Math.pow(1 - p, 1 - alpha)
                        + Math.pow(1 - p, alpha) * Math.pow(p, 1 - alpha))
                / (alpha - 1);
        // The direct formula itself errs by a few ulps of numbers near 1, divided by α − 1.
        double slack = 1e-15 / (alpha - 1);
        if (Double.isFinite(direct)) {
          assertTrue(rdp >= direct * (1 - 1e-9) - slack, "never below the exact curve");
        }
      }
    }
  }

  @Test
  void zcdpProfile_dominatesTheGaussianWithTheSameRho() {
    for (double x : new double[] {0.5, 1, 4}) {
      Curve gauss = Curves.of(PrivacyLoss.gaussian(x));
      Curve zcdp = Curves.of(PrivacyLoss.zcdp(1 / (2 * x * x)));
      for (double eps : EPSILONS) {
        assertTrue(zcdp.delta(eps) >= gauss.delta(eps) - 1e-15, "x=" + x + " ε=" + eps);
      }
      assertFalse(zcdp.remove().hasMasses());
    }
  }

  @Test
  void withoutReplacement_profileIsTheAmplifiedInnerProfile() {
    Curve inner = Curves.of(PrivacyLoss.gaussian(1.2));
    Curve wor =
        Curves.of(PrivacyLoss.subsampledWithoutReplacement(PrivacyLoss.gaussian(1.2), 100, 1000));
    for (double eps : new double[] {0, 0.2, 1}) {
      double expected = 0.1 * inner.delta(Math.log1p(Math.expm1(eps) / 0.1));
      assertEquals(expected, wor.delta(eps), 1e-15);
    }
    // ε < 0 through H_γ(P‖Q) = 1 − γ + γ·H_{1/γ}(Q‖P).
    assertEquals(-Math.expm1(-0.3) + Math.exp(-0.3) * wor.delta(0.3), wor.delta(-0.3), 1e-15);
  }

  @Test
  void epsilonAtDelta_isTheProfileInverse_roundedUp() {
    Curve c = Curves.of(PrivacyLoss.subsampled(PrivacyLoss.gaussian(1), 0.01));
    double eps = c.epsilon(1e-6);
    assertTrue(c.delta(eps) <= 1e-6);
    assertTrue(c.delta(eps * (1 - 1e-9)) > 1e-6 * (1 - 1e-6));
    assertEquals(0, Curves.of(PrivacyLoss.gaussian(50)).epsilon(0.5));
  }

  @Test
  void amplifiedEpsilon_isStableForLargeEpsilon() {
    assertEquals(Math.log1p(0.1 * Math.expm1(0.3)), Curves.amplifiedEpsilon(0.3, 0.1), 1e-15);
    assertEquals(800 + Math.log(0.01), Curves.amplifiedEpsilon(800, 0.01), 1e-9);
  }
}
