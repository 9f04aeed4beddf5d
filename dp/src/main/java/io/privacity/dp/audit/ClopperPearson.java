package io.privacity.dp.audit;

import org.apache.commons.math3.special.Beta;

/**
 * One-sided Clopper–Pearson (exact binomial) confidence bounds, computed by bisection on the
 * regularized incomplete beta function and rounded outwards, so that numerical error can only widen
 * an interval, never narrow it.
 *
 * <p>For k successes in n trials, the one-sided lower bound at level 1 − a is the p with P[Bin(n,
 * p) ≥ k] = a, i.e. I_p(k, n − k + 1) = a; the upper bound is the p with P[Bin(n, p) ≤ k] = a, i.e.
 * I_p(k + 1, n − k) = 1 − a (Clopper and Pearson, Biometrika 1934).
 */
final class ClopperPearson {
  /**
   * The target tail probability is tightened by this relative amount before solving, to absorb the
   * ~1e-14 relative error of the incomplete beta function evaluation.
   */
  private static final double TAIL_SAFETY = 1e-9;

  private ClopperPearson() {}

  /**
   * A lower bound p̲ on the success probability such that P[p &lt; p̲] ≤ a over the sampling of k.
   *
   * @param k successes, in [0, n]
   * @param n trials, &gt; 0
   * @param a one-sided error probability, in (0, 1)
   * @return the lower bound, in [0, 1]
   */
  static double lower(long k, long n, double a) {
    if (k == 0) {
      return 0;
    }
    double target = a * (1 - TAIL_SAFETY);
    if (k == n) {
      // I_p(n, 1) = p^n = target.
      return Math.max(0, Math.nextDown(Math.nextDown(Math.exp(Math.log(target) / n))));
    }
    // f(p) = I_p(k, n-k+1) is increasing in p; find the largest p with f(p) <= target.
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 2000 && Math.nextUp(lo) < hi; i++) {
      double mid = lo + (hi - lo) / 2;
      if (Beta.regularizedBeta(mid, k, n - k + 1) <= target) {
        lo = mid;
      } else {
        hi = mid;
      }
      if (hi - lo <= 1e-15 * lo) {
        break;
      }
    }
    return lo;
  }

  /**
   * An upper bound p̄ on the success probability such that P[p &gt; p̄] ≤ a over the sampling of k.
   *
   * @param k successes, in [0, n]
   * @param n trials, &gt; 0
   * @param a one-sided error probability, in (0, 1)
   * @return the upper bound, in (0, 1]
   */
  static double upper(long k, long n, double a) {
    if (k == n) {
      return 1;
    }
    double target = a * (1 - TAIL_SAFETY);
    if (k == 0) {
      // P[Bin(n, p) = 0] = (1-p)^n = target  =>  p = 1 - target^(1/n).
      double p = -Math.expm1(Math.log(target) / n);
      return Math.min(1, Math.nextUp(Math.nextUp(p)));
    }
    // g(p) = I_p(k+1, n-k) = P[Bin(n,p) >= k+1] is increasing in p; find the smallest p with
    // g(p) >= 1 - target, i.e. P[Bin(n,p) <= k] <= target.
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 2000 && Math.nextUp(lo) < hi; i++) {
      double mid = lo + (hi - lo) / 2;
      if (1 - Beta.regularizedBeta(mid, k + 1, n - k) <= target) {
        hi = mid;
      } else {
        lo = mid;
      }
      if (hi - lo <= 1e-15 * lo) {
        break;
      }
    }
    return hi;
  }
}
