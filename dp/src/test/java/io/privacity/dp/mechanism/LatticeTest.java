package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void toLattice_double_roundsToNearest_andClamps() {
    assertEquals(3, Lattice.toLattice(0.75, -2));
    assertEquals(-3, Lattice.toLattice(-0.8, -2));
    assertEquals(0, Lattice.toLattice(Double.MIN_VALUE, 10));
    assertEquals(Lattice.CLAMP, Lattice.toLattice(Double.MAX_VALUE, -3));
    assertEquals(-Lattice.CLAMP, Lattice.toLattice(-1e300, 0));
    assertThrows(IllegalArgumentException.class, () -> Lattice.toLattice(Double.NaN, 0));
    assertThrows(
        IllegalArgumentException.class, () -> Lattice.toLattice(Double.NEGATIVE_INFINITY, 0));
  }

  @Test
  void toLattice_long_roundsHalfUp_andClamps() {
    assertEquals(-1, Lattice.toLattice(-3L, 1)); // -1.5 → -1
    assertEquals(2, Lattice.toLattice(3L, 1)); // 1.5 → 2
    assertEquals(1, Lattice.toLattice(5L, 3)); // 0.625 → 1
    assertEquals(0, Lattice.toLattice(3L, 3)); // 0.375 → 0
    assertEquals(Lattice.CLAMP, Lattice.toLattice(Long.MAX_VALUE, 0));
    assertEquals(-Lattice.CLAMP, Lattice.toLattice(Long.MIN_VALUE, 1));
  }

  @Test
  void addClamped_and_fromLattice_neverOverflow() {
    long sat = 1L << 62;
    assertEquals(Lattice.CLAMP, Lattice.addClamped(Lattice.CLAMP, sat));
    assertEquals(-Lattice.CLAMP, Lattice.addClamped(-Lattice.CLAMP, -sat));
    assertEquals(-Lattice.CLAMP, Lattice.addClamped(Lattice.CLAMP, -sat));
    // Saturation stays on the lattice: the largest multiple of 2^3 that fits in a long.
    assertEquals(Long.MAX_VALUE - 7, Lattice.fromLatticeToLong(Lattice.CLAMP, 3));
    assertEquals(0, Lattice.fromLatticeToLong(Lattice.CLAMP, 3) % 8);
    assertEquals(Long.MIN_VALUE, Lattice.fromLatticeToLong(-Lattice.CLAMP, 3));
    assertEquals(40, Lattice.fromLatticeToLong(5, 3));
    assertEquals(1.25, Lattice.fromLattice(5, -2));
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
