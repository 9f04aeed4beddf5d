package io.privacity.dp.mechanism;

import io.privacity.core.internal.Checks;
import io.privacity.dp.internal.TwoSidedGeometric;

/**
 * Shared arithmetic of the lattice mechanisms: rounding to a power-of-two lattice, clamping, the
 * conservative dyadic rationalisation of a geometric rate, and the outward rounding of confidence
 * intervals. Package-private.
 *
 * <p>Clamping contract (see {@code docs/proofs/laplace.md}): inputs are clamped to ±{@link #CLAMP}
 * lattice units (a 1-Lipschitz map, so sensitivity is unchanged), noise saturates at ±2^62, and the
 * sum is clamped to ±{@link #CLAMP}. Because 2^62 − 2^61 ≥ 2^61, the clamped sum is the same
 * function of the exact (unsaturated) noise: saturation is absorbed exactly.
 */
final class Lattice {
  /** Inputs and outputs are clamped to ±2^61 lattice units. */
  static final long CLAMP = 1L << 61;

  private Lattice() {}

  /** The smallest k with 2^k ≥ v, for finite v &gt; 0. */
  static int ceilLog2(double v) {
    int e = Math.getExponent(v);
    return Math.scalb(1.0, e) == v ? e : e + 1;
  }

  /** round(x / 2^k) clamped to ±CLAMP; x finite. The rounding is exact (power-of-two scaling). */
  static long toLattice(double x, int k) {
    Checks.finite("value", x);
    double scaled = Math.scalb(x, -k);
    if (scaled >= CLAMP) {
      return CLAMP;
    }
    if (scaled <= -CLAMP) {
      return -CLAMP;
    }
    return Math.round(scaled);
  }

  /** round(x / 2^k) for k ≥ 0 (halves rounded up), clamped to ±CLAMP. */
  static long toLattice(long x, int k) {
    if (k <= 0) {
      return Math.max(-CLAMP, Math.min(CLAMP, x));
    }
    long q = Math.floorDiv(x, 1L << k);
    long rem = Math.floorMod(x, 1L << k);
    if (rem >= (1L << (k - 1))) {
      q++;
    }
    return Math.max(-CLAMP, Math.min(CLAMP, q));
  }

  /** clamp(x + z) to ±CLAMP, for |x| ≤ CLAMP and |z| ≤ 2^62 (no overflow possible). */
  static long addClamped(long x, long z) {
    long s = x + z;
    return Math.max(-CLAMP, Math.min(CLAMP, s));
  }

  /** v·2^k as a double: a multiple of 2^k (one deterministic rounding when |v| &gt; 2^53). */
  static double fromLattice(long v, int k) {
    return Math.scalb((double) v, k);
  }

  /**
   * v·2^k as a long for k ≥ 0, saturating at the largest multiples of 2^k in the long range, so a
   * saturated output is still on the lattice (post-processing: privacy is unaffected).
   */
  static long fromLatticeToLong(long v, int k) {
    if (k <= 0) {
      return v;
    }
    if (Math.abs(v) > (Long.MAX_VALUE >> k)) {
      return v > 0 ? (Long.MAX_VALUE >> k) << k : Long.MIN_VALUE;
    }
    return v << k;
  }

  /**
   * A two-sided geometric sampler whose rate γ' = num/2^d satisfies γ' ≤ gammaMax, with 31 bits of
   * precision: the double quotient has relative error ≤ 2^-52, worth less than 2^-20 at the scale
   * 2^32 used, so subtracting 1 after the floor keeps γ' below the exact bound.
   */
  static TwoSidedGeometric geometricAtMost(double gammaMax) {
    double g = Math.min(gammaMax, 0x1p20);
    int d = 31 - Math.getExponent(g);
    long num = (long) Math.floor(Math.scalb(g, d)) - 1;
    return TwoSidedGeometric.of(num, d);
  }

  /**
   * Smallest w with P(|Z| &gt; w) ≤ 1 − level for the two-sided geometric of rate γ: P(|Z| &gt; w)
   * = 2e^{−γ(w+1)}/(1 + e^{−γ}).
   */
  static long geometricHalfWidth(double gamma, double level) {
    double q = Math.exp(-gamma);
    double t = Math.log(2 / ((1 + q) * (1 - level))) / gamma;
    // Exact answer: ⌈t − 1⌉; the relative margin 1e-9 dwarfs the floating-point error of t.
    return (long) Math.max(0, Math.ceil(t - 1 + 1e-9 * t + 1e-9));
  }

  /** Validates a confidence level in (0, 1). */
  static double level(double level) {
    return Checks.openUnit("level", level);
  }

  /**
   * center ± half, widened outwards: half gains one ulp, plus ulp(center) to cover the rounding of
   * a huge long centre to a double, and each end is then moved one ulp outwards.
   */
  static ConfidenceInterval interval(double center, double half, double level) {
    double h = Math.nextUp(half) + Math.ulp(center);
    return new ConfidenceInterval(Math.nextDown(center - h), Math.nextUp(center + h), level);
  }

  /**
   * center ± w for the integer mechanisms, whose half-width w is an exact integer: each end is
   * moved one ulp outwards.
   */
  static ConfidenceInterval integerInterval(double center, long w, double level) {
    return new ConfidenceInterval(Math.nextDown(center - w), Math.nextUp(center + w), level);
  }
}
