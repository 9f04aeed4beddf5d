package io.privacity.dp.geo;

import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.ExactExp;
import java.math.BigInteger;

/**
 * Exact sampler of the planar Laplace distribution restricted to the lattice: N ∈ ℤ² with P(N = n)
 * ∝ exp(−γ‖n‖₂), γ = G/2^K. Rejection from the product of two two-sided geometric coordinates of
 * rate a = A/2^K ≤ γ/√2 — P ∝ exp(−a‖n‖₁) — accepted with probability exp(−(γ‖n‖₂ − a‖n‖₁)) ≤ 1.
 *
 * <p>Both primitives compare a uniform random real with exp(−x) exactly, deciding in double
 * precision when a proven error bound allows it (all but about 2^−45 of the cases) and otherwise in
 * {@link ExactExp} arbitrary precision:
 *
 * <ul>
 *   <li>a geometric coordinate is G = ⌊−ln(R)/a⌋ for a uniform R (inverse CDF: G = k ⟺ e^(−a(k+1))
 *       &lt; R ≤ e^(−ak)), read from the 53 high bits of one random word with one logarithm; its
 *       sign is a low bit of the same word;
 *   <li>acceptance is R &lt; exp(−t) for one more word, decided by the bounds 1 − t ≤ e^(−t) ≤ 1 −
 *       t + t²/2 when they suffice, else by one exponential.
 * </ul>
 *
 * So an attempt costs three random words, two logarithms and a square root — against two exact
 * geometric samplers and a chain of von Neumann trials of a 64-bit word per coin before issue 16.
 * Package-private; immutable, thread-safe. Proof: {@code docs/proofs/geo.md}.
 */
final class LatticeLaplaceSampler {
  private static final double TWO_M53 = 0x1p-53;

  private final long gammaNum;
  private final long aNum;
  private final int log2Den;
  private final double gamma;
  private final double a;
  // Tests only: skip every double-precision decision, so the arbitrary-precision path is checked.
  private final boolean exactOnly;

  LatticeLaplaceSampler(long gammaNum, long aNum, int log2Den) {
    this(gammaNum, aNum, log2Den, false);
  }

  LatticeLaplaceSampler(long gammaNum, long aNum, int log2Den, boolean exactOnly) {
    this.exactOnly = exactOnly;
    this.gammaNum = gammaNum;
    this.aNum = aNum;
    this.log2Den = log2Den;
    this.gamma = Math.scalb((double) gammaNum, -log2Den); // exact: gammaNum < 2^53
    this.a = Math.scalb((double) aNum, -log2Den);
  }

  /** One exact sample N, as {n1, n2}. */
  long[] sample(Randomness r) {
    while (true) {
      long n1 = coordinate(r);
      long n2 = coordinate(r);
      if (accept(n1, n2, r.nextLong(), r)) {
        return new long[] {n1, n2};
      }
    }
  }

  /** Two-sided geometric, P(z) ∝ e^(−a|z|): sign bit, magnitude, "−0" rejected. */
  private long coordinate(Randomness r) {
    while (true) {
      long w = r.nextLong();
      long g = magnitude(w, r);
      boolean negative = (w & 1) != 0; // a low bit: disjoint from the 53 bits of R
      if (!(negative && g == 0)) {
        return negative ? -g : g;
      }
    }
  }

  /**
   * G = ⌊−ln(R)/a⌋ with R ∈ [v·2^−53, (v+1)·2^−53), v the 53 high bits of w. Over that interval
   * −ln(R)/a lies in [y − w, y], y = −ln(v·2^−53)/a, w ≤ 2^−53/(v·2^−53·a); {@code Math.log} is
   * within one ulp and the division within half an ulp, so the computed y is within 2^−50·y of the
   * true one (the margin used is 2^−48·(y + 1)). If both ends floor to the same integer, that is G.
   */
  long magnitude(long w, Randomness r) {
    long v = w >>> 11;
    if (v != 0 && !exactOnly) {
      double low = v * TWO_M53;
      double y = -Math.log(low) / a;
      double width = TWO_M53 / (low * a) * (1 + 0x1p-40);
      double margin = 0x1p-48 * (y + 1);
      double f = Math.floor(y + margin);
      if (y - width - margin >= f && f < 0x1p52) {
        return (long) f;
      }
    }
    return exactMagnitude(v, r);
  }

