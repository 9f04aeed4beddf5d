package io.privacity.dp.mechanism;

import io.privacity.core.internal.Checks;
import io.privacity.dp.internal.ExactSamplers;
import io.privacity.dp.internal.TwoSidedGeometric;
import java.math.BigInteger;

/**
 * Shared arithmetic of the lattice mechanisms: rounding to a power-of-two lattice, the exact
 * release (round(x/g) + Z)·g for every finite input, the conservative dyadic rationalisation of a
 * geometric rate, and the outward rounding of confidence intervals. Package-private.
 *
 * <p>Release contract (see {@code docs/proofs/laplace.md}): the integer X + Z is computed exactly —
 * in a long when it fits, else as a {@link BigInteger} — and only then mapped to the output type by
 * one deterministic function: the nearest double (saturated at ±{@link Double#MAX_VALUE}), or the
 * long lattice point (saturated at the largest lattice multiples in the long range). Both maps are
 * post-processing of the exact lattice release, and both move a value towards any true input of
 * their range, so a confidence interval that covers the input before the map still covers it after.
 * No input is ever clamped.
 */
final class Lattice {
  /** Magnitude at which the samplers saturate: 2^62. */
  static final long SATURATION = ExactSamplers.SATURATION;

  /**
   * The largest noise scale (Laplace b, Gaussian σ) a {@code long} release carries: 2^56, so that
   * the long range holds more than 100 scales on either side of 0 and the noise is never cut short
   * by the output type with probability above e^−64 (for Laplace; far less for Gaussian).
   */
  static final double MAX_LONG_SCALE = 0x1p56;

  /** Lattice values below this magnitude take the fast long path (|X| + |Z| &lt; 2^63). */
  private static final double FAST_BOUND = 0x1p61;

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  private Lattice() {}

  /** The smallest k with 2^k ≥ v, for finite v &gt; 0. */
  static int ceilLog2(double v) {
    int e = Math.getExponent(v);
    return Math.scalb(1.0, e) == v ? e : e + 1;
  }

  /**
   * The smallest integer S ≥ Δ/2^k: the most two lattice roundings of values at most Δ apart can
   * differ by (round is monotone and commutes with integer shifts). Δ/2^k is exact (a power-of-two
   * scaling) and at most 2^61 for the granularities used.
   */
  static long sensitivityUnits(double sensitivity, int k) {
    return (long) Math.ceil(Math.scalb(sensitivity, -k));
  }

  /** round(x / 2^k) for 0 ≤ k ≤ 62 (halves rounded up); no clamping: |result| ≤ 2^63 / 2^k. */
  static long toLattice(long x, int k) {
    if (k <= 0) {
      return x;
    }
    long q = x >> k; // floor division by 2^k
    long rem = x & ((1L << k) - 1);
    return rem >= (1L << (k - 1)) ? q + 1 : q;
  }

  /**
   * round(x / 2^k) as an exact integer, for finite x (halves rounded up, as {@link Math#round}).
   */
  static BigInteger toLatticeExact(double x, int k) {
    Checks.finite("value", x);
    double scaled = Math.scalb(x, -k);
    if (Math.abs(scaled) < 0x1p62) {
      return BigInteger.valueOf(Math.round(scaled));
    }
    // |x / 2^k| ≥ 2^62: x = m·2^e with a 53-bit integer m, and e − k ≥ 9, so x/2^k is an integer.
    int e = Math.getExponent(x) - 52;
    long m = (long) Math.scalb(Math.abs(x), -e);
    BigInteger v = BigInteger.valueOf(m).shiftLeft(e - k);
    return x < 0 ? v.negate() : v;
  }

  /**
   * The release (round(x/2^k) + z)·2^k of a finite double, as the nearest double.
   *
   * @param z exact noise in lattice units, |z| &lt; 2^62
   */
  static double release(double x, int k, long z) {
    double scaled = Math.scalb(x, -k);
    if (Math.abs(scaled) < FAST_BOUND) {
      // |round(scaled)| ≤ 2^61 and |z| < 2^62: no overflow; the long → double conversion rounds
      // once to nearest and the power-of-two scaling is exact (2^k·2^63 is far below overflow).
      return Math.scalb((double) (Math.round(scaled) + z), k);
    }
    return toDouble(toLatticeExact(x, k).add(BigInteger.valueOf(z)), k);
  }

