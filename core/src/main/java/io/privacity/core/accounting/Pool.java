package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.internal.Curve;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The charges that basic and advanced composition must evaluate at a δ of their own: descriptions
 * that state only ρ (a bare Gaussian, a discrete Gaussian, a subsampled Gaussian). Each is counted
 * at (ε_g(δ_i), δ_i) with δ_i = D/n, an equal share of the δ budget D left for them, ε_g its
 * curve's exact ε at δ_i. Immutable; running sums of the stated ρ give a cheap upper bound
 * (Bun–Steinke: ε_g(δ_i) ≤ ρ_g + 2·sqrt(ρ_g·ln(1/δ_i))). Package-private.
 */
final class Pool {
  static final Pool EMPTY = new Pool(Map.of(), 0, 0, 0, 0, 0);

  /** Charges per bare description. */
  final Map<PrivacyLoss, Long> counts;

  final long n;
  final double sumRho;
  final double sumSqrtRho;
  final double sumRhoSq;
  final double sumRho32;

  private Pool(
      Map<PrivacyLoss, Long> counts,
      long n,
      double sumRho,
      double sumSqrtRho,
      double sumRhoSq,
      double sumRho32) {
    this.counts = counts;
    this.n = n;
    this.sumRho = sumRho;
    this.sumSqrtRho = sumSqrtRho;
    this.sumRhoSq = sumRhoSq;
    this.sumRho32 = sumRho32;
  }

  Pool plus(PrivacyLoss curveKey, double statedRho) {
    Map<PrivacyLoss, Long> m = new LinkedHashMap<>(counts);
    m.merge(curveKey, 1L, Long::sum);
    return new Pool(
        Collections.unmodifiableMap(m),
        n + 1,
        Totals.addUp(sumRho, statedRho),
        Totals.addUp(sumSqrtRho, Math.nextUp(Math.sqrt(statedRho))),
        Totals.addUp(sumRhoSq, Math.nextUp(statedRho * statedRho)),
        Totals.addUp(sumRho32, Math.nextUp(statedRho * Math.sqrt(statedRho))));
  }

  boolean isEmpty() {
    return n == 0;
  }

  /** An upper bound on Σ_g n_g·ε_g(D/n) from the stated ρ (Bun–Steinke). */
  double cheapEpsilonSum(double poolDelta) {
    double l = Math.log(n / poolDelta);
    return (sumRho + 2 * Math.sqrt(l) * sumSqrtRho) * (1 + 1e-12);
  }

  /** An upper bound on Σ_g n_g·ε_g(D/n)² from the same bound. */
  double cheapEpsilonSquaredSum(double poolDelta) {
    double l = Math.log(n / poolDelta);
    return (sumRhoSq + 4 * Math.sqrt(l) * sumRho32 + 4 * l * sumRho) * (1 + 1e-12);
  }

  /**
   * The exact per-group ε at δ_i = D/n: ε_g for each description, in the map's order.
   *
   * @return ε_g, or null if some ε is not finite
   */
  double[] epsilons(double poolDelta, Engine.CurveCache curves) {
    double perCharge = poolDelta / n;
    double[] eps = new double[counts.size()];
    int i = 0;
    for (PrivacyLoss key : counts.keySet()) {
      Curve c = curves.get(key);
      double e = perCharge < 1 ? c.epsilon(perCharge) : 0;
      if (!(e < Double.POSITIVE_INFINITY)) {
        return null;
      }
      eps[i++] = Math.max(e, Double.MIN_NORMAL);
    }
    return eps;
  }
}
