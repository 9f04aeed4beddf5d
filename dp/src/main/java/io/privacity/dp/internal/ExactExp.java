package io.privacity.dp.internal;

import io.privacity.core.random.Randomness;
import java.math.BigInteger;

/**
 * Exact comparisons of a uniform random real with e^(−x), for the rare cases where a certified
 * double-precision evaluation cannot decide: the uniform is revealed 32 bits at a time and e^(−x)
 * is bracketed in binary fixed point (integers scaled by 2^P) with every rounding directed
 * outwards, both refined until the brackets separate. Since e^(−x) is irrational for rational x ≠ 0
 * (Lindemann), and x is given as a bracket that shrinks with P, this terminates with probability 1;
 * each round decides with probability about 1 − 2^−30. Reached with probability about 2^−45 per
 * decision by the samplers that use it; a decision here costs tens of microseconds.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class ExactExp {
  private ExactExp() {}

  /** A bracket of x ≥ 0 in fixed point. */
  public interface Bracket {
    /**
     * Integers lo ≤ hi with lo/2^bits ≤ x ≤ hi/2^bits, the gap shrinking as bits grow.
     *
     * @param bits the fixed-point precision
     * @return {lo, hi}
     */
    BigInteger[] at(int bits);
  }

  /**
   * A uniform random real R in [0, 1) revealed lazily: R ∈ [v/2^bits, (v+1)/2^bits). Not
   * thread-safe; one per decision.
   */
  public static final class LazyUniform {
    private final Randomness r;
    private BigInteger v;
    private int bits;

    /**
     * A uniform whose first {@code bits} bits are {@code v} (already drawn), refined from r.
     *
     * @param r the randomness for further bits
     * @param v the revealed bits
     * @param bits how many, ≥ 0
     */
    public LazyUniform(Randomness r, long v, int bits) {
      this.r = r;
      this.v = BigInteger.valueOf(v);
      this.bits = bits;
    }

    /**
     * Whether R &lt; e^(−x), exactly.
     *
     * @param x the exponent, x ≥ 0, as a bracket
     * @return true iff R &lt; e^(−x)
     */
    public boolean below(Bracket x) {
      int p = 96;
      while (true) {
        BigInteger[] xb = x.at(p);
        BigInteger[] eb = expMinus(xb[0], xb[1], p);
        // R < (v+1)/2^bits ≤ lo/2^p  ⟺  (v+1)·2^p ≤ lo·2^bits
        if (v.add(BigInteger.ONE).shiftLeft(p).compareTo(eb[0].shiftLeft(bits)) <= 0) {
          return true;
        }
        // R ≥ v/2^bits ≥ hi/2^p
        if (v.shiftLeft(p).compareTo(eb[1].shiftLeft(bits)) >= 0) {
          return false;
        }
        v = v.shiftLeft(32).or(BigInteger.valueOf(r.nextLong() >>> 32));
        bits += 32;
        p += 64;
      }
    }
  }

  /**
   * A bracket of e^(−x) for x ∈ [lo/2^p, hi/2^p], lo ≥ 0, in units of 2^−p: {⌊2^2p/E⁺⌋, ⌈2^2p/E⁻⌉}
   * with E⁺ ≥ e^(hi/2^p)·2^p and E⁻ ≤ e^(lo/2^p)·2^p from the Taylor series of e^x, every term
   * rounded down (E⁻) or up (E⁺) and the tail bounded by its first term once terms halve.
   *
   * @param lo lower end of x, scaled by 2^p, ≥ 0
   * @param hi upper end of x, scaled by 2^p, ≥ lo
   * @param p the fixed-point precision, ≥ 1
   * @return {lower, upper} bounds of e^(−x), scaled by 2^p
   */
  public static BigInteger[] expMinus(BigInteger lo, BigInteger hi, int p) {
    BigInteger one = BigInteger.ONE.shiftLeft(p);
    BigInteger square = BigInteger.ONE.shiftLeft(2 * p);
    BigInteger eUpper = expUpper(hi, p, one);
    BigInteger eLower = expLower(lo, p, one);
    BigInteger[] qr = square.divideAndRemainder(eLower);
    BigInteger upper = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    return new BigInteger[] {square.divide(eUpper), upper};
  }

  /** ⌊·⌋-rounded Taylor sum of e^(x/2^p), scaled by 2^p: at most the true value. */
  static BigInteger expLower(BigInteger x, int p, BigInteger one) {
    BigInteger sum = one;
    BigInteger term = one;
    for (long n = 1; term.signum() > 0; n++) {
      term = term.multiply(x).divide(BigInteger.valueOf(n).shiftLeft(p));
      sum = sum.add(term);
    }
    return sum;
  }

  /**
   * ⌈·⌉-rounded Taylor sum of e^(x/2^p), scaled by 2^p, plus a bound of the tail: once n + 1 ≥ 2x,
   * each later term is at most half the previous, so the tail after term n is at most term n.
   */
  static BigInteger expUpper(BigInteger x, int p, BigInteger one) {
    BigInteger sum = one;
    BigInteger term = one;
    BigInteger twoX = x.shiftLeft(1);
    for (long n = 1; ; n++) {
      BigInteger[] qr = term.multiply(x).divideAndRemainder(BigInteger.valueOf(n).shiftLeft(p));
      term = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
      sum = sum.add(term);
      if (term.compareTo(BigInteger.ONE) <= 0
          && BigInteger.valueOf(n + 1).shiftLeft(p).compareTo(twoX) >= 0) {
        return sum.add(term);
      }
    }
  }

  /**
   * A bracket of √m·2^p: ⌊√(m·2^2p)⌋ and that plus one.
   *
   * @param m the integer, ≥ 0
   * @param p the precision
   * @return {lo, hi}
   */
  public static BigInteger[] sqrt(BigInteger m, int p) {
    BigInteger s = m.shiftLeft(2 * p).sqrt();
    return new BigInteger[] {s, s.add(BigInteger.ONE)};
  }
}
