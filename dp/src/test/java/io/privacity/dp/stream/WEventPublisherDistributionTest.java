package io.privacity.dp.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.stream.WEventPublisher.Strategy;
import org.junit.jupiter.api.Test;

/** Accuracy of BD and BA against the uniform baseline on a slowly changing sensor stream. */
class WEventPublisherDistributionTest {

  /**
   * d = 50 sensors, w = 20, ε = 1, 400 timestamps; counts change every 50 timestamps. Uniform
   * publishes every timestamp with ε/w = 0.05: mean absolute error ≈ scale = 20 on each of 20 000
   * independent coordinates (relative standard deviation ≈ 0.7%). BD/BA spend their budget on the
   * few changes and repeat releases in between. BD's MAE is a few units; BA's is higher because
   * after a publication that absorbed little budget the next one often absorbs just as little (the
   * previous release's noise looks like a change), observed ≈ 0.6 × uniform. Asserting BD ≤ 0.5 ×
   * and BA ≤ 0.8 × uniform leaves margins of many standard deviations of the MAEs (each an average
   * over 20 000 coordinates); fixed seeds.
   */
  @Test
  void distributionAndAbsorption_beatUniform_onSlowlyChangingStream() {
    double uniform = mae(Strategy.UNIFORM);
    double bd = mae(Strategy.BUDGET_DISTRIBUTION);
    double ba = mae(Strategy.BUDGET_ABSORPTION);
    System.out.printf("w-event MAE: uniform %.2f, BD %.2f, BA %.2f%n", uniform, bd, ba);
    assertTrue(uniform > 15 && uniform < 25, "uniform MAE " + uniform);
    assertTrue(bd <= 0.5 * uniform, "BD MAE " + bd);
    assertTrue(ba <= 0.8 * uniform, "BA MAE " + ba);
  }

  private static double mae(Strategy s) {
    int d = 50;
    WEventPublisher p =
        WEventPublisher.builder()
            .epsilon(1)
            .window(20)
            .dimension(d)
            .strategy(s)
            .randomness(Randomness.insecureSeeded(s.ordinal() + 5))
            .build();
    Randomness data = Randomness.insecureSeeded(99);
    long[] counts = new long[d];
    double err = 0;
    int steps = 400;
    for (int t = 0; t < steps; t++) {
      if (t % 50 == 0) {
        for (int k = 0; k < d; k++) {
          counts[k] = 100 + data.nextInt(400);
        }
      }
      long[] released = p.publish(counts).values();
      for (int k = 0; k < d; k++) {
        err += Math.abs(released[k] - counts[k]);
      }
    }
    return err / (steps * (double) d);
  }
}