  /** The release (round(x/2^k) + z)·2^k of a finite double, for exact noise of any size. */
  static double release(double x, int k, BigInteger z) {
    return toDouble(toLatticeExact(x, k).add(z), k);
  }

  /**
   * y·2^k rounded once to the nearest double (ties to even), saturated at ±{@link
   * Double#MAX_VALUE}. Above 62 bits, y is shortened to 62 significant bits with a sticky bit,
   * which rounds to 53 bits exactly as y itself would.
   */
  static double toDouble(BigInteger y, int k) {
    int bits = y.bitLength();
    if (bits <= 62) {
      return saturate(Math.scalb((double) y.longValue(), k));
    }
    BigInteger abs = y.abs();
    int shift = bits - 62;
    long top = abs.shiftRight(shift).longValue();
    if (abs.getLowestSetBit() < shift) {
      top |= 1; // sticky: some discarded bit is set
    }
    double d = Math.scalb((double) top, shift + k);
    return saturate(y.signum() < 0 ? -d : d);
  }

  private static double saturate(double d) {
    return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, d));
  }

  /**
   * The release (round(x/2^k) + z)·2^k of a long, saturated at the largest multiples of 2^k in the
   * long range.
   *
   * @param k the lattice exponent, 0 ≤ k ≤ 24
   * @param z exact noise in lattice units, |z| &lt; 2^62
   */
  static long releaseLong(long x, int k, long z) {
    long v = toLattice(x, k);
    long s = v + z;
    if (((v ^ s) & (z ^ s)) < 0) { // overflow: the exact sum is beyond ±2^63
      return z > 0 ? (Long.MAX_VALUE >> k) << k : Long.MIN_VALUE;
    }
    return fromLatticeToLong(s, k);
  }

  /** As {@link #releaseLong(long, int, long)}, for exact noise of any size. */
  static long releaseLong(long x, int k, BigInteger z) {
    BigInteger s = BigInteger.valueOf(toLattice(x, k)).add(z).shiftLeft(k);
    if (s.compareTo(LONG_MAX) > 0) {
      return (Long.MAX_VALUE >> k) << k;
    }
    return s.compareTo(LONG_MIN) < 0 ? Long.MIN_VALUE : s.longValue();
  }

  /**
   * v·2^k as a long for k ≥ 0, saturating at the largest multiples of 2^k in the long range, so a
   * saturated output is still on the lattice (post-processing: privacy is unaffected).
   */
  static long fromLatticeToLong(long v, int k) {
    if (k <= 0) {
      return v;
    }
    if (v > (Long.MAX_VALUE >> k)) {
      return (Long.MAX_VALUE >> k) << k;
    }
    if (v < (Long.MIN_VALUE >> k)) {
      return Long.MIN_VALUE;
    }
    return v << k;
  }

  /**
   * The refusal of a long release whose noise a long cannot carry (scale above {@link
   * #MAX_LONG_SCALE}); null if it can. Mechanisms throw it before charging anything.
   */
  static IllegalArgumentException longRefusal(String mechanism, String scaleName, double scale) {
    if (scale <= MAX_LONG_SCALE) {
      return null;
    }
    return new IllegalArgumentException(
        mechanism
            + ".addNoise(long) carries noise of "
            + scaleName
            + " up to 2^56 (about 7.2e16) in a long; this mechanism's "
            + scaleName
            + " is "
            + scale
            + ": use addNoise(double)");
  }

  /**
   * Exact noise of a two-sided geometric sample: the sample itself, or, if it came back saturated
   * (|z| = 2^62, i.e. |Z| ≥ 2^62), its exact value from fresh one-sided samples (memorylessness).
   */
  static BigInteger exact(long z, TwoSidedGeometric g, io.privacity.core.random.Randomness r) {
    if (Math.abs(z) < SATURATION) {
      return BigInteger.valueOf(z);
    }
    BigInteger magnitude = g.beyondSaturation(r);
    return z < 0 ? magnitude.negate() : magnitude;
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
   * moved one ulp outwards, except when both ends are integers a double holds exactly (so counts
   * get integer intervals).
   */
  static ConfidenceInterval integerInterval(double center, long w, double level) {
    double lo = center - w;
    double hi = center + w;
    boolean exact = Math.abs(center) + w < 0x1p53 && center == Math.rint(center);
    return new ConfidenceInterval(
        exact ? lo : Math.nextDown(lo), exact ? hi : Math.nextUp(hi), level);
  }
}
