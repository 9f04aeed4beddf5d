package io.privacity.core.accounting.internal;

/**
 * ρ-zCDP to (ε, δ)-DP: the smaller of the Bun–Steinke bound ρ + 2·sqrt(ρ·ln(1/δ)) (Bun and Steinke
 * 2016, Proposition 1.3) and the Canonne–Kamath–Steinke bound (2020, Corollary 13) minimised over
 * the Rényi order, every evaluated bound rounded up by more than its floating-point error. Behind
 * {@link io.privacity.core.PrivacyLoss#zcdpToEpsilon}; derivation in {@code
 * docs/proofs/accounting.md}.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class ZcdpConversion {
  private ZcdpConversion() {}

  /** Relative rounding-up margin; far above the few ulps of error of one bound's evaluation. */
  private static final double ROUNDING_MARGIN = 1e-13;

  /**
   * The tighter of the Bun–Steinke and CKS bounds, for validated ρ and δ.
   *
   * @param rho ρ &gt; 0
   * @param delta δ in (0, 1)
   * @return ε, never below the exact value of a valid bound
   */
  public static double epsilon(double rho, double delta) {
    double logInvDelta = -Math.log(delta);
    double best = bunSteinkeLog(rho, logInvDelta);
    // Search t = ln(α − 1) around the Bun–Steinke optimum t0 = ln(sqrt(ln(1/δ)/ρ)): the CKS bound
    // is smooth and unimodal in t there. Whatever the search finds is valid, only its tightness
    // depends on the search.
    double t0 = 0.5 * Math.log(logInvDelta / rho);
    double lo = Math.max(t0 - 12, Math.log(1e-12));
    double hi = t0 + 6;
    int gridPoints = 64;
    double step = (hi - lo) / gridPoints;
    double bestT = Double.NaN;
    for (int i = 0; i <= gridPoints; i++) {
      double t = lo + step * i;
      double eps = cksEpsilonUpper(rho, logInvDelta, t);
      if (eps < best) {
        best = eps;
        bestT = t;
      }
    }
    if (!Double.isNaN(bestT)) {
      double a = bestT - step;
      double b = bestT + step;
      double invPhi = (Math.sqrt(5) - 1) / 2;
      double c = b - invPhi * (b - a);
      double d = a + invPhi * (b - a);
      double fc = cksEpsilonUpper(rho, logInvDelta, c);
      double fd = cksEpsilonUpper(rho, logInvDelta, d);
      for (int i = 0; i < 80 && b - a > 1e-12; i++) {
        if (fc < fd) {
          b = d;
          d = c;
          fd = fc;
          c = b - invPhi * (b - a);
          fc = cksEpsilonUpper(rho, logInvDelta, c);
        } else {
          a = c;
          c = d;
          fc = fd;
          d = a + invPhi * (b - a);
          fd = cksEpsilonUpper(rho, logInvDelta, d);
        }
      }
      best = Math.min(best, Math.min(fc, fd));
    }
    // A bound at or below 0 means (0, δ)-DP, which implies (ε, δ)-DP for every ε > 0.
    return Math.max(best, Double.MIN_NORMAL);
  }

  /**
   * The Bun–Steinke bound alone, rounded up, for validated ρ and δ.
   *
   * @param rho ρ &gt; 0
   * @param delta δ in (0, 1)
   * @return ε
   */
  public static double bunSteinke(double rho, double delta) {
    return bunSteinkeLog(rho, -Math.log(delta));
  }

  private static double bunSteinkeLog(double rho, double logInvDelta) {
    double bs = rho + 2 * Math.sqrt(rho * logInvDelta);
    return bs + ROUNDING_MARGIN * bs;
  }

  /**
   * The δ for which ρ-zCDP implies (ε, δ)-DP by the CKS bound (Corollary 13 solved for δ): the
   * minimum over α &gt; 1 of e^{(α−1)(αρ−ε)}·(1−1/α)^{α−1}/α, searched like {@link #epsilon}, and
   * capped at 1. Every α gives a valid δ, so the search can only over-report.
   *
   * @param rho ρ &gt; 0
   * @param epsilon ε (any real)
   * @return an upper bound on δ(ε) of every ρ-zCDP mechanism
   */
  public static double delta(double rho, double epsilon) {
    // ln δ(α) = (α−1)(αρ−ε) + (α−1)ln(1−1/α) − ln α; the unconstrained optimum of the first term
    // is at α = (ε + ρ)/(2ρ). The grid in t = ln(α − 1) spans it widely on both sides.
    double a0 = Math.max(1, (epsilon + rho) / (2 * rho));
    double lo = Math.log(1e-8);
    double hi = Math.log(Math.max(64 * (a0 - 1), 64));
    int gridPoints = 96;
    double step = (hi - lo) / gridPoints;
    double best = 0;
    double bestT = Double.NaN;
    for (int i = 0; i <= gridPoints; i++) {
      double t = lo + step * i;
      double v = logDeltaAt(rho, epsilon, t);
      if (v < best) {
        best = v;
        bestT = t;
      }
    }
    if (!Double.isNaN(bestT)) {
      double a = bestT - step;
      double b = bestT + step;
      for (int i = 0; i < 60 && b - a > 1e-10; i++) {
        double m1 = a + (b - a) / 3;
        double m2 = b - (b - a) / 3;
        if (logDeltaAt(rho, epsilon, m1) < logDeltaAt(rho, epsilon, m2)) {
          b = m2;
        } else {
          a = m1;
        }
      }
      best = Math.min(best, logDeltaAt(rho, epsilon, 0.5 * (a + b)));
    }
    return Math.min(1, Math.exp(best) * (1 + 1e-12));
  }

  /** ln of the CKS δ at α = 1 + e^t, rounded up by a margin above its evaluation error. */
  private static double logDeltaAt(double rho, double epsilon, double t) {
    double am1 = Math.exp(t);
    double alpha = 1 + am1;
    double v = am1 * (alpha * rho - epsilon) + am1 * Math.log1p(-1 / alpha) - Math.log(alpha);
    double magnitude =
        Math.abs(am1 * alpha * rho) + Math.abs(am1 * epsilon) + Math.abs(Math.log(alpha)) + 1;
    return Double.isFinite(v) ? v + 1e-13 * magnitude : 0;
  }

  /**
   * The CKS 2020 (Corollary 13) bound at α = 1 + e^t, rounded up by a margin that covers its
   * floating-point evaluation error; +∞ where it is not finite.
   */
  private static double cksEpsilonUpper(double rho, double logInvDelta, double t) {
    double am1 = Math.exp(t);
    double alpha = 1 + am1;
    if (!(am1 > 0) || !Double.isFinite(alpha)) {
      return Double.POSITIVE_INFINITY;
    }
    // (α−1)·ln(1−1/α) = (α−1)·ln((α−1)/α), written with log1p for accuracy when α is large.
    double middle = am1 * Math.log1p(-1 / alpha);
    double logAlpha = Math.log(alpha);
    double eps = alpha * rho + (logInvDelta + middle - logAlpha) / am1;
    double magnitude = alpha * rho + (logInvDelta + Math.abs(middle) + logAlpha) / am1;
    double upper = eps + ROUNDING_MARGIN * magnitude;
    return Double.isFinite(upper) ? upper : Double.POSITIVE_INFINITY;
  }
}
