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
 *       exact summation for σ ≤ 256; else as δ·N = W − (e^ε − 1)·T with the window W = Σ_{c ≤ y
 *       &lt; c+Δ} f(y) (c the first integer above εσ²/Δ − Δ/2) summed term by term (or, beyond 4096
 *       terms, bounded by an integral plus its largest term) and the tail T = Σ_{y ≥ c+Δ} f(y)
 *       bounded from below by 4096 summed terms and an integral, and the Poisson-summation bounds
 *       on N = Σ_y e^{−y²/(2σ²)}. Relative margins (10^−10 for σ ≤ 256, 10^−11 above) absorb the
 *       error of Φ (commons-math {@code Erf.erfc}) and of {@code Math.exp}; a slack covers the
 *       floating-point error of the cut-off c.
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
    double cutoff = cutoffSlack(sigmaSq, sensitivity, epsilon);
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
      double pA = (tailA * (1 + MARGIN) + Double.MIN_NORMAL) / (total * (1 - MARGIN));
      double pB = tailB * (1 - MARGIN) / (total * (1 + MARGIN));
      return Math.max(0, pA - expEps * pB) + MARGIN * pA + cutoff / (total * (1 - MARGIN));
    }
    return windowDeltaUpper(sigma, sensitivity, epsilon, a) + cutoff / normaliserLower(sigma);
  }

  /** Windows up to this many terms are summed; wider ones are bounded by an integral. */
  static final int WINDOW_TERMS = 4096;

  /** Terms of the subtracted tail summed exactly before its integral bound takes over. */
  private static final int TAIL_TERMS = 4096;

  /**
   * Relative error bound of the Φ̄ (erfc) and {@code Math.exp} evaluations for σ &gt; 256: both err
   * by a few ulps of their argument's exponent (at most 800 here), about 2·10^−13 relative; the
   * margin 10^−11 is fifty times that, and tighter than {@link #MARGIN}, which would otherwise
   * dominate when δ is far below the probabilities it is the difference of.
   */
  private static final double TIGHT = 1e-11;

  /**
   * √(2π)σ(1 − 10^−11) ≤ N = Σ_y e^{−y²/2σ²} for σ &gt; 256: Poisson summation gives N = √(2π)σ·(1
   * + 2Σ_k e^{−2π²σ²k²}), whose excess is below e^{−10^6}.
   */
  private static double normaliserLower(double sigma) {
    return Math.sqrt(2 * Math.PI) * sigma * (1 - TIGHT);
  }

  private static double normaliserUpper(double sigma) {
    return Math.sqrt(2 * Math.PI) * sigma * (1 + TIGHT);
  }

  /**
   * δ·N = Σ_{y ≥ c} (f(y) − e^ε f(y + S)) with c the first integer above a = εσ²/S − S/2 (exactly
   * the y whose term is positive), regrouped without cancellation-prone differences of tails: the
   * window W = Σ_{c ≤ y &lt; c+S} f(y) minus (e^ε − 1)·T, T = Σ_{y ≥ c+S} f(y). W is summed when S
   * ≤ {@value #WINDOW_TERMS}, else bounded by ∫_c^{c+S−1} f + max f (f is unimodal); T is bounded
   * from below by its first terms (summed) and the integral of the rest (f decreases there). The
   * former bound, Σ_{y ≥ c} f ≤ ∫_{c−1}^∞ f and Σ_{y ≥ c+S} f ≥ ∫_{c+S}^∞ f, lost two terms of the
   * window — doubling δ at S = 1 — and all of it for a &lt; 0 (σ inflated up to 1.9×, issue 16).
   */
  private static double windowDeltaUpper(double sigma, long sensitivity, double epsilon, double a) {
    double twoSigmaSq = 2 * sigma * sigma;
    long c = (long) Math.floor(a) + 1;
    long last = c + sensitivity - 1;
    double window;
    if (sensitivity <= WINDOW_TERMS) {
      window = 0;
      for (long y = c; y <= last; y++) {
        window += Math.exp(-(double) y * y / twoSigmaSq);
      }
      window *= 1 + TIGHT;
    } else {
      long mode = Math.max(c, Math.min(0, last));
      double max = Math.exp(-(double) mode * mode / twoSigmaSq);
      window = Math.sqrt(2 * Math.PI) * sigma * centralMassUpper(c / sigma, last / sigma) + max;
    }
    long t0 = last + 1; // ≥ 1: b = a + S > 0
    double first = Math.exp(-(double) t0 * t0 / twoSigmaSq);
    double tail = 0;
    long y = t0;
    for (int i = 0; i < TAIL_TERMS; i++, y++) {
      double f = Math.exp(-(double) y * y / twoSigmaSq);
      tail += f;
      if (f < first * 0x1p-60) {
        y++;
        break;
      }
    }
    // Σ_{j ≥ y} f(j) ≥ ∫_y^∞ f (f decreases), plus f(y)/2 where f is also convex (y ≥ σ): the
    // trapezoid rule overestimates the integral of a convex function.
    double rest = Math.sqrt(2 * Math.PI) * sigma * upperTail(y / sigma);
    if (y >= sigma) {
      rest += 0.5 * Math.exp(-(double) y * y / twoSigmaSq);
    }
    double tLower = (tail + rest) * (1 - TIGHT);
    double expm1 = Math.expm1(epsilon) * (1 - TIGHT);
    double delta = window / normaliserLower(sigma) - expm1 * tLower / normaliserUpper(sigma);
    return Math.max(0, delta) + TIGHT * window / normaliserLower(sigma) + Double.MIN_NORMAL;
  }

  /** An upper bound on Φ(v) − Φ(u), u ≤ v, from whichever tails avoid cancellation. */
  private static double centralMassUpper(double u, double v) {
    double mass;
    double scale;
    if (u >= 0) {
      mass = upperTail(u) - upperTail(v);
      scale = upperTail(u);
    } else if (v <= 0) {
      mass = upperTail(-v) - upperTail(-u);
      scale = upperTail(-v);
    } else {
      mass = 1 - upperTail(-u) - upperTail(v);
      scale = 1;
    }
    return Math.max(0, mass) + 4 * TIGHT * scale;
  }

  /**
   * What a misplaced cutoff can cost: a is computed in floating point with error at most E, so the
   * computed first positive term may differ from the true one by terms y with |y − a| ≤ E, each of
   * magnitude f(y)·|1 − e^{−(y−a)S/σ²}| ≤ 2E·S/σ² (for E·S/σ² ≤ 1/2), at most 2E + 1 of them.
   */
  private static double cutoffSlack(double sigmaSq, long sensitivity, double epsilon) {
    double err = 0x1p-49 * (epsilon * sigmaSq / sensitivity + sensitivity) + 0x1p-60;
    double perTerm = 2 * err * sensitivity / sigmaSq;
    if (!(err * sensitivity / sigmaSq <= 0.5)) {
      return Double.POSITIVE_INFINITY;
    }
    return (2 * err + 1) * perTerm;
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
