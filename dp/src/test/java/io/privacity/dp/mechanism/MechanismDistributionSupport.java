package io.privacity.dp.mechanism;

import java.util.function.LongToDoubleFunction;
import org.apache.commons.math3.special.Erf;

/** Exact or near-exact reference CDFs for the mechanism distribution tests. */
final class MechanismDistributionSupport {
  private MechanismDistributionSupport() {}

  /**
   * CDF of N_Z(0, σ²) for large σ (≥ 2^20): P(Y ≤ z) = Φ((z + ½)/σ) up to a relative error of order
   * σ^−2 (Euler–Maclaurin with the midpoint rule; the normaliser is √(2π)σ up to e^{−2π²σ²}) —
   * 10^−12 here, far below what 10^6 samples resolve.
   */
  static LongToDoubleFunction largeSigmaGaussianCdf(double sigma) {
    return z -> 0.5 * Erf.erfc(-(z + 0.5) / (sigma * Math.sqrt(2)));
  }
}
