package io.privacity.core.accounting.internal;

/**
 * The privacy curve of one mechanism description: its Rényi-DP curve, its dominating pair(s) for
 * privacy loss distributions, its ρ-zCDP and pure-ε equivalents. Immutable and thread-safe.
 *
 * <p>The neighbouring relation is add/remove of one privacy unit (or substitution, for sampling
 * without replacement, whose inner loss must then hold for substitution). {@link #remove()} is the
 * pair (M(D), M(D′)) with D′ = D minus one unit, {@link #add()} the pair (M(D′), M(D)); both are
 * the same for every mechanism except Poisson subsampling.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public abstract class Curve {
  Curve() {}

  /**
   * The Rényi divergence bound of order α (the larger of both orders of the pair).
   *
   * @param alpha α &gt; 1
   * @return ε(α) ≥ 0, or +∞ (no finite Rényi divergence, e.g. δ &gt; 0)
   */
  public abstract double rdp(double alpha);

  /**
   * Whether {@link #rdp} is finite (false for guarantees with an infinity mass).
   *
   * @return true if the curve has a Rényi-DP form
   */
  public boolean hasRdp() {
    return true;
  }

  /**
   * The remove-direction pair.
   *
   * @return the view
   */
  public abstract PairView remove();

  /**
   * The add-direction pair (the same as {@link #remove()} unless the curve is asymmetric).
   *
   * @return the view
   */
  public PairView add() {
    return remove();
  }

  /**
   * Whether both directions have the same privacy loss distribution.
   *
   * @return true if symmetric
   */
  public boolean symmetric() {
    return true;
  }

  /**
   * The pure ε the mechanism satisfies (the largest |loss|), or +∞.
   *
   * @return pure ε or +∞
   */
  public abstract double pureEpsilon();

  /**
   * A ρ such that the mechanism is ρ-zCDP, or NaN if it has none.
   *
   * @return ρ or NaN
   */
  public abstract double rho();

  /**
   * A rough scale of the privacy loss (about its standard deviation), for choosing the grid.
   *
   * @return a positive scale
   */
  public abstract double lossScale();

  /**
   * δ(ε) of the mechanism: the larger of both directions.
   *
   * @param epsilon ε
   * @return δ(ε), exact or an upper bound
   */
  public double delta(double epsilon) {
    double d = remove().delta(epsilon);
    return symmetric() ? d : Math.max(d, add().delta(epsilon));
  }

  /**
   * The smallest ε ≥ 0 (up to a relative 10^−12, rounded up) with {@link #delta(double)} ≤ δ.
   *
   * @param delta δ in (0, 1)
   * @return ε, or +∞ if no finite ε reaches δ
   */
  public double epsilon(double delta) {
    if (delta(0) <= delta) {
      return 0;
    }
    double hi = pureEpsilon();
    if (!(hi < Double.POSITIVE_INFINITY) || delta(hi) > delta) {
      hi = Math.max(lossScale(), 1e-6);
      int guard = 0;
      while (delta(hi) > delta) {
        hi *= 2;
        if (++guard > 1100 || !Double.isFinite(hi)) {
          return Double.POSITIVE_INFINITY;
        }
      }
    }
    double lo = 0;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (delta(mid) <= delta) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /**
   * A curve that dominates this one (its δ(ε) is at least this one's for every ε, in both
   * directions) with its parameters rounded pessimistically to the geometric grid {e^{k·s}}: see
   * {@link Coarsening}. Grids with log-steps s·2^j are nested, so a coarser step never gives a
   * smaller curve. The default keeps the curve as it is.
   *
   * @param logStep the grid's log-step s &gt; 0
   * @return the rounded curve, or this
   */
  Curve coarsened(double logStep) {
    return this;
  }

  /**
   * The parameters that identify this curve among equal ones (equal keys, equal curves), or null:
   * then the curve is only equal to itself. Lets the evaluator merge coarsened curves.
   *
   * @return the key or null
   */
  Object key() {
    return null;
  }

  /**
   * δ at ε &lt; 0 from the other direction's δ at −ε: H_γ(P‖Q) = 1 − γ + γ·H_{1/γ}(Q‖P).
   *
   * @param epsilon ε &lt; 0
   * @param other the reverse pair
   * @return δ(ε)
   */
  static double negativeSide(double epsilon, PairView other) {
    double v = -Math.expm1(epsilon) + Math.exp(epsilon) * other.delta(-epsilon);
    return Math.min(1, Math.max(0, v));
  }

  /**
   * The Rényi divergence bound of pure ε-DP: that of binary randomized response with ε, which
   * dominates every ε-DP mechanism (Kairouz, Oh and Viswanath 2015) — ε + [ln(1 + e^{−(2α−1)ε}) −
   * ln(1 + e^{−ε})]/(α−1) — never above min(ε, αε²/2) (Bun and Steinke 2016), rounded up.
   *
   * @param epsilon pure ε
   * @param alpha α &gt; 1
   * @return the RDP bound
   */
  static double pureRdp(double epsilon, double alpha) {
    double am1 = alpha - 1;
    double exact =
        epsilon
            + (Math.log1p(Math.exp(-(2 * alpha - 1) * epsilon)) - Math.log1p(Math.exp(-epsilon)))
                / am1;
    // The difference of two logs of numbers in [1, 2] errs by a few ulps, divided by α − 1.
    exact += 4e-16 / am1 + 4e-16 * epsilon;
    return Math.min(exact, Math.min(epsilon, Math.nextUp(alpha * epsilon * epsilon / 2)));
  }
}
