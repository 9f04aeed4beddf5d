package io.privacity.dp.internal;

import io.privacity.core.internal.Checks;
import org.apache.commons.math3.special.Erf;

/**
 * Calibration of Gaussian noise for (ε, δ)-DP, continuous and discrete.
 *
 * <ul>
 *   <li>Continuous: the analytic Gaussian mechanism of Balle and Wang (ICML 2018): the exact
 *       privacy profile δ(σ) = Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ), searched for the smallest
 *       σ.
 *   <li>Discrete: the same profile for the discrete Gaussian N_Z(0, σ²) and an integer sensitivity
 *       Δ (Canonne, Kamath, Steinke 2020, Theorem 7): δ = P[Y &gt; εσ²/Δ − Δ/2] − e^ε·P[Y &gt;
 *       εσ²/Δ + Δ/2]. {@link #discreteDeltaUpper} returns a rigorous <em>upper</em> bound on it: by
 *       exact summation for σ ≤ 256, else by sum–integral bounds (for a decreasing f, ∫_{m}^∞ f ≤
 *       Σ_{y≥m} f(y) ≤ ∫_{m−1}^∞ f) and the Poisson-summation bounds √(2π)σ ≤ Σ_y e^{−y²/(2σ²)} ≤
 *       √(2π)σ·(1 + 10^−8) for σ ≥ 1. Relative margins of 10^−10 absorb the error of Φ
 *       (commons-math {@code Erf.erfc}, accurate to about 10^−15) and of {@code Math.exp}.
 * </ul>
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class GaussianCalibration {
  private static final double SQRT2 = Math.sqrt(2);
  private static final double MARGIN = 1e-10;

  private GaussianCalibration() {}

  /** Upper tail of N(0, 1): 1 − Φ(x). */
  static double upperTail(double x) {
    return 0.5 * Erf.erfc(x / SQRT2);
  }

  /**
   * δ of the continuous Gaussian mechanism (Balle and Wang 2018, Theorem 8).
   *
   * @param sigma σ
   * @param sensitivity Δ (L2)
   * @param epsilon ε
   * @return δ(ε)
   */
  public static double continuousDelta(double sigma, double sensitivity, double epsilon) {
    double a = epsilon * sigma / sensitivity;
    double b = sensitivity / (2 * sigma);
    return upperTail(a - b) - Math.exp(epsilon) * upperTail(a + b);
  }

  /**
   * The smallest σ (to relative precision 10^−12) with continuousDelta(σ) ≤ δ.
   *
   * @param sensitivity Δ, finite and &gt; 0
   * @param epsilon ε, finite and &gt; 0
   * @param delta δ, in (0, 1)
   * @return σ
   */
  public static double continuousSigma(double sensitivity, double epsilon, double delta) {
    return search(s -> continuousDelta(s, sensitivity, epsilon) <= delta, sensitivity);
  }

  /**
   * A rigorous upper bound on δ(ε) of the discrete Gaussian N_Z(0, σ²) with integer sensitivity.
   *
   * @param sigma σ, &gt;= 1e-3
   * @param sensitivity Δ, a positive integer
   * @param epsilon ε
   * @return an upper bound on δ
   */
  public static double discreteDeltaUpper(double sigma, long sensitivity, double epsilon) {
    double sigmaSq = sigma * sigma;
    double a = epsilon * sigmaSq / sensitivity - sensitivity / 2.0;
    double b = epsilon * sigmaSq / sensitivity + sensitivity / 2.0;
    double expEps = Math.exp(epsilon) * (1 - MARGIN);
    double pA;
    double pB;
    if (sigma <= 256) {
      int half = (int) Math.ceil(40 * sigma) + 2;
      double total = 0;
      double tailA = 0;
      double tailB = 0;
      for (int y = -half; y <= half; y++) {
        double f = Math.exp(-(double) y * y / (2 * sigmaSq));
        total += f;
        if (y > a) {
          tailA += f;
        }
        if (y > b) {
          tailB += f;
        }
      }
      // total is a lower bound of the normaliser (its missing tail is below e^-800 relative).
      pA = (tailA * (1 + MARGIN) + Double.MIN_NORMAL) / (total * (1 - MARGIN));
      pB = tailB * (1 - MARGIN) / (total * (1 + MARGIN));
    } else {
      double yA = Math.floor(a) + 1;
      double yB = Math.floor(b) + 1;
      pA = yA >= 1 ? upperTail((yA - 1) / sigma) * (1 + MARGIN) : 1;
      pB = upperTail(yB / sigma) * (1 - MARGIN) / (1 + 1e-8);
    }
    return Math.max(0, pA - expEps * pB) + MARGIN * pA;
  }

  /**
   * The smallest σ (to relative precision 10^−12) with discreteDeltaUpper(σ) ≤ δ.
   *
   * @param sensitivity Δ, a positive integer
   * @param epsilon ε, finite and &gt; 0
   * @param delta δ, in (0, 1)
   * @return σ
   */
  public static double discreteSigma(long sensitivity, double epsilon, double delta) {
    Checks.positive("sensitivity", sensitivity);
    return search(s -> discreteDeltaUpper(s, sensitivity, epsilon) <= delta, sensitivity);
  }

  private static double search(java.util.function.DoublePredicate ok, double start) {
    double hi = Math.max(start, 1e-3);
    int guard = 0;
    while (!ok.test(hi)) {
      hi *= 2;
      Checks.state(++guard < 2000, "no sigma satisfies the requested (epsilon, delta)");
    }
    double lo = hi / 2;
    while (ok.test(lo) && lo > 1e-300) {
      hi = lo;
      lo /= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (ok.test(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }
}
