package io.privacity.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivacyLossTest {

  private static void assertMessage(IllegalArgumentException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks " + part);
    }
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, -1.0})
  void pure_badEpsilon_throws(double epsilon) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.pure(epsilon));
    assertMessage(e, "epsilon", "finite and > 0", "got " + epsilon);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -1.0})
  void approximate_badEpsilon_throws(double epsilon) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.approximate(epsilon, 1e-6));
    assertMessage(e, "epsilon", "finite and > 0", "got " + epsilon);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e-9, 1.0, 1.5})
  void approximate_badDelta_throws(double delta) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.approximate(1.0, delta));
    assertMessage(e, "delta", "[0, 1)", "got " + delta);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -2.0})
  void zcdp_badRho_throws(double rho) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.zcdp(rho));
    assertMessage(e, "rho", "finite and > 0", "got " + rho);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        0.0,
        1.0,
        -0.5,
        2.0
      })
  void toApproximate_badDelta_throws(double delta) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PrivacyLoss.zcdp(0.5).toApproximate(delta));
    assertMessage(e, "delta", "(0, 1)", "got " + delta);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, 1.0, -0.5})
  void zcdpToEpsilon_badDelta_throws(double delta) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.zcdpToEpsilon(0.5, delta));
    assertMessage(e, "delta", "(0, 1)", "got " + delta);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> PrivacyLoss.zcdpToEpsilonBunSteinke(0.5, delta));
    assertMessage(e, "delta", "(0, 1)", "got " + delta);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.5})
  void zcdpToEpsilon_badRho_throws(double rho) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.zcdpToEpsilon(rho, 1e-6));
    assertMessage(e, "rho", "finite and > 0", "got " + rho);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> PrivacyLoss.zcdpToEpsilonBunSteinke(rho, 1e-6));
    assertMessage(e, "rho", "finite and > 0", "got " + rho);
  }

  @Test
  void isAtMost_null_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.pure(1).isAtMost(null));
    assertMessage(e, "other", "must not be null");
  }

  @Test
  void approximate_zeroDelta_isPure() {
    assertEquals(PrivacyLoss.pure(0.5), PrivacyLoss.approximate(0.5, 0));
    assertTrue(PrivacyLoss.approximate(0.5, 0).isPure());
    assertEquals(PrivacyLoss.Kind.APPROXIMATE, PrivacyLoss.approximate(0.5, 1e-9).kind());
  }

  @Test
  void zcdp_hasNoEpsilonOrDelta() {
    PrivacyLoss z = PrivacyLoss.zcdp(0.5);
    assertThrows(IllegalStateException.class, z::epsilon);
    assertThrows(IllegalStateException.class, z::delta);
    assertEquals(0.5, z.rho());
    assertSame(z, z.toZcdp());
  }

  @Test
  void approximate_hasNoRho() {
    PrivacyLoss a = PrivacyLoss.approximate(1, 1e-6);
    assertThrows(IllegalStateException.class, a::rho);
    assertThrows(IllegalStateException.class, a::toZcdp);
    assertSame(a, a.toApproximate(1e-3));
  }

  @Test
  void pure_rhoIsHalfEpsilonSquaredRoundedUp() {
    double rho = PrivacyLoss.pure(0.3).rho();
    assertTrue(rho >= 0.3 * 0.3 / 2);
    assertTrue(rho <= Math.nextUp(Math.nextUp(0.3 * 0.3 / 2)));
    assertEquals(PrivacyLoss.zcdp(rho), PrivacyLoss.pure(0.3).toZcdp());
    assertEquals(0, PrivacyLoss.NONE.rho());
    assertThrows(IllegalStateException.class, PrivacyLoss.NONE::toZcdp);
  }

  @Test
  void toApproximate_convertsZcdpAtDelta() {
    PrivacyLoss a = PrivacyLoss.zcdp(0.5).toApproximate(1e-6);
    assertEquals(1e-6, a.delta());
    assertEquals(PrivacyLoss.zcdpToEpsilon(0.5, 1e-6), a.epsilon());
  }

  /**
   * ρ = 0.5, δ = 1e-6: Bun–Steinke gives 0.5 + 2·sqrt(0.5·ln 1e6) = 5.7565; the CKS bound is
   * tighter (≈ 5.22); the Gaussian mechanism with σ = 1 (which is 0.5-zCDP) has an exact ε ≈ 4.88
   * at this δ, a lower bound for any valid conversion.
   */
  @Test
  void zcdpToEpsilon_knownValue_betweenGaussianAndBunSteinke() {
    double bs = 0.5 + 2 * Math.sqrt(0.5 * Math.log(1e6));
    double eps = PrivacyLoss.zcdpToEpsilon(0.5, 1e-6);
    assertTrue(eps <= bs * (1 + 1e-12), () -> eps + " > BS " + bs);
    assertTrue(eps < 5.3 && eps > 5.1, () -> "CKS should give about 5.22, got " + eps);
    NormalDistribution normal = new NormalDistribution(0, 1);
    // Δ = 1, σ = 1: δ(ε) = Φ(1/2 − ε) − e^ε Φ(−1/2 − ε).
    double gaussianDelta =
        normal.cumulativeProbability(0.5 - eps)
            - Math.exp(eps) * normal.cumulativeProbability(-0.5 - eps);
    assertTrue(gaussianDelta <= 1e-6, () -> "Gaussian δ at reported ε is " + gaussianDelta);
  }

  @Test
  void isAtMost_comparesComponents() {
    assertTrue(PrivacyLoss.pure(0.5).isAtMost(PrivacyLoss.approximate(1, 1e-6)));
    assertTrue(!PrivacyLoss.approximate(0.5, 1e-5).isAtMost(PrivacyLoss.approximate(1, 1e-6)));
    assertTrue(PrivacyLoss.zcdp(0.1).isAtMost(PrivacyLoss.zcdp(0.2)));
    assertTrue(!PrivacyLoss.zcdp(0.1).isAtMost(PrivacyLoss.pure(5)));
  }

  @Test
  void equalsHashCodeToString() {
    assertEquals(PrivacyLoss.pure(1), PrivacyLoss.pure(1));
    assertEquals(PrivacyLoss.pure(1).hashCode(), PrivacyLoss.pure(1).hashCode());
    assertNotEquals(PrivacyLoss.pure(1), PrivacyLoss.pure(2));
    assertNotEquals(PrivacyLoss.pure(1), PrivacyLoss.approximate(1, 1e-9));
    assertNotEquals(PrivacyLoss.zcdp(1), PrivacyLoss.pure(1));
    assertNotEquals(PrivacyLoss.pure(1), "(ε=1.0)-DP");
    assertEquals("(ε=1.0)-DP", PrivacyLoss.pure(1).toString());
    assertEquals("(ε=1.0, δ=1.0E-6)-DP", PrivacyLoss.approximate(1, 1e-6).toString());
    assertEquals("(ρ=0.5)-zCDP", PrivacyLoss.zcdp(0.5).toString());
  }
}
