package io.privacity.dp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The arbitrary-precision fallback of the geo sampler: brackets are right, and shrink. */
class ExactExpTest {

  private static double scaled(BigInteger v, int p) {
    return Math.scalb(v.doubleValue(), -p);
  }

  @Test
  void expMinus_bracketsMathExp_andNarrowsWithPrecision() {
    for (double x : new double[] {0, 1e-9, 0.001, 0.5, 1, 3.7, 20, 60}) {
      for (int p : new int[] {64, 96, 200}) {
        BigInteger fixed =
            BigInteger.valueOf((long) Math.floor(Math.scalb(x, 40))).shiftLeft(p - 40);
        // x itself is exactly fixed/2^p here (x·2^40 is an integer for these x up to rounding).
        double xs = scaled(fixed, p);
        BigInteger[] e = ExactExp.expMinus(fixed, fixed, p);
        double lo = scaled(e[0], p);
        double hi = scaled(e[1], p);
        double ref = Math.exp(-xs); // within one ulp
        assertTrue(lo <= ref * (1 + 1e-15) && hi >= ref * (1 - 1e-15), x + ": " + lo + " " + hi);
        // The bracket is a few units of 2^−p wide.
        assertTrue(e[1].subtract(e[0]).bitLength() <= 8, x + " at " + p + ": too wide");
      }
    }
  }

  @Test
  void sqrt_bracketsTheRoot() {
    for (long m : new long[] {0, 1, 2, 3, 4, 1L << 52, 123456789012345L}) {
      BigInteger[] s = ExactExp.sqrt(BigInteger.valueOf(m), 60);
      double root = Math.sqrt(m);
      assertTrue(scaled(s[0], 60) <= root * (1 + 1e-15) && scaled(s[1], 60) >= root * (1 - 1e-15));
      assertEquals(BigInteger.ONE, s[1].subtract(s[0]));
    }
  }

  @Test
  void lazyUniform_decidesLikeTheDoubleComparison_awayFromTheThreshold() {
    Randomness r = Randomness.insecureSeeded(45);
    for (int i = 0; i < 2000; i++) {
      long v = r.nextLong() >>> 11;
      double u = v * 0x1p-53;
      double x = r.nextDouble() * 5;
      BigInteger fx = BigInteger.valueOf((long) (x * 0x1p40)).shiftLeft(56);
      double xe = scaled(fx, 96);
      double threshold = Math.exp(-xe);
      if (Math.abs(u - threshold) < 1e-12) {
        continue;
      }
      boolean below = new ExactExp.LazyUniform(r, v, 53).below(p -> shift(fx, p - 96));
      assertEquals(u < threshold, below, "u=" + u + ", e^-x=" + threshold);
    }
  }

  private static BigInteger[] shift(BigInteger x, int s) {
    BigInteger v = s >= 0 ? x.shiftLeft(s) : x.shiftRight(-s);
    return new BigInteger[] {v, s >= 0 ? v : v.add(BigInteger.ONE)};
  }

  @Test
  void lazyUniform_refinesWhenTheFirstBitsStraddle() {
    // R's first 53 bits are the cell of e^−1 itself, so 53 bits cannot decide: 32 more are drawn
    // (and more if needed), and the answer is that of the refined R against e^−1.
    BigInteger one = BigInteger.ONE.shiftLeft(200);
    BigInteger[] e = ExactExp.expMinus(one, one, 200); // e^−1 within a few 2^−200
    long v = e[0].shiftRight(200 - 53).longValueExact();
    for (long seed = 0; seed < 200; seed++) {
      boolean below =
          new ExactExp.LazyUniform(Randomness.insecureSeeded(seed), v, 53)
              .below(p -> shift(BigInteger.ONE.shiftLeft(96), p - 96));
      BigInteger refined =
          BigInteger.valueOf(v)
              .shiftLeft(32)
              .or(BigInteger.valueOf(Randomness.insecureSeeded(seed).nextLong() >>> 32));
      // At 85 bits: below iff (refined + 1)·2^115 ≤ e^−1·2^200, above iff refined·2^115 ≥ it.
      if (refined.add(BigInteger.ONE).shiftLeft(115).compareTo(e[0]) <= 0) {
        assertTrue(below, "seed " + seed);
      } else if (refined.shiftLeft(115).compareTo(e[1]) >= 0) {
        assertTrue(!below, "seed " + seed);
      }
    }
  }
}
