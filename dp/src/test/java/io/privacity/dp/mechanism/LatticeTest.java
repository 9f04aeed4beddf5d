package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class LatticeTest {

  @Test
  void ceilLog2_powersAndNonPowers() {
    assertEquals(0, Lattice.ceilLog2(1));
    assertEquals(1, Lattice.ceilLog2(1.5));
    assertEquals(-3, Lattice.ceilLog2(0.125));
    assertEquals(-2, Lattice.ceilLog2(0.13));
    assertEquals(40, Lattice.ceilLog2(0x1p40));
  }

  @Test
  void toLatticeExact_roundsToNearest_neverClamps() {
    assertEquals(BigInteger.valueOf(3), Lattice.toLatticeExact(0.75, -2));
    assertEquals(BigInteger.valueOf(-3), Lattice.toLatticeExact(-0.8, -2));
    assertEquals(BigInteger.ZERO, Lattice.toLatticeExact(Double.MIN_VALUE, 10));
    // Beyond 2^62 lattice units the value is taken exactly: MAX_VALUE = (2^53 − 1)·2^971.
    BigInteger max = BigInteger.ONE.shiftLeft(53).subtract(BigInteger.ONE).shiftLeft(971 + 3);
    assertEquals(max, Lattice.toLatticeExact(Double.MAX_VALUE, -3));
    assertEquals(
        new java.math.BigDecimal(-1e300).toBigInteger(), Lattice.toLatticeExact(-1e300, 0));
    assertThrows(IllegalArgumentException.class, () -> Lattice.toLatticeExact(Double.NaN, 0));
    assertThrows(
        IllegalArgumentException.class, () -> Lattice.toLatticeExact(Double.NEGATIVE_INFINITY, 0));
  }

  @Test
  void toLattice_long_roundsHalfUp_neverClamps() {
    assertEquals(-1, Lattice.toLattice(-3L, 1)); // -1.5 → -1
    assertEquals(2, Lattice.toLattice(3L, 1)); // 1.5 → 2
    assertEquals(1, Lattice.toLattice(5L, 3)); // 0.625 → 1
    assertEquals(0, Lattice.toLattice(3L, 3)); // 0.375 → 0
    assertEquals(Long.MAX_VALUE, Lattice.toLattice(Long.MAX_VALUE, 0));
    assertEquals(Long.MIN_VALUE >> 1, Lattice.toLattice(Long.MIN_VALUE, 1));
    assertEquals(1L << 39, Lattice.toLattice(Long.MAX_VALUE, 24)); // 2^63/2^24, rounded up
  }

  @Test
  void release_isExact_andSaturatesOnlyAtTheOutputRange() {
    // Fast path and exact path agree on the nearest double.
    assertEquals(1e12 + 5 * 0x1p-3, Lattice.release(1e12, -3, 5));
    assertEquals(1e300, Lattice.release(1e300, -32, 12345));
    assertEquals(1e300, Lattice.release(1e300, -32, BigInteger.valueOf(12345)));
    // 2^70 + 1·2^20: exact in a double, beyond the long range of lattice units at k = 0.
    assertEquals(0x1p70 + 0x1p20, Lattice.release(0x1p70, 0, BigInteger.ONE.shiftLeft(20)));
    assertEquals(Double.MAX_VALUE, Lattice.release(Double.MAX_VALUE, 900, Long.MAX_VALUE >> 2));
    assertEquals(-Double.MAX_VALUE, Lattice.release(-Double.MAX_VALUE, 960, -(1L << 61)));
    // Rounding to the nearest double once (ties to even) from a 64-bit sum with a sticky bit.
    BigInteger y =
        BigInteger.ONE.shiftLeft(100).add(BigInteger.ONE.shiftLeft(47)).add(BigInteger.ONE);
    assertEquals(0x1p100 + 0x1p48, Lattice.toDouble(y, 0));
    assertEquals(0x1p100, Lattice.toDouble(y.subtract(BigInteger.ONE), 0)); // a tie: to even
  }

  @Test
  void releaseLong_saturatesOnTheLattice() {
    long sat = 1L << 62;
    assertEquals(Long.MAX_VALUE, Lattice.releaseLong(Long.MAX_VALUE, 0, sat - 1));
    assertEquals(Long.MIN_VALUE, Lattice.releaseLong(Long.MIN_VALUE, 0, -(sat - 1)));
    assertEquals(Long.MAX_VALUE - (sat - 1), Lattice.releaseLong(Long.MAX_VALUE, 0, -(sat - 1)));
    // Saturation stays on the lattice: the largest multiple of 2^3 that fits in a long.
    assertEquals(Long.MAX_VALUE - 7, Lattice.releaseLong(Long.MAX_VALUE, 3, 5));
    assertEquals(Long.MAX_VALUE - 7, Lattice.fromLatticeToLong(1L << 61, 3));
    assertEquals(Long.MIN_VALUE, Lattice.fromLatticeToLong(-(1L << 61), 3));
    assertEquals(40, Lattice.fromLatticeToLong(5, 3));
    assertEquals(Long.MAX_VALUE, Lattice.releaseLong(0, 0, BigInteger.ONE.shiftLeft(70)));
    assertEquals(123 + 40, Lattice.releaseLong(123, 0, BigInteger.valueOf(40)));
  }

  @Test
  void sensitivityUnits_isTheCeiling() {
    assertEquals(1024, Lattice.sensitivityUnits(1, -10)); // exact multiple: no extra unit
    assertEquals(1025, Lattice.sensitivityUnits(Math.nextUp(1.0), -10));
    assertEquals(1, Lattice.sensitivityUnits(0x1p-80, 0));
  }

  @Test
  void geometricAtMost_isConservativeAndTight() {
    for (double g : new double[] {1e-9, 0x1p-32, 0.3, 1, 5.5, 1e6}) {
      double got = Lattice.geometricAtMost(g).gamma();
      assertTrue(got <= g, g + " -> " + got);
      assertTrue(got >= Math.min(g, 0x1p20) * (1 - 0x1p-29), g + " -> " + got);
    }
  }

  @Test
  void geometricHalfWidth_isTheExactSmallestWidth() {
    double gamma = 0.7;
    double q = Math.exp(-gamma);
    for (double level : new double[] {0.5, 0.9, 0.95, 0.999}) {
      long w = Lattice.geometricHalfWidth(gamma, level);
      double tail = 2 * Math.pow(q, w + 1) / (1 + q); // P(|Z| > w)
      double tailBefore = 2 * Math.pow(q, w) / (1 + q); // P(|Z| > w − 1)
      assertTrue(tail <= 1 - level, "w=" + w + " too small at " + level);
      assertTrue(w == 0 || tailBefore > 1 - level, "w=" + w + " not minimal at " + level);
    }
  }
}
