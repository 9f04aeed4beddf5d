package io.privacity.dp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import io.privacity.dp.stream.ContinualCounter.Algorithm;
import io.privacity.dp.stream.ContinualCounter.Estimator;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ContinualCounterProperties {

  @Property(tries = 200)
  void levels_isCeilLog2PlusOne(@ForAll @LongRange(min = 1, max = 1L << 40) long horizon) {
    int expected = 1;
    while ((1L << (expected - 1)) < horizon) {
      expected++;
    }
    assertEquals(expected, BinaryTreeCounter.levels(horizon));
  }

  /** Each event lies in at most ⌈log2 T⌉+1 noised intervals, all dyadic. */
  @Property(tries = 200)
  void eachEvent_touchesAtMostLevelsNodes(
      @ForAll @IntRange(min = 1, max = 3000) int horizon, @ForAll long seed) {
    List<long[]> nodes = new ArrayList<>();
    BinaryTreeCounter c =
        new BinaryTreeCounter(
            horizon,
            1,
            Estimator.HONAKER,
            () -> 0,
            1,
            PrivacyLoss.pure(1),
            null,
            (level, first, last, sum) -> nodes.add(new long[] {level, first, last}));
    for (int t = 1; t <= horizon; t++) {
      c.next(0);
    }
    int[] touched = new int[horizon + 1];
    for (long[] n : nodes) {
      long len = n[2] - n[1] + 1;
      assertEquals(1L << n[0], len, "node length is 2^level");
      assertEquals(0, (n[1] - 1) % len, "node is dyadic");
      for (long s = n[1]; s <= n[2]; s++) {
        touched[(int) s]++;
      }
    }
    int levels = BinaryTreeCounter.levels(horizon);
    long event = 1 + Math.floorMod(seed, horizon);
    assertTrue(touched[(int) event] <= levels, "event " + event + " in " + touched[(int) event]);
    for (int s = 1; s <= horizon; s++) {
      assertTrue(touched[s] >= 1 && touched[s] <= levels);
    }
  }

  @Property(tries = 100)
  void releasedCounts_areIntegersAndStandardEstimateIsIntegral(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int horizon) {
    ContinualCounter c =
        ContinualCounter.builder()
            .epsilon(0.5)
            .horizon(horizon)
            .estimator(Estimator.STANDARD)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    for (int t = 0; t < horizon; t++) {
      long released = c.next(t % 4);
      assertEquals(released, c.estimate(), 0.0, "standard releases are exact integers");
      assertEquals(Math.rint(c.estimate()), c.estimate());
    }
  }

  @Property(tries = 100)
  void zeroNoise_anyStream_exact(
      @ForAll @IntRange(min = 1, max = 500) int horizon,
      @ForAll long seed,
      @ForAll Estimator estimator) {
    BinaryTreeCounter c =
        new BinaryTreeCounter(horizon, 1, estimator, () -> 0, 3.0, PrivacyLoss.pure(1), null, null);
    Randomness r = Randomness.insecureSeeded(seed);
    long sum = 0;
    for (int t = 1; t <= horizon; t++) {
      long inc = r.nextLong(1000);
      sum += inc;
      assertEquals(sum, c.next(inc));
    }
  }

  @Property(tries = 50)
  void hybrid_timeAdvancesAndVarianceGrowsPolylog(@ForAll long seed) {
    ContinualCounter c =
        ContinualCounter.builder()
            .epsilon(1)
            .unboundedHorizon()
            .algorithm(Algorithm.HYBRID)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    for (int t = 1; t <= 4096; t++) {
      c.next(1);
      assertEquals(t, c.time());
      double log = Math.log(t + 1) / Math.log(2) + 1;
      // Log part: ≤ (log t + 1) draws of scale 2/ε; tree part: ≤ log t draws of scale 2(log t+1)/ε.
      double bound = 2 * 4 * (log + 1) + log * 2 * Math.pow(2 * (log + 1), 2);
      assertTrue(c.variance() <= bound, "t=" + t + " var=" + c.variance());
    }
  }
}
