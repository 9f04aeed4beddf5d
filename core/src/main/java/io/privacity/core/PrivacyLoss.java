package io.privacity.core;

import io.privacity.core.internal.Checks;
import java.util.Objects;

/**
 * A differential-privacy guarantee: pure ε-DP, approximate (ε, δ)-DP, or ρ-zero-concentrated DP.
 * Immutable value; thread-safe.
 *
 * <h2>Conversions</h2>
 *
 * <ul>
 *   <li>pure ε-DP implies (ε²/2)-zCDP (Bun and Steinke 2016, Proposition 1.4): {@link #toZcdp()};
 *   <li>ρ-zCDP implies (ε, δ)-DP for every δ &gt; 0: {@link #toApproximate(double)} returns the
 *       smaller ε of the Bun–Steinke bound {@code ρ + 2·sqrt(ρ·ln(1/δ))} (Proposition 1.3) and the
 *       tighter bound of Canonne, Kamath and Steinke (2020, Corollary 13), minimised over the Rényi
 *       order α. Every candidate order yields a valid bound, so a numerically imperfect minimum can
 *       only over-report ε; every evaluated bound is rounded up by more than its floating-point
 *       error, so ε is never under-reported. {@link #zcdpToEpsilonBunSteinke(double, double)} is
 *       the cheap, looser bound alone. Derivation: {@code docs/proofs/accounting.md}.
 * </ul>
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>M. Bun, T. Steinke. Concentrated Differential Privacy: Simplifications, Extensions, and
 *       Lower Bounds. TCC 2016. arXiv:1605.02065.
 *   <li>C. Canonne, G. Kamath, T. Steinke. The Discrete Gaussian for Differential Privacy. NeurIPS
 *       2020. arXiv:2004.00010.
 * </ul>
 */
public final class PrivacyLoss {

  /** Which definition of differential privacy a loss is stated in. */
  public enum Kind {
    /** Pure ε-differential privacy (δ = 0). */
    PURE,
    /** Approximate (ε, δ)-differential privacy with δ &gt; 0. */
    APPROXIMATE,
    /** ρ-zero-concentrated differential privacy. */
    ZCDP
  }

  /** No privacy loss at all: what an accountant has spent before its first charge. */
  public static final PrivacyLoss NONE = new PrivacyLoss(Kind.PURE, 0, 0, 0);

  private final Kind kind;
  private final double epsilon;
  private final double delta;
  private final double rho;

  private PrivacyLoss(Kind kind, double epsilon, double delta, double rho) {
    this.kind = kind;
    this.epsilon = epsilon;
    this.delta = delta;
    this.rho = rho;
  }

  /**
   * Pure ε-differential privacy.
   *
   * @param epsilon ε, finite and &gt; 0
   * @return the loss
   * @throws IllegalArgumentException if ε is NaN, infinite, zero or negative
   */
  public static PrivacyLoss pure(double epsilon) {
    return new PrivacyLoss(Kind.PURE, Checks.positiveFinite("epsilon", epsilon), 0, 0);
  }

  /**
   * Approximate (ε, δ)-differential privacy. With δ = 0 this equals {@link #pure(double)}.
   *
   * @param epsilon ε, finite and &gt; 0
   * @param delta δ, in [0, 1)
   * @return the loss
   * @throws IllegalArgumentException if ε or δ is out of range
   */
  public static PrivacyLoss approximate(double epsilon, double delta) {
    Checks.positiveFinite("epsilon", epsilon);
    Checks.delta("delta", delta);
    return new PrivacyLoss(delta == 0 ? Kind.PURE : Kind.APPROXIMATE, epsilon, delta, 0);
  }

  /**
   * ρ-zero-concentrated differential privacy (Bun and Steinke 2016).
   *
   * @param rho ρ, finite and &gt; 0
   * @return the loss
   * @throws IllegalArgumentException if ρ is NaN, infinite, zero or negative
   */
  public static PrivacyLoss zcdp(double rho) {
    return new PrivacyLoss(Kind.ZCDP, 0, 0, Checks.positiveFinite("rho", rho));
  }

  /**
   * The definition this loss is stated in.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * ε of a pure or approximate loss.
   *
   * @return ε (0 for {@link #NONE})
   * @throws IllegalStateException for a zCDP loss, which has an ε only for a chosen δ: use {@link
   *     #toApproximate(double)}
   */
  public double epsilon() {
    Checks.state(
        kind != Kind.ZCDP, "a zCDP loss has no single epsilon; call toApproximate(delta) first");
    return epsilon;
  }

  /**
   * δ of a pure or approximate loss (0 for pure).
   *
   * @return δ
   * @throws IllegalStateException for a zCDP loss: use {@link #toApproximate(double)}
   */
  public double delta() {
    Checks.state(
        kind != Kind.ZCDP, "a zCDP loss has no single delta; call toApproximate(delta) first");
    return delta;
  }

  /**
   * ρ of this loss as zCDP: ρ itself for a zCDP loss, ε²/2 for a pure loss.
   *
   * @return ρ
   * @throws IllegalStateException for an approximate loss with δ &gt; 0, which implies no zCDP
   *     guarantee
   */
  public double rho() {
    switch (kind) {
      case ZCDP:
        return rho;
      case PURE:
        // Rounded up so that the zCDP form never under-states the loss.
        return epsilon == 0 ? 0 : Math.nextUp(epsilon * epsilon / 2);
      default:
        throw new IllegalStateException(
            "an (epsilon, delta) loss with delta > 0 implies no zCDP guarantee");
    }
  }

  /**
   * Whether this is pure ε-DP (δ = 0, not zCDP).
   *
   * @return true for pure losses
   */
  public boolean isPure() {
    return kind == Kind.PURE;
  }

