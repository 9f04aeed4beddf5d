package io.privacity.dp.aggregate;

import java.util.List;

/**
 * The data-independent arithmetic of one aggregation: which statistics are kept, the power-of-two
 * lattices each clamped value is rounded to, and the resulting sensitivities. Package-private;
 * immutable. See {@code docs/proofs/aggregation.md}, section "Encoding".
 *
 * <p>Each record's clamped value x is mapped to integers: s(x) = round(x / g_s) (sum), n(x) =
 * round((x − mid) / g_n) (normalized sum, for mean and variance), q(x) = round((x − mid)² / g_q)
 * (normalized sum of squares) and a histogram bucket. Every map is a deterministic, monotone (or
 * monotone in |x − mid|) function of x, so its range over [lower, upper] is attained at the bounds;
 * the sensitivity of each per-partition sum under adding or removing one privacy unit, summed over
 * its at most L0 partitions of at most L∞ records each, is L0·L∞·(largest |image|).
 */
final class Plan {
  static final int HISTOGRAM_BUCKETS = 1024;

  final int l0;
  final int linf;
  final boolean values;
  final double lower;
  final double upper;
  final double mid;
  final double half;
  final boolean wantSum;
  final boolean wantNorm;
  final boolean wantSq;
  final boolean wantHist;
  // Only the sum of the kept values is needed, and each value's sum units fit an int: per-unit
  // reservoirs then keep those units (see UnitState), not the values.
  final boolean sumUnitsOnly;
  final int kSum;
  final int kNorm;
  final int kSq;
  final long maxSumUnits;
  // 2^-kSum when that is a normal double, else 0 (then sumUnits uses Math.scalb).
  private final double sumScale;
  final long minSumUnits;
  final long maxNormUnits;
  final long minNormUnits;
  final long maxSqUnits;
  final String descriptor;

  Plan(
      ContributionBounds bounds,
      boolean sum,
      boolean norm,
      boolean sq,
      boolean hist,
      double epsSum,
      double epsNorm,
      double epsSq,
      List<Double> ranks,
      boolean ungrouped) {
    this.l0 = bounds.maxPartitionsContributed();
    this.linf = bounds.maxContributionsPerPartition();
    this.wantSum = sum;
    this.wantNorm = norm;
    this.wantSq = sq;
    this.wantHist = hist;
    this.values = sum || norm || sq || hist;
    this.lower = bounds.lower();
    this.upper = bounds.upper();
    double contributions = (double) l0 * linf;
    if (values) {
      this.mid = lower / 2 + upper / 2;
      this.half = upper / 2 - lower / 2;
    } else {
      this.mid = 0;
      this.half = 0;
    }
    if (sum) {
      double maxAbs = Math.max(Math.abs(lower), Math.abs(upper));
      this.kSum = exponent(maxAbs, contributions * maxAbs / epsSum);
      this.minSumUnits = Math.round(Math.scalb(lower, -kSum));
      this.maxSumUnits = Math.round(Math.scalb(upper, -kSum));
    } else {
      this.kSum = 0;
      this.minSumUnits = 0;
      this.maxSumUnits = 0;
    }
    this.sumScale =
        -kSum >= Double.MIN_EXPONENT && -kSum <= Double.MAX_EXPONENT ? Math.scalb(1.0, -kSum) : 0;
    this.sumUnitsOnly =
        sum
            && !norm
            && !sq
            && !hist
            && minSumUnits >= Integer.MIN_VALUE
            && maxSumUnits <= Integer.MAX_VALUE;
    if (norm) {
      this.kNorm = exponent(half, contributions * half / epsNorm);
      this.minNormUnits = normUnits(lower);
      this.maxNormUnits = normUnits(upper);
    } else {
      this.kNorm = 0;
      this.minNormUnits = 0;
      this.maxNormUnits = 0;
    }
    if (sq) {
      double h2 = half * half;
      if (!Double.isFinite(h2)) {
        throw new IllegalArgumentException(
            "((upper - lower)/2)^2 must be finite for the variance, got lower="
                + lower
                + ", upper="
                + upper);
      }
      this.kSq = exponent(h2, contributions * h2 / epsSq);
      this.maxSqUnits = Math.max(sqUnits(lower), sqUnits(upper));
    } else {
      this.kSq = 0;
      this.maxSqUnits = 0;
    }
    this.descriptor =
        "l0="
            + l0
            + ";linf="
            + linf
            + ";lower="
            + lower
            + ";upper="
            + upper
            + ";kSum="
            + (sum ? kSum : "-")
            + ";kNorm="
            + (norm ? kNorm : "-")
            + ";kSq="
            + (sq ? kSq : "-")
            + ";hist="
            + (hist ? HISTOGRAM_BUCKETS : 0)
            + ";ranks="
            + ranks
            + (ungrouped ? ";ungrouped" : "");
  }

  /**
   * The lattice exponent k: values of magnitude ≤ m take at most ~2^30 lattice units, and the noise
   * scale b is at most 2^39 units (so the discrete Laplace scale stays ≤ 2^40).
   */
  private static int exponent(double m, double b) {
    return Math.max(ceilLog2(m) - 30, ceilLog2(b) - 39);
  }

  static int ceilLog2(double v) {
    int e = Math.getExponent(v);
    if (e < Double.MIN_EXPONENT) {
      return Double.MIN_EXPONENT - 52;
    }
    return Math.scalb(1.0, e) == v ? e : e + 1;
  }

  double clamp(double x) {
    return x < lower ? lower : (x > upper ? upper : x);
  }

  long sumUnits(double clamped) {
    // x · 2^-k is exact (as Math.scalb) while 2^-k is a normal double; scalb covers the rest.
    return sumScale != 0 ? Math.round(clamped * sumScale) : Math.round(Math.scalb(clamped, -kSum));
  }

  long normUnits(double clamped) {
    return Math.round(Math.scalb(clamped - mid, -kNorm));
  }

  long sqUnits(double clamped) {
    double d = clamped - mid;
    return Math.round(Math.scalb(d * d, -kSq));
  }

  int bucket(double clamped) {
    int b = (int) Math.floor((clamped - lower) / (upper - lower) * HISTOGRAM_BUCKETS);
    return Math.max(0, Math.min(HISTOGRAM_BUCKETS - 1, b));
  }

  /** The value of histogram edge j in [0, B]: lower + j·(upper − lower)/B. */
  double edge(int j) {
    if (j == HISTOGRAM_BUCKETS) {
      return upper;
    }
    return lower + (upper - lower) * j / HISTOGRAM_BUCKETS;
  }

  long contributions() {
    return (long) l0 * linf;
  }

  long sumSensitivity() {
    return Math.multiplyExact(
        contributions(), Math.max(Math.abs(minSumUnits), Math.abs(maxSumUnits)));
  }

  long normSensitivity() {
    return Math.multiplyExact(
        contributions(), Math.max(Math.abs(minNormUnits), Math.abs(maxNormUnits)));
  }

  long sqSensitivity() {
    return Math.multiplyExact(contributions(), maxSqUnits);
  }
}
