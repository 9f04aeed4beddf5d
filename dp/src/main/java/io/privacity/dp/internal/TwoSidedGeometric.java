package io.privacity.dp.internal;

import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import java.math.BigInteger;

/**
 * Exact two-sided geometric sampler, P(z) = (1−q)/(1+q) · q^|z| with q = exp(−γ), for dyadic γ =
 * gammaNum / 2^log2Den, at a small constant expected cost however small γ is. Immutable,
 * thread-safe.
 *
 * <h2>Method (proof in {@code docs/proofs/laplace.md})</h2>
 *
 * <p>For γ &lt; 1 write γ = c / 2^m with c = gammaNum / 2^bitLength(gammaNum) ∈ [1/2, 1). The
 * one-sided geometric G (P(g) ∝ e^{−γg}, g ≥ 0) splits as G = 2^m·H + L with H and L independent:
 *
 * <ul>
 *   <li>L ∈ [0, 2^m) with P(l) ∝ e^{−γl}: a uniform m-bit integer accepted with probability
 *       exp(−c·L/2^m) (acceptance ≥ (1 − e^{−1}) on average);
 *   <li>H geometric with P(h) ∝ e^{−ch}: count successes of Bernoulli(exp(−c)) until a failure.
 * </ul>
 *
 * <p>Both Bernoulli(exp(−x)) coins use von Neumann's method (CKS 2020, Algorithm 1), whose inner
 * coins Bernoulli(x/k) are products of independent coins
 * Bernoulli(c)·Bernoulli(L/2^m)·Bernoulli(1/k) — dyadic comparisons of random bits, drawn from a
 * bit buffer so a sample costs a few 64-bit draws. A sign bit with rejection of "−0" makes it
 * two-sided. Returns sign·min(G, 2^62), an exact function of the exact sample; {@link
 * #beyondSaturation} continues a saturated sample exactly (the geometric is memoryless), so callers
 * can release X + Z exactly for any X.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class TwoSidedGeometric {
  private final long gammaNum;
  private final int log2Den;
  // γ < 1 path: γ = cNum / 2^(cBits + m).
  private final boolean small;
  private final int m;
  private final long cNum;
  private final int cBits;
  private final long hLimit;

  private TwoSidedGeometric(long gammaNum, int log2Den) {
    this.gammaNum = gammaNum;
    this.log2Den = log2Den;
    int bits = 64 - Long.numberOfLeadingZeros(gammaNum);
    this.small = log2Den >= bits;
    this.m = small ? log2Den - bits : 0;
    this.cNum = gammaNum;
    this.cBits = bits;
    this.hLimit = small ? ExactSamplers.SATURATION >> m : ExactSamplers.SATURATION;
  }

  /**
   * A sampler for γ = gammaNum / 2^log2Den.
   *
   * @param gammaNum numerator, in [1, 2^62)
   * @param log2Den log₂ of the denominator, in [0, 61] when γ ≥ 1/2 would follow, and with log2Den
   *     − bitLength(gammaNum) ≤ 62 otherwise
   * @return the sampler
   */
  public static TwoSidedGeometric of(long gammaNum, int log2Den) {
    Checks.inRange("gammaNum", gammaNum, 1, (1L << 62) - 1);
    int bits = 64 - Long.numberOfLeadingZeros(gammaNum);
    Checks.inRange("log2Den", log2Den, 0, bits + 62L);
    return new TwoSidedGeometric(gammaNum, log2Den);
  }

  /**
   * γ as a double (for reporting only).
   *
   * @return gammaNum·2^−log2Den
   */
  public double gamma() {
    return Math.scalb((double) gammaNum, -log2Den);
  }

  /**
   * One sample.
   *
   * @param r randomness
   * @return z with P(z) ∝ exp(−γ|z|), as sign·min(|z|, 2^62)
   */
  public long sample(Randomness r) {
    return sample(new RandomBits(r));
  }

  /**
   * One sample, drawing from a shared bit buffer.
   *
   * @param bits the bit buffer
   * @return z with P(z) ∝ exp(−γ|z|), as sign·min(|z|, 2^62)
   */
  public long sample(RandomBits bits) {
    while (true) {
      long g = small ? oneSidedSmall(bits) : oneSidedLarge(bits);
      boolean negative = bits.take(1) == 1;
      if (negative && g == 0) {
        continue;
      }
      return negative ? -g : g;
    }
  }

  /**
   * The exact magnitude |Z| of a sample that {@link #sample} returned saturated (|Z| ≥ 2^62): 2^62
   * plus a fresh one-sided sample, and 2^62 more for each fresh sample that saturates too. Exact
   * because the one-sided geometric is memoryless at every integer: P(G = 2^62 + j | G ≥ 2^62) =
   * P(G = j). Reached with probability below exp(−γ·2^62) per sample: for the lattice mechanisms (γ
   * ≥ 2^−33) never in practice, but it keeps their release exact for every input.
   *
   * @param r randomness
   * @return the exact magnitude, at least 2^62
   */
  public BigInteger beyondSaturation(Randomness r) {
    RandomBits bits = new RandomBits(r);
    BigInteger total = BigInteger.ZERO;
    long g;
    do {
      total = total.add(BigInteger.valueOf(ExactSamplers.SATURATION));
      g = small ? oneSidedSmall(bits) : oneSidedLarge(bits);
    } while (g == ExactSamplers.SATURATION);
    return total.add(BigInteger.valueOf(g));
  }

  private long oneSidedSmall(RandomBits bits) {
    long l = 0;
    if (m > 0) {
      do {
        l = bits.take(m);
      } while (!expMinusCtimesFraction(bits, l));
    }
    long h = 0;
    while (expMinusC(bits)) {
      h++;
      if (h > hLimit) {
        return ExactSamplers.SATURATION;
      }
    }
    return Math.min((h << m) + l, ExactSamplers.SATURATION);
  }

  private long oneSidedLarge(RandomBits bits) {
    long h = 0;
    long den = 1L << log2Den;
    while (bits.bernoulliExpMinus(gammaNum, den)) {
      h++;
      if (h >= hLimit) {
        return ExactSamplers.SATURATION;
      }
    }
    return h;
  }

  /** Bernoulli(exp(−c)) by von Neumann: K = first k with Bernoulli(c/k) = 0; true iff K odd. */
  private boolean expMinusC(RandomBits bits) {
    long k = 1;
    while (bits.below(k) == 0 && bits.uniformBelow(cNum, cBits)) {
      k++;
    }
    return (k & 1) == 1;
  }

  /** Bernoulli(exp(−c·l/2^m)), with inner coins Bernoulli(1/k)·Bernoulli(l/2^m)·Bernoulli(c). */
  private boolean expMinusCtimesFraction(RandomBits bits, long l) {
    if (l == 0) {
      return true;
    }
    long k = 1;
    while (bits.below(k) == 0 && bits.uniformBelow(l, m) && bits.uniformBelow(cNum, cBits)) {
      k++;
    }
    return (k & 1) == 1;
  }
}
