package io.privacity.core.accounting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Acceptance: pure Laplace composition. The PLD accountant's ε(δ) for k ≤ 20 Laplace mechanisms is
 * never below the exact value and within 1% of it; the exact profile comes from {@link
 * ExactLaplaceComposition} (exact rational B-splines, 60-digit arithmetic — no code shared with the
 * library). "Never below" is checked on the exact profile itself: δ_exact(ε_PLD) ≤ δ. "Within 1%":
 * δ_exact(ε_PLD/1.01) &gt; δ, i.e. the exact ε exceeds ε_PLD/1.01.
 */
class LaplaceCompositionTest {

  @Test
  void exactReference_oneMechanism_matchesClosedForm() {
    // δ(ε) = 1 − e^{(ε−ε₀)/2} for one Laplace mechanism.
    ExactLaplaceComposition one = new ExactLaplaceComposition(1.0, 1);
    for (double eps : new double[] {0, 0.25, 0.5, 0.9}) {
      assertEquals(-Math.expm1((eps - 1) / 2), one.delta(eps).doubleValue(), 1e-15);
    }
  }

  @Test
  void exactReference_twoMechanisms_matchesDirectIntegration() {
    // Independent of the B-splines: δ for k = 2 by integrating the single loss density against
    // the single profile numerically, δ_2(ε) = E_{L1}[δ_1(ε − L1)] with the atoms handled apart.
    double e0 = 0.7;
    ExactLaplaceComposition two = new ExactLaplaceComposition(e0, 2);
    for (double eps : new double[] {0.1, 0.6, 1.2}) {
      org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator integrator =
          new org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator(
              16, 1e-13, 1e-15);
      // The integrand is smooth between its kinks at l = ε ∓ ε₀: integrate piece by piece.
      double[] cuts = {-e0, Math.max(-e0, Math.min(e0, eps - e0)), Math.min(e0, eps + e0), e0};
      double cont = 0;
      for (int i = 0; i + 1 < cuts.length; i++) {
        if (cuts[i + 1] > cuts[i]) {
          cont +=
              integrator.integrate(
                  100000,
                  l -> 0.25 * Math.exp((l - e0) / 2) * singleDelta(e0, eps - l, l),
                  cuts[i],
                  cuts[i + 1]);
        }
      }
      double atoms =
          0.5 * singleDelta(e0, eps - e0, e0)
              + 0.5 * Math.exp(-e0) * singleDelta(e0, eps + e0, -e0);
      assertEquals(cont + atoms, two.delta(eps).doubleValue(), 1e-11);
    }
  }

  /**
   * E over the second mechanism of (1 − e^{ε − l − L2})₊ given the first loss l: the single profile
   * at ε − l, which for composition must be weighted as δ₁(ε − l) — valid for any real argument
   * through the closed form (1 − e^{x} for x ≤ −ε₀).
   */
  private static double singleDelta(double e0, double x, double l) {
    if (x >= e0) {
      return 0;
    }
    if (x <= -e0) {
      return -Math.expm1(x);
    }
    return -Math.expm1((x - e0) / 2);
  }

  @ParameterizedTest(name = "b/Δ={0}, k={1}, δ={2}")
  @CsvSource({
    "1, 1, 1e-6", "1, 2, 1e-6", "1, 3, 1e-6", "1, 5, 1e-6", "1, 10, 1e-6", "1, 20, 1e-6",
    "1, 20, 1e-3", "4, 10, 1e-6", "4, 20, 1e-6", "10, 20, 1e-6", "10, 20, 1e-3", "0.5, 7, 1e-5"
  })
  void pld_laplaceComposition_neverBelowAndWithinOnePercentOfExact(double x, int k, double delta) {
    double pld =
        new PldEvaluator()
            .evaluate(List.of(Curves.of(PrivacyLoss.laplace(x))), new long[] {k})
            .epsilon(delta);
    ExactLaplaceComposition exact = new ExactLaplaceComposition(1 / x, k);
    BigDecimal target = new BigDecimal(delta);
    assertTrue(
        exact.delta(pld).compareTo(target) <= 0,
        () -> "PLD ε " + pld + " is below the exact ε: exact δ there " + exact.delta(pld));
    assertTrue(
        exact.delta(pld / 1.01).compareTo(target) > 0,
        () -> "PLD ε " + pld + " is more than 1% above the exact ε");
  }
}