  /**
   * This loss as zCDP (Bun and Steinke 2016, Proposition 1.4 for pure ε).
   *
   * @return a zCDP loss
   * @throws IllegalStateException for an approximate loss with δ &gt; 0, or {@link #NONE}
   */
  public PrivacyLoss toZcdp() {
    if (kind == Kind.ZCDP) {
      return this;
    }
    Checks.state(this != NONE && epsilon > 0, "no privacy loss has no zCDP form");
    return zcdp(rho());
  }

  /**
   * This loss as (ε, δ)-DP. A pure or approximate loss is returned unchanged (δ is then ignored,
   * since the loss already holds with its own δ); a zCDP loss is converted at the given δ with the
   * tighter of the Bun–Steinke and Canonne–Kamath–Steinke bounds, rounded up.
   *
   * @param delta δ for the conversion, in (0, 1)
   * @return an (ε, δ) loss
   * @throws IllegalArgumentException if δ is not in (0, 1)
   */
  public PrivacyLoss toApproximate(double delta) {
    Checks.openUnit("delta", delta);
    if (kind != Kind.ZCDP) {
      return this;
    }
    return approximate(zcdpToEpsilon(rho, delta), delta);
  }

  /**
   * The ε for which ρ-zCDP implies (ε, δ)-DP: the smaller of the Bun–Steinke bound {@code ρ +
   * 2·sqrt(ρ·ln(1/δ))} (Bun and Steinke 2016, Proposition 1.3) and the Canonne–Kamath–Steinke bound
   * (2020, Corollary 13)
   *
   * <pre>{@code
   * ε(α) = αρ + (ln(1/δ) + (α−1)·ln(1−1/α) − ln α) / (α−1),   any α > 1,
   * }</pre>
   *
   * minimised numerically over α (a log-spaced grid around the Bun–Steinke optimum {@code α ≈ 1 +
   * sqrt(ln(1/δ)/ρ)}, then a golden-section refinement). Every α gives a valid bound, so an
   * imperfect minimisation can only over-report ε; each evaluated bound is moreover rounded up by
   * {@code 1e-13} times the magnitude of its terms, which exceeds the floating-point rounding error
   * of its evaluation, so the result is never below the exact value of the bound it came from.
   *
   * <p>The result is non-decreasing in ρ and non-increasing in δ up to the accuracy of the
   * minimisation (relative error below {@code 1e-9}), and at most the Bun–Steinke bound times
   * {@code 1 + 1e-13}.
   *
   * @param rho ρ, finite and &gt; 0
   * @param delta δ, in (0, 1)
   * @return ε &gt; 0, never smaller than the exact value of a valid bound
   * @throws IllegalArgumentException if ρ or δ is out of range
   */
  public static double zcdpToEpsilon(double rho, double delta) {
    Checks.positiveFinite("rho", rho);
    Checks.openUnit("delta", delta);
    double logInvDelta = -Math.log(delta);
    double best = bunSteinke(rho, logInvDelta);
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
      // Golden-section search on [bestT − step, bestT + step].
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
   * The Bun–Steinke bound alone: ρ-zCDP implies (ρ + 2·sqrt(ρ·ln(1/δ)), δ)-DP (Bun and Steinke
   * 2016, Proposition 1.3), rounded up by a relative {@code 1e-13}. Cheap (one square root), and
   * never smaller than {@link #zcdpToEpsilon(double, double)}, so a budget check that passes with
   * it passes with the tighter conversion too.
   *
   * @param rho ρ, finite and &gt; 0
   * @param delta δ, in (0, 1)
   * @return ε, at least the exact Bun–Steinke bound
   * @throws IllegalArgumentException if ρ or δ is out of range
   */
  public static double zcdpToEpsilonBunSteinke(double rho, double delta) {
    Checks.positiveFinite("rho", rho);
    Checks.openUnit("delta", delta);
    return bunSteinke(rho, -Math.log(delta));
  }

  private static double bunSteinke(double rho, double logInvDelta) {
    double bs = rho + 2 * Math.sqrt(rho * logInvDelta);
    return bs + ROUNDING_MARGIN * bs;
  }

  /** Relative rounding-up margin; far above the few ulps of error of one bound's evaluation. */
  private static final double ROUNDING_MARGIN = 1e-13;

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

  /**
   * Whether every component of this loss is at most the other's (for losses of the same kind).
   *
   * @param other the other loss
   * @return true if this loss is no larger than {@code other}
   */
  public boolean isAtMost(PrivacyLoss other) {
    Checks.notNull("other", other);
    if (kind == Kind.ZCDP || other.kind == Kind.ZCDP) {
      return kind == other.kind && rho <= other.rho;
    }
    return epsilon <= other.epsilon && delta <= other.delta;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PrivacyLoss)) {
      return false;
    }
    PrivacyLoss that = (PrivacyLoss) o;
    return kind == that.kind
        && Double.compare(epsilon, that.epsilon) == 0
        && Double.compare(delta, that.delta) == 0
        && Double.compare(rho, that.rho) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, epsilon, delta, rho);
  }

  /**
   * Compact form such as {@code (ε=1.0)-DP}, {@code (ε=1.0, δ=1.0E-6)-DP} or {@code (ρ=0.5)-zCDP}.
   *
   * @return the compact form
   */
  @Override
  public String toString() {
    switch (kind) {
      case ZCDP:
        return "(ρ=" + rho + ")-zCDP";
      case PURE:
        return "(ε=" + epsilon + ")-DP";
      default:
        return "(ε=" + epsilon + ", δ=" + delta + ")-DP";
    }
  }
}
