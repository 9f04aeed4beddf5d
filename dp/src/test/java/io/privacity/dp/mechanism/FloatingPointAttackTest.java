package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mironov's attack (CCS 2012) on textbook floating-point Laplace noise, and why the lattice
 * mechanism is immune.
 *
 * <p>The textbook sampler (written here, in test code only) releases fl(x + fl(±b·(−ln U))) with U
 * a uniform double. Only about 2^53 noise values can occur, unevenly spaced, so many doubles near x
 * + noise are unreachable from a given x. An attacker who sees y asks: "is y reachable from x = 0?"
 * — i.e. is there a double U with fl(−ln U) = |y| (b = 1, x = 0 adds exactly)? For outputs of x = 1
 * the answer is frequently <em>no</em>, which proves the input was not 0: an infinite privacy loss.
 */
class FloatingPointAttackTest {
  private static final double B = 1.0; // textbook scale Δ/ε with Δ = ε = 1

  /** The textbook inverse-CDF Laplace, as found in many libraries. Never use it. */
  private static double textbookLaplace(double x, SplittableRandom rnd) {
    double u = rnd.nextDouble(); // multiple of 2^-53 in [0, 1)
    while (u == 0) {
      u = rnd.nextDouble();
    }
    double noise = -B * Math.log(u);
    return rnd.nextBoolean() ? x + noise : x - noise;
  }

  /**
   * Whether y is an output of textbookLaplace(0): some u = i·2^-53 has fl(−ln u) = |y|. −ln is
   * monotone, so only i near 2^53·e^{−|y|} can work; we scan ±64 around that estimate (the
   * estimate's error is a few units).
   */
  private static boolean reachableFromZero(double y) {
    double target = Math.abs(y);
    long center = Math.round(Math.exp(-target / B) * 0x1p53);
    for (long i = Math.max(1, center - 64); i <= Math.min((1L << 53) - 1, center + 64); i++) {
      if (-B * Math.log(i * 0x1p-53) == target) {
        return true;
      }
    }
    return false;
  }

  @Test
  void textbookLaplace_outputsDistinguishInputs() {
    SplittableRandom rnd = new SplittableRandom(2012);
    int n = 20_000;
    int unreachable = 0;
    for (int i = 0; i < n; i++) {
      if (!reachableFromZero(textbookLaplace(1, rnd))) {
        unreachable++;
      }
    }
    // Sanity of the reachability test: outputs of x = 0 are always reachable from 0.
    for (int i = 0; i < 2000; i++) {
      assertTrue(reachableFromZero(textbookLaplace(0, rnd)));
    }
    // A large share of outputs for x = 1 could never have come from x = 0: each such output
    // identifies the input with certainty. With this seed about 60% of them are unreachable.
    assertTrue(
        unreachable > n / 5, "only " + unreachable + " of " + n + " outputs were unreachable");
  }

  @Test
  void latticeLaplace_reachableOutputsCoincide() {
    LaplaceMechanism m =
        LaplaceMechanism.builder()
            .epsilon(1)
            .l1Sensitivity(1)
            .randomness(Randomness.insecureSeeded(2012))
            .build();
    double g = m.granularity();
    double gamma = g / m.scale();
    long sensitivityUnits =
        Math.round((double) m.guarantee().parameters().get("roundedL1Sensitivity") / g);
    long x0 = Math.round(0 / g);
    long x1 = Math.round(1 / g);
    for (int i = 0; i < 20_000; i++) {
      double y1 = m.addNoise(1.0);
      double units = y1 / g;
      // Every output is a lattice point...
      assertEquals(Math.rint(units), units, "off-lattice output " + y1);
      // ...so it is reachable from x = 0 with positive probability (the noise has full support
      // on the integers), and the exact likelihood ratio of the two inputs is bounded by e^ε:
      long y = (long) units;
      double logRatio = gamma * (Math.abs(y - x0) - Math.abs(y - x1));
      assertTrue(Math.abs(logRatio) <= gamma * sensitivityUnits);
      assertTrue(gamma * sensitivityUnits <= 1.0, "effective epsilon " + gamma * sensitivityUnits);
    }
  }
}
