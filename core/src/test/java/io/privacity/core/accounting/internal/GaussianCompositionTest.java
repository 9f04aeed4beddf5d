package io.privacity.core.accounting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.Composition;
import io.privacity.core.accounting.PrivacyAccountant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Acceptance: exactness where closed forms exist. k Gaussian mechanisms with noise multiplier σ
 * compose to one with σ/√k; the PLD accountant's ε at δ = 10^−6 is never below and within 1% of the
 * analytic value of Balle and Wang for σ/√k ({@link AnalyticGaussian}, commons-math tails); the RDP
 * accountant's ε is never below it and within the known Rényi slack: at most the
 * Canonne–Kamath–Steinke conversion of ρ = k/(2σ²) minimised over every real order (the grid of
 * orders costs at most 1% on top).
 */
class GaussianCompositionTest {
  private static final double DELTA = 1e-6;

  private static PrivacyAccountant accountant(Composition c) {
    return PrivacyAccountant.builder()
        .budget(PrivacyLoss.approximate(1e9, DELTA))
        .composition(c)
        .build();
  }

  private static double spent(Composition c, PrivacyLoss loss, int k) {
    PrivacyAccountant a = accountant(c);
    for (int i = 0; i < k; i++) {
      a.charge("release " + i, loss);
    }
    return a.spent().epsilon();
  }

  @ParameterizedTest(name = "σ={0}, k={1}")
  @CsvSource({
    "0.5, 1", "0.5, 10", "0.5, 100", "0.5, 1000",
    "1, 1", "1, 10", "1, 100", "1, 1000",
    "4, 1", "4, 10", "4, 100", "4, 1000"
  })
  void kFoldGaussian_matchesOneGaussianWithSigmaOverRootK(double sigma, int k) {
    double mu = Math.sqrt(k) / sigma;
    double exact = AnalyticGaussian.epsilon(mu, DELTA);

    double pld = spent(Composition.pld(DELTA), PrivacyLoss.gaussian(sigma), k);
    double pldRaw =
        new PldEvaluator()
            .evaluate(List.of(Curves.of(PrivacyLoss.gaussian(sigma))), new long[] {k})
            .epsilon(DELTA);
    for (double v : new double[] {pld, pldRaw}) {
      assertTrue(v >= exact, () -> "PLD ε " + v + " below the analytic " + exact);
      assertTrue(v <= exact * 1.01, () -> "PLD ε " + v + " more than 1% above " + exact);
    }

    double rdp = spent(Composition.rdp(DELTA), PrivacyLoss.gaussian(sigma), k);
    double cks = PrivacyLoss.zcdpToEpsilon(k / (2 * sigma * sigma), DELTA);
    assertTrue(rdp >= exact, () -> "RDP ε " + rdp + " below the analytic " + exact);
    assertTrue(rdp <= cks * 1.01, () -> "RDP ε " + rdp + " beyond the CKS conversion " + cks);

    // Exactness of the composition itself: one mechanism with σ/√k gives the same numbers.
    PrivacyLoss one = PrivacyLoss.gaussian(sigma / Math.sqrt(k));
    assertEquals(rdp, spent(Composition.rdp(DELTA), one, 1), 1e-9 * rdp);
    assertEquals(pld, spent(Composition.pld(DELTA), one, 1), 2e-3 * pld);
    assertEquals(exact, one.toApproximate(DELTA).epsilon(), 1e-9 * exact);
  }
}