  /** G = max{j ≥ 0 : R &lt; e^(−aj)}, found from an estimate by exact comparisons. */
  long exactMagnitude(long v, Randomness r) {
    ExactExp.LazyUniform u = new ExactExp.LazyUniform(r, v, 53);
    double high = (v + 1) * TWO_M53;
    long k = (long) Math.max(0, Math.floor(-Math.log(high) / a));
    while (u.below(multipleOfA(k + 1))) {
      k++;
    }
    while (k > 0 && !u.below(multipleOfA(k))) {
      k--;
    }
    return k;
  }

  /** The exact a·j = A·j/2^K in fixed point (exact when p ≥ K, else rounded outwards). */
  private ExactExp.Bracket multipleOfA(long j) {
    BigInteger aj = BigInteger.valueOf(aNum).multiply(BigInteger.valueOf(j));
    return p -> shiftOutwards(aj, aj, p - log2Den);
  }

  /** {⌊lo·2^s⌋, ⌈hi·2^s⌉} for a shift s of either sign. */
  private static BigInteger[] shiftOutwards(BigInteger lo, BigInteger hi, int s) {
    if (s >= 0) {
      return new BigInteger[] {lo.shiftLeft(s), hi.shiftLeft(s)};
    }
    BigInteger up = hi.add(BigInteger.ONE.shiftLeft(-s)).subtract(BigInteger.ONE).shiftRight(-s);
    return new BigInteger[] {lo.shiftRight(-s), up};
  }

  /**
   * Bernoulli(exp(−t)), t = γ‖n‖₂ − a‖n‖₁ ≥ 0, as R &lt; e^(−t) with R from the 53 high bits of w.
   * The double t is within 2^−49·(γ‖n‖₂ + a‖n‖₁) of the true one (square root, two products and a
   * difference, each rounded once); the comparisons below hold for every t in that band.
   */
  boolean accept(long n1, long n2, long w, Randomness r) {
    long v = w >>> 11;
    double low = v * TWO_M53;
    double high = low + TWO_M53;
    long abs1 = Math.abs(n1);
    long abs2 = Math.abs(n2);
    if (abs1 < (1L << 26) && abs2 < (1L << 26) && !exactOnly) {
      double l1 = abs1 + abs2; // exact
      double norm = Math.sqrt((double) (abs1 * abs1 + abs2 * abs2)); // the sum is exact
      double gn = gamma * norm;
      double al = a * l1;
      double t = gn - al;
      double err = 0x1p-49 * (gn + al);
      if (high <= 1 - (t + err) - 0x1p-50) {
        return true; // R < high ≤ 1 − t ≤ e^(−t)
      }
      if (t + err <= 1) {
        double tl = Math.max(0, t - err);
        if (low >= 1 - tl + tl * tl / 2 + 0x1p-50) {
          return false; // R ≥ low > 1 − t + t²/2 ≥ e^(−t) (1 − x + x²/2 decreases on [0, 1])
        }
      }
      double e = Math.exp(-t); // within one ulp of e^(−t_computed)
      if (high <= e * (1 - 2 * err - 0x1p-50)) {
        return true;
      }
      if (low >= e * (1 + 2 * err + 0x1p-50)) {
        return false;
      }
    }
    return new ExactExp.LazyUniform(r, v, 53).below(excess(n1, n2));
  }

  /**
   * t = (G·√m − A·‖n‖₁)/2^K with m = ‖n‖₂², in fixed point: with √m·2^p ∈ [s, s + 1], t·2^(p+K) ∈
   * [G·s − A‖n‖₁2^p, G·(s + 1) − A‖n‖₁2^p], shifted down by K outwards (t ≥ 0 bounds the low end).
   */
  private ExactExp.Bracket excess(long n1, long n2) {
    BigInteger b1 = BigInteger.valueOf(n1);
    BigInteger b2 = BigInteger.valueOf(n2);
    BigInteger m = b1.multiply(b1).add(b2.multiply(b2));
    BigInteger g = BigInteger.valueOf(gammaNum);
    BigInteger al = BigInteger.valueOf(aNum).multiply(b1.abs().add(b2.abs()));
    return p -> {
      BigInteger[] s = ExactExp.sqrt(m, p);
      BigInteger alp = al.shiftLeft(p);
      BigInteger[] t =
          shiftOutwards(g.multiply(s[0]).subtract(alp), g.multiply(s[1]).subtract(alp), -log2Den);
      return new BigInteger[] {t[0].max(BigInteger.ZERO), t[1].max(BigInteger.ZERO)};
    };
  }
}
