package io.privacity.core.accounting.internal;

/**
 * Pessimistic rounding of mechanism parameters to the geometric grid {e^{k·s}} (s the log-step),
 * used by {@link PldEvaluator} to bound the number of distinct privacy loss distributions it
 * composes when many charges have different parameters. Each curve rounds the parameter that makes
 * it more private towards less privacy (a Gaussian's σ/Δ and a Laplace's b/Δ down, randomized
 * response's log-odds, a generic (ε, δ) and a Poisson sampling rate up), so the rounded curve's
 * pair dominates the original one: its δ(ε) is at least the original's for every ε, and composing
 * dominating pairs over-reports δ (Zhu, Dong and Wang 2022, Theorem 10). See
 * docs/proofs/accounting.md, "Coarsening many distinct descriptions".
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
final class Coarsening {
  private Coarsening() {}

  /**
   * The largest grid point e^{k·s} ≤ v, or v itself when the grid point would not be a positive
   * finite double.
   *
   * @param v a positive finite value
   * @param s the log-step
   * @return a grid point ≤ v (or v)
   */
  static double down(double v, double s) {
    if (!(v > 0) || !(v < Double.POSITIVE_INFINITY)) {
      return v;
    }
    double k = Math.floor(Math.log(v) / s);
    double g = Math.exp(k * s);
    for (int i = 0; i < 4 && g > v; i++) {
      k--;
      g = Math.exp(k * s);
    }
    return g > 0 && g <= v && g < Double.POSITIVE_INFINITY ? g : v;
  }

  /**
   * The smallest grid point e^{k·s} ≥ v, or v itself when the grid point would not be a positive
   * finite double.
   *
   * @param v a positive finite value
   * @param s the log-step
   * @return a grid point ≥ v (or v)
   */
  static double up(double v, double s) {
    if (!(v > 0) || !(v < Double.POSITIVE_INFINITY)) {
      return v;
    }
    double k = Math.ceil(Math.log(v) / s);
    double g = Math.exp(k * s);
    for (int i = 0; i < 4 && g < v; i++) {
      k++;
      g = Math.exp(k * s);
    }
    return g >= v && g < Double.POSITIVE_INFINITY ? g : v;
  }
}
