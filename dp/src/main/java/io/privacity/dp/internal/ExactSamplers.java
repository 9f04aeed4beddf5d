package io.privacity.dp.internal;

import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import java.math.BigInteger;

/**
 * Exact samplers for differential privacy: every random decision is a comparison of uniformly
 * random integers with integers, so the output distribution is exactly the one stated — no
 * floating-point arithmetic touches a random value.
 *
 * <p>Algorithms 1–3 of C. Canonne, G. Kamath, T. Steinke, "The Discrete Gaussian for Differential
 * Privacy", NeurIPS 2020 (arXiv:2004.00010), written from the paper's pseudocode:
 *
 * <ul>
 *   <li>{@link #bernoulliExpMinus(Randomness, long, long)} — Bernoulli(exp(−γ)) for rational γ
 *       (Algorithm 1, von Neumann's method);
 *   <li>{@link #discreteLaplace(Randomness, long, long)} — P(z) ∝ exp(−|z|/t) for rational scale t
 *       (Algorithm 2);
 *   <li>{@link #discreteGaussian(Randomness, long, long)} — P(z) ∝ exp(−z²/(2σ²)) for rational σ²
 *       (Algorithm 3).
 * </ul>
 *
 * <p>and {@link TwoSidedGeometric}, a fast exact sampler of P(z) ∝ exp(−γ|z|) for dyadic γ (see
 * {@code docs/proofs/laplace.md}), used for the lattice Laplace and Gaussian mechanisms.
 *
 * <p><b>Saturation.</b> Integer outputs are returned as {@code sign · min(|z|, 2^62)}: an exact
 * function of the exact sample. The saturation event has probability below {@code exp(−2^62/t)} for
 * scale t. The geometric and discrete Laplace samplers continue a saturated sample exactly ({@link
 * TwoSidedGeometric#beyondSaturation}, {@link #discreteLaplaceBeyondSaturation}: the magnitude is
 * memoryless), so mechanisms release X + Z exactly, for every input; the discrete Gaussian samplers
 * reject a saturated proposal (a deviation of probability below exp(−2^62/t), inside δ).
 *
 * <p>All methods are thread-safe if the {@link Randomness} is (every implementation is).
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class ExactSamplers {
  /** Magnitude at which integer samples saturate: 2^62. */
  public static final long SATURATION = 1L << 62;

  private static final BigInteger SATURATION_BIG = BigInteger.valueOf(SATURATION);

  private ExactSamplers() {}

  // ---------------------------------------------------------------- Bernoulli

  /**
   * Bernoulli(num/den): true with probability exactly {@code num/den}.
   *
   * @param r randomness
   * @param num numerator, in [0, den]
   * @param den denominator, &gt;= 1
   * @return the coin
   */
  public static boolean bernoulli(Randomness r, long num, long den) {
    Checks.positive("den", den);
    Checks.inRange("num", num, 0, den);
    if (num == 0) {
      return false;
    }
    if (num == den) {
      return true;
    }
    return r.nextLong(den) < num;
  }

  /**
   * Bernoulli(exp(−num/den)) by CKS 2020 Algorithm 1, integer arithmetic only.
   *
   * @param r randomness
   * @param num numerator of γ, &gt;= 0
   * @param den denominator of γ, &gt;= 1
   * @return true with probability exactly exp(−num/den)
   */
  public static boolean bernoulliExpMinus(Randomness r, long num, long den) {
    Checks.positive("den", den);
    Checks.inRange("num", num, 0, Long.MAX_VALUE);
    long whole = num / den;
    // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)); stop at the first failure.
    for (long i = 0; i < whole; i++) {
      if (!expMinusAtMostOne(r, 1, 1)) {
        return false;
      }
    }
    return expMinusAtMostOne(r, num % den, den);
  }

  /** Bernoulli(exp(−γ)), γ = num/den ∈ [0, 1]: K = first k with Bernoulli(γ/k) = 0; odd K. */
  private static boolean expMinusAtMostOne(Randomness r, long num, long den) {
    long k = 1;
    while (bernoulliOverK(r, num, den, k)) {
      k++;
    }
    return (k & 1) == 1;
  }

  /** Bernoulli(num / (den·k)) with num ≤ den. */
  private static boolean bernoulliOverK(Randomness r, long num, long den, long k) {
    if (num == 0) {
      return false;
    }
    if (k == 1) {
      return num == den || r.nextLong(den) < num;
    }
    long hi = Math.multiplyHigh(den, k);
    long dk = den * k;
    if (hi == 0 && dk > 0) {
      return r.nextLong(dk) < num;
    }
    // Product of independent coins: P = (num/den)·(1/k).
    return r.nextLong(k) == 0 && (num == den || r.nextLong(den) < num);
  }

  /**
   * Bernoulli(exp(−num/den)) for arbitrarily large integers (CKS 2020 Algorithm 1).
   *
   * @param r randomness
   * @param num numerator of γ, &gt;= 0
   * @param den denominator of γ, &gt;= 1
   * @return true with probability exactly exp(−num/den)
   */
  public static boolean bernoulliExpMinus(Randomness r, BigInteger num, BigInteger den) {
    Checks.notNull("num", num);
    Checks.notNull("den", den);
    if (den.signum() <= 0 || num.signum() < 0) {
      throw new IllegalArgumentException(
          "need num >= 0 and den >= 1, got num=" + num + ", den=" + den);
    }
    if (num.bitLength() < 63 && den.bitLength() < 63) {
      return bernoulliExpMinus(r, num.longValue(), den.longValue());
    }
    BigInteger[] qr = num.divideAndRemainder(den);
    // ⌊γ⌋ may be astronomically large; each exp(−1) coin fails with probability 1 − 1/e, so the
    // loop ends long before the counter could matter.
    for (BigInteger i = BigInteger.ZERO; i.compareTo(qr[0]) < 0; i = i.add(BigInteger.ONE)) {
      if (!expMinusAtMostOne(r, 1, 1)) {
        return false;
      }
    }
    BigInteger rem = qr[1];
    long k = 1;
    while (true) {
      // Bernoulli(rem / (den·k)).
      boolean a =
          rem.signum() != 0
              && uniformBelow(r, den.multiply(BigInteger.valueOf(k))).compareTo(rem) < 0;
      if (!a) {
        return (k & 1) == 1;
      }
      k++;
    }
  }

  /** A uniform integer in [0, bound), by rejection on bound.bitLength() random bits. */
  static BigInteger uniformBelow(Randomness r, BigInteger bound) {
    int bits = bound.bitLength();
    int words = (bits + 63) / 64;
    while (true) {
      BigInteger v = BigInteger.ZERO;
      for (int i = 0; i < words; i++) {
        v = v.shiftLeft(64).or(new BigInteger(1, longBytes(r.nextLong())));
      }
      v = v.shiftRight(words * 64 - bits);
      if (v.compareTo(bound) < 0) {
        return v;
      }
    }
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--, v >>>= 8) {
      b[i] = (byte) v;
    }
    return b;
  }

  // ---------------------------------------------------------------- discrete Laplace

  /**
   * Discrete Laplace with rational scale t = scaleNum/scaleDen: P(z) = (1−q)/(1+q) · q^|z|, q =
   * exp(−1/t), by CKS 2020 Algorithm 2. Saturates at ±{@link #SATURATION}.
   *
   * @param r randomness
   * @param scaleNum numerator of the scale, &gt;= 1
   * @param scaleDen denominator of the scale, &gt;= 1
   * @return the sample
   */
  public static long discreteLaplace(Randomness r, long scaleNum, long scaleDen) {
    Checks.positive("scaleNum", scaleNum);
    Checks.positive("scaleDen", scaleDen);
    while (true) {
      long y = oneSidedDiscreteLaplace(r, scaleNum, scaleDen);
      boolean negative = r.nextBoolean();
      if (negative && y == 0) {
        continue;
      }
      return negative ? -y : y;
    }
  }

  /**
   * The exact magnitude of a {@link #discreteLaplace} sample that came back saturated (|z| = 2^62,
   * i.e. |Z| ≥ 2^62): 2^62 plus a fresh one-sided sample, and 2^62 more for each fresh sample that
   * saturates too — exact, since the geometric magnitude is memoryless at every integer.
   *
   * @param r randomness
   * @param scaleNum numerator of the scale, &gt;= 1
   * @param scaleDen denominator of the scale, &gt;= 1
   * @return the exact magnitude, at least 2^62
   */
  public static BigInteger discreteLaplaceBeyondSaturation(
      Randomness r, long scaleNum, long scaleDen) {
    BigInteger total = BigInteger.ZERO;
    long y;
    do {
      total = total.add(SATURATION_BIG);
      y = oneSidedDiscreteLaplace(r, scaleNum, scaleDen);
    } while (y == SATURATION);
    return total.add(BigInteger.valueOf(y));
  }

  /** min(Y, 2^62) for Y ≥ 0 with P(Y = y) ∝ exp(−y·s/t) (the magnitude in CKS Algorithm 2). */
  private static long oneSidedDiscreteLaplace(Randomness r, long t, long s) {
    while (true) {
      long u = r.nextLong(t);
      if (!bernoulliExpMinus(r, u, t)) {
        continue;
      }
      long v = 0;
      while (expMinusAtMostOne(r, 1, 1)) {
        v++;
      }
      // X = U + t·V is geometric with parameter exp(−1/t); Y = ⌊X/s⌋ is geometric with exp(−s/t).
      long tv = Math.multiplyHigh(t, v) == 0 ? t * v : -1;
      if (tv >= 0 && tv <= Long.MAX_VALUE - u) {
        return Math.min((u + tv) / s, SATURATION);
      }
      BigInteger x =
          BigInteger.valueOf(t).multiply(BigInteger.valueOf(v)).add(BigInteger.valueOf(u));
      return x.divide(BigInteger.valueOf(s)).min(SATURATION_BIG).longValue();
    }
  }

  // ---------------------------------------------------------------- discrete Gaussian

  /**
   * Discrete Gaussian N_Z(0, σ²) with rational σ² = num/den: P(z) ∝ exp(−z²/(2σ²)), by CKS 2020
   * Algorithm 3 (rejection from a discrete Laplace of integer scale ⌊σ⌋ + 1).
   *
   * @param r randomness
   * @param sigmaSqNum numerator of σ², &gt;= 1
   * @param sigmaSqDen denominator of σ², &gt;= 1
   * @return the sample
   */
  public static long discreteGaussian(Randomness r, long sigmaSqNum, long sigmaSqDen) {
    Checks.positive("sigmaSqNum", sigmaSqNum);
    Checks.positive("sigmaSqDen", sigmaSqDen);
    long n = sigmaSqNum;
    long d = sigmaSqDen;
    // Any t >= 1 gives the exact distribution; t = ⌊σ⌋ + 1 makes acceptance likely.
    long t = (long) Math.floor(Math.sqrt((double) n / (double) d)) + 1;
    while (true) {
      long y = discreteLaplace(r, t, 1);
      long abs = Math.abs(y);
      if (abs == SATURATION) {
        continue; // probability < exp(−2^62/t); see class javadoc
      }
      // Accept with exp(−(|y| − σ²/t)² / (2σ²)) = exp(−(|y|·t·d − n)² / (2·n·d·t²)).
      boolean accept;
      try {
        long u = Math.subtractExact(Math.multiplyExact(Math.multiplyExact(abs, t), d), n);
        long num = Math.multiplyExact(u, u);
        long den = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(2 * n, d), t), t);
        accept = bernoulliExpMinus(r, num, den);
      } catch (ArithmeticException overflow) {
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger bt = BigInteger.valueOf(t);
        BigInteger bd = BigInteger.valueOf(d);
        BigInteger u = BigInteger.valueOf(abs).multiply(bt).multiply(bd).subtract(bn);
        BigInteger den = bn.shiftLeft(1).multiply(bd).multiply(bt).multiply(bt);
        accept = bernoulliExpMinus(r, u.multiply(u), den);
      }
      if (accept) {
        return y;
      }
    }
  }

  /**
   * Discrete Gaussian N_Z(0, σ²) with σ² = a·2^j, sampled as CKS Algorithm 3 with a proposal of
   * power-of-two scale t = 2^j drawn by the fast {@link TwoSidedGeometric}: then σ²/t = a and the
   * acceptance exponent is (|y| − a)² / (a·2^(j+1)), small integers for the σ of a lattice
   * mechanism.
   *
   * @param r randomness
   * @param a σ²/2^j, &gt;= 1 (when a·2^(j+1) &gt;= 2^63 the acceptance coin runs on big integers)
   * @param j log₂ of the proposal scale, in [0, 61]
   * @return the sample
   */
  public static long discreteGaussianPow2(Randomness r, long a, int j) {
    return gaussianPow2(a, j).sample(r);
  }

  /**
   * A reusable sampler for {@link #discreteGaussianPow2(Randomness, long, int)}.
   *
   * @param a σ²/2^j, &gt;= 1 (when a·2^(j+1) &gt;= 2^63 the acceptance coin runs on big integers)
   * @param j log₂ of the proposal scale, in [0, 61]
   * @return the sampler
   */
  public static DiscreteGaussianPow2 gaussianPow2(long a, int j) {
    return new DiscreteGaussianPow2(a, j);
  }

  /** Discrete Gaussian with σ² = a·2^j (see {@link #discreteGaussianPow2}). Immutable. */
  public static final class DiscreteGaussianPow2 {
    private final long a;
    private final int j;
    // a·2^(j+1) when it fits in a long (σ below about 2^31), else -1 and denBig.
    private final long den;
    private final BigInteger denBig;
    private final TwoSidedGeometric proposal;

    DiscreteGaussianPow2(long a, int j) {
      Checks.positive("a", a);
      Checks.inRange("j", j, 0, 61);
      this.a = a;
      this.j = j;
      boolean fits = a <= (Long.MAX_VALUE >> (j + 1));
      this.den = fits ? a << (j + 1) : -1;
      this.denBig = BigInteger.valueOf(a).shiftLeft(j + 1);
      this.proposal = TwoSidedGeometric.of(1, j);
    }

    /**
     * One sample.
     *
     * @param r randomness
     * @return a sample of N_Z(0, a·2^j)
     */
    public long sample(Randomness r) {
      RandomBits bits = new RandomBits(r);
      while (true) {
        long y = proposal.sample(bits);
        long abs = Math.abs(y);
        if (abs == SATURATION) {
          continue; // probability < exp(−2^62/t); see class javadoc
        }
        long v = Math.abs(abs - a);
        boolean accept;
        if (den > 0 && v <= 3_037_000_499L) {
          accept = bits.bernoulliExpMinus(v * v, den);
        } else {
          // Large σ (den beyond 63 bits) or a far proposal: the same exact coin on big integers.
          BigInteger bv = BigInteger.valueOf(v);
          accept = bernoulliExpMinus(r, bv.multiply(bv), denBig);
        }
        if (accept) {
          return y;
        }
      }
    }

    /**
     * σ² of this sampler.
     *
     * @return a·2^j as a double (exact up to 53 bits)
     */
    public double variance() {
      return Math.scalb((double) a, j);
    }
  }

  // ---------------------------------------------------------------- fast geometric

  /**
   * Two-sided geometric P(z) ∝ exp(−γ|z|) with dyadic γ = gammaNum/2^log2Den (see {@link
   * TwoSidedGeometric}).
   *
   * @param r randomness
   * @param gammaNum numerator of γ, in [1, 2^62)
   * @param log2Den log₂ of the denominator of γ
   * @return the sample, saturated at ±{@link #SATURATION}
   */
  public static long twoSidedGeometric(Randomness r, long gammaNum, int log2Den) {
    return TwoSidedGeometric.of(gammaNum, log2Den).sample(r);
  }
}
