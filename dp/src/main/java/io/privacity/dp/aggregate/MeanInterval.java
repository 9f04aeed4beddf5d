package io.privacity.dp.aggregate;

/**
 * A confidence interval for a mean released as (noisy normalized sum) / (noisy count), by inverting
 * an exact test (see {@code docs/proofs/aggregation.md}, "Mean interval").
 *
 * <p>Let N = S + Z1 and C = n + Z2 with independent discrete Laplace noises of scales t1, t2 and a*
 * = S/n the true normalized mean. For every candidate a, N − a·C = (S − a·n) + Z1 − a·Z2, and at a
 * = a* this is exactly Y(a*) = Z1 − a*·Z2, whose law is known. The interval is the set of a whose
 * p-value P(|Z1 − a·Z2| ≥ |N − a·C|) exceeds α; a* is excluded with probability at most α, so the
 * coverage is at least 1 − α. P-values are computed as upper bounds (blocks of Z2 values are
 * bounded by their extreme points), which only makes the interval wider. Package-private.
 */
final class MeanInterval {
  private static final int MAX_BLOCKS = 200;
  private static final int BISECTIONS = 36;

  private final double q1;
  private final double q2;
  private final double alpha;
  private final long maxZ2;
  private final long blockWidth;
  private final double[] blockMass;
  private final long[] blockStart;
  private final long[] blockEnd;
  private final double t1;
  private final double t2;

  MeanInterval(double t1, double t2, double alpha) {
    this.q1 = Math.exp(-1 / t1);
    this.q2 = Math.exp(-1 / t2);
    this.alpha = alpha;
    // P(|Z2| > M) = 2 q2^(M+1) / (1 + q2) ≤ α·1e-4, added in full to every p-value.
    double m = Math.ceil(Math.log(2 / ((1 + q2) * alpha * 1e-4)) * t2);
    this.maxZ2 = (long) Math.max(1, m);
    this.blockWidth = Math.max(1, (maxZ2 + MAX_BLOCKS - 1) / MAX_BLOCKS);
    int blocks = (int) ((maxZ2 + blockWidth - 1) / blockWidth);
    this.blockMass = new double[blocks];
    this.blockStart = new long[blocks];
    this.blockEnd = new long[blocks];
    for (int i = 0; i < blocks; i++) {
      long za = 1 + i * blockWidth;
      long zb = Math.min(maxZ2, za + blockWidth - 1);
      blockStart[i] = za;
      blockEnd[i] = zb;
      // P(Z2 ∈ [za, zb]) + P(Z2 ∈ [−zb, −za]).
      blockMass[i] = 2 * (Math.pow(q2, za) - Math.pow(q2, zb + 1)) / (1 + q2);
    }
    this.t1 = t1;
    this.t2 = t2;
  }

  /** P(Z ≥ m) for the discrete Laplace with parameter q. */
  private static double upperTail(double q, double m) {
    if (m >= 1) {
      return Math.pow(q, m) / (1 + q);
    }
    return 1 - Math.pow(q, 1 - m) / (1 + q);
  }

  /** An upper bound on P(|Z1 − c| ≥ d) for every c in [ca, cb], 0 ≤ ca ≤ cb. */
  private double shiftedTail(double ca, double cb, double d) {
    return Math.min(1, upperTail(q1, Math.ceil(ca + d)) + upperTail(q1, Math.ceil(d - cb)));
  }

  /**
   * An upper bound on the p-value P(|Z1 − a·Z2| ≥ d), or, once the partial sum exceeds α, that
   * partial sum (enough to decide acceptance).
   */
  double pValue(double a, double d) {
    if (!(d > 0)) {
      return 1;
    }
    double abs = Math.abs(a);
    double p = (1 - q2) / (1 + q2) * shiftedTail(0, 0, d);
    for (int i = 0; i < blockMass.length && p <= alpha; i++) {
      p += blockMass[i] * shiftedTail(abs * blockStart[i], abs * blockEnd[i], d);
    }
    p += 2 * Math.pow(q2, maxZ2 + 1) / (1 + q2);
    return p;
  }

  private boolean accepts(double a, double noisyNorm, double noisyCount) {
    return pValue(a, Math.abs(noisyNorm - a * noisyCount)) > alpha;
  }

  /**
   * The interval [lo, hi] ⊆ [−h, h] of accepted normalized means, in lattice units.
   *
   * @param noisyNorm N
   * @param noisyCount C
   * @param h the largest |normalized value| of one record, in lattice units
   */
  double[] interval(double noisyNorm, double noisyCount, double h) {
    double a0 = Math.max(-h, Math.min(h, noisyNorm / Math.max(1, noisyCount)));
    if (!accepts(a0, noisyNorm, noisyCount)) {
      a0 = Double.NaN;
      for (int i = 0; i <= 128 && Double.isNaN(a0); i++) {
        double a = -h + 2 * h * i / 128;
        if (accepts(a, noisyNorm, noisyCount)) {
          a0 = a;
        }
      }
      if (Double.isNaN(a0)) {
        return new double[] {-h, h};
      }
    }
    return new double[] {edge(a0, -h, noisyNorm, noisyCount), edge(a0, h, noisyNorm, noisyCount)};
  }

  /** The last accepted point from a0 towards limit, conservatively (the rejected side). */
  private double edge(double a0, double limit, double noisyNorm, double noisyCount) {
    double dir = Math.signum(limit - a0);
    if (dir == 0) {
      return limit;
    }
    // A first step of about a quarter of the expected half-width, then doubling.
    double step =
        Math.max(1e-3, 0.75 * (t1 + Math.abs(a0) * t2) / Math.max(1, Math.abs(noisyCount)));
    double inside = a0;
    double outside;
    while (true) {
      double a = a0 + dir * step;
      if ((a - limit) * dir >= 0) {
        if (accepts(limit, noisyNorm, noisyCount)) {
          return limit;
        }
        outside = limit;
        break;
      }
      if (!accepts(a, noisyNorm, noisyCount)) {
        outside = a;
        break;
      }
      inside = a;
      step *= 2;
    }
    for (int i = 0; i < BISECTIONS; i++) {
      double m = (inside + outside) / 2;
      if (m == inside || m == outside) {
        break;
      }
      if (accepts(m, noisyNorm, noisyCount)) {
        inside = m;
      } else {
        outside = m;
      }
    }
    return outside;
  }
}
