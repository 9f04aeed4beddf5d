package io.privacity.dp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

class DiscreteLaplaceNoiseProperties {

  /** The realized ε never exceeds the requested one, and loses at most 2^-38 relative. */
  @Property(tries = 1000)
  void realizedEpsilon_isConservativeAndTight(
      @ForAll @DoubleRange(min = -12, max = 6) double log10Epsilon,
      @ForAll @LongRange(min = 1, max = 1L << 40) long sensitivity) {
    double epsilon = Math.pow(10, log10Epsilon);
    if (epsilon / sensitivity < DiscreteLaplaceNoise.MIN_GAMMA) {
      assertThrows(
          IllegalArgumentException.class,
          () -> DiscreteLaplaceNoise.forEpsilon(epsilon, sensitivity));
      return;
    }
    DiscreteLaplaceNoise n = DiscreteLaplaceNoise.forEpsilon(epsilon, sensitivity);
    assertTrue(n.epsilon() <= epsilon);
    // Exact check: Δ·γ <= ε. γ is read back as the sampler's dyadic γ, exact in this range
    // (ε/Δ <= 10^6). Not 1/scale(): that rounds twice and can land one ulp above γ.
    BigDecimal realized = new BigDecimal(sensitivity).multiply(new BigDecimal(n.gamma()));
    assertTrue(realized.compareTo(new BigDecimal(epsilon)) <= 0);
    if (epsilon / sensitivity < 0x1.0p20) {
      assertTrue(n.epsilon() >= epsilon * (1 - 0x1.0p-38), n.epsilon() + " vs " + epsilon);
    }
  }

  /**
   * Inputs where γ = ε/Δ exactly at 2^-38 resolution: Δ·γ equals ε or sits just below it, and the
   * round trip 1/(1/γ) lands one ulp above γ (found by the property above in CI).
   */
  @Example
  void realizedEpsilon_isExactWhereTheScaleRoundTripOvershoots() {
    double[][] cases = {
      {0.0781067574317742, 204}, {423.2021044774683, 1000}, {5.047523025651238E-8, 979}
    };
    for (double[] c : cases) {
      DiscreteLaplaceNoise n = DiscreteLaplaceNoise.forEpsilon(c[0], (long) c[1]);
      BigDecimal realized = new BigDecimal((long) c[1]).multiply(new BigDecimal(n.gamma()));
      assertTrue(
          realized.compareTo(new BigDecimal(c[0])) <= 0, () -> "eps=" + c[0] + " delta=" + c[1]);
    }
  }

  @Property(tries = 100)
  void hugeEpsilon_capsGammaWithoutOverflow(
      @ForAll @DoubleRange(min = 7, max = 300) double log10Epsilon,
      @ForAll @LongRange(min = 1, max = 1L << 40) long sensitivity) {
    double epsilon = Math.pow(10, log10Epsilon);
    DiscreteLaplaceNoise n = DiscreteLaplaceNoise.forEpsilon(epsilon, sensitivity);
    assertTrue(n.epsilon() <= epsilon && n.epsilon() > 0);
    assertTrue(n.variance() >= 0);
  }

  @Property(tries = 20)
  void variance_matchesFormula(@ForAll @DoubleRange(min = 0.01, max = 10) double epsilon) {
    DiscreteLaplaceNoise n = DiscreteLaplaceNoise.forEpsilon(epsilon, 1);
    double g = 1 / n.scale();
    double q = Math.exp(-g);
    assertEquals(2 * q / ((1 - q) * (1 - q)), n.variance(), 1e-9 * n.variance());
  }
}
