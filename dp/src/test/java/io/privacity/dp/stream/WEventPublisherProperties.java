package io.privacity.dp.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.stream.WEventPublisher.Strategy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class WEventPublisherProperties {

  /** w-event privacy: every window of w consecutive timestamps spends at most ε in total. */
  @Property(tries = 150)
  void everyWindow_spendsAtMostEpsilon(
      @ForAll Strategy strategy,
      @ForAll @IntRange(min = 1, max = 30) int window,
      @ForAll @IntRange(min = 1, max = 5) int dimension,
      @ForAll long seed) {
    WEventPublisher p =
        WEventPublisher.builder()
            .epsilon(1)
            .window(window)
            .dimension(dimension)
            .strategy(strategy)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    Randomness data = Randomness.insecureSeeded(~seed);
    long[] counts = new long[dimension];
    for (int t = 0; t < 200; t++) {
      // Long flat stretches and sudden jumps exercise both skipping and absorbing.
      if (data.nextInt(10) == 0) {
        for (int k = 0; k < dimension; k++) {
          counts[k] = data.nextInt(2) == 0 ? data.nextInt(5) : data.nextInt(5000);
        }
      }
      p.publish(counts);
      long units = 0;
      for (long u : p.windowUnits()) {
        assertTrue(u >= 0);
        units += u;
      }
      assertTrue(units <= 2L * window * WEventPublisher.SHARE, "window spends " + units);
    }
  }

  @Property(tries = 50)
  void releases_haveRightDimension_andTimeAdvances(
      @ForAll Strategy strategy, @ForAll @IntRange(min = 1, max = 8) int dimension) {
    WEventPublisher p =
        WEventPublisher.builder()
            .epsilon(0.5)
            .window(4)
            .dimension(dimension)
            .strategy(strategy)
            .randomness(Randomness.insecureSeeded(dimension))
            .build();
    for (int t = 1; t <= 20; t++) {
      WEventPublisher.Release r = p.publish(new long[dimension]);
      assertTrue(r.time() == t && r.values().length == dimension);
      assertTrue(r.spentEpsilon() >= r.publicationEpsilon());
      assertTrue(r.fresh() == (r.publicationEpsilon() > 0));
    }
  }
}
