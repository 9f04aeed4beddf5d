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
 *       only over-report ε; the result is rounded upwards, so ε is never under-reported.
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
        return Math.nextUp(epsilon * epsilon / 2);
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
   * The ε for which ρ-zCDP implies (ε, δ)-DP; the minimum of the Bun–Steinke bound and the
   * Canonne–Kamath–Steinke bound over a grid refined around its best Rényi order, rounded up.
   *
   * @param rho ρ, finite and &gt; 0
   * @param delta δ, in (0, 1)
   * @return ε, never smaller than a valid bound
   */
  public static double zcdpToEpsilon(double rho, double delta) {
    Checks.positiveFinite("rho", rho);
    Checks.openUnit("delta", delta);
    double logInvDelta = -Math.log(delta);
    double best = rho + 2 * Math.sqrt(rho * logInvDelta);
    // CKS 2020, Corollary 13: for every α > 1, ρ-zCDP ⇒ (ε, δ)-DP with
    //   ε = αρ + (ln(1/δ) + (α−1)·ln(1−1/α) − ln α) / (α−1).
    // Any α gives a valid ε, so searching for the minimum cannot under-report.
    // Search log-spaced α over (1, 1e7], then refine around the best.
    double bestAlpha = Double.NaN;
    for (int i = 1; i <= 400; i++) {
      double alpha = 1 + Math.pow(10, -6 + 13.0 * i / 400);
      double eps = cksEpsilon(rho, logInvDelta, alpha);
      if (eps < best) {
        best = eps;
        bestAlpha = alpha;
      }
    }
    if (!Double.isNaN(bestAlpha)) {
      double lo = 1 + (bestAlpha - 1) / 1.1;
      double hi = 1 + (bestAlpha - 1) * 1.1;
      for (int i = 0; i <= 200; i++) {
        double alpha = lo + (hi - lo) * i / 200;
        if (alpha > 1) {
          best = Math.min(best, cksEpsilon(rho, logInvDelta, alpha));
        }
      }
    }
    // Round up by a few ulps so accumulated floating-point error cannot under-report.
    return Math.max(0, best) * (1 + 1e-12) + Double.MIN_NORMAL;
  }

  private static double cksEpsilon(double rho, double logInvDelta, double alpha) {
    double am1 = alpha - 1;
    double eps = alpha * rho + (logInvDelta + am1 * Math.log1p(-1 / alpha) - Math.log(alpha)) / am1;
    return Double.isFinite(eps) ? eps : Double.POSITIVE_INFINITY;
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
