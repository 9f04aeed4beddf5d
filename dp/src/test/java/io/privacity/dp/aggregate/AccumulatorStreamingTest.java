package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two ways an accumulator bounds records of numeric units give the same result: bounding all
 * buffered records at close, one group of units at a time (the default while they fit), and
 * streaming (bounding state kept per open unit once the buffer limit is reached).
 */
class AccumulatorStreamingTest {
  private static BoundedAggregation<Integer> aggregation(int l0, int linf) {
    return BoundedAggregation.<Integer>builder()
        .epsilon(1)
        .delta(1e-6)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(l0)
                .maxContributionsPerPartition(linf)
                .valueBounds(0, 10)
                .build())
        .count()
        .sum()
        .quantiles(0.5)
        .randomness(Randomness.insecureSeeded(5))
        .build();
  }

  @Test
  void withinBounds_streamingAndBuffered_giveTheSameState() {
    BoundedAggregation<Integer> agg = aggregation(64, 100_000);
    for (int limit : new int[] {1, 7, 1000, 30_000}) {
      Accumulator<Integer> buffered = agg.newAccumulator();
      Accumulator<Integer> streaming = agg.newAccumulator();
      streaming.bufferLimit(limit);
      SplittableRandom r = new SplittableRandom(limit);
      for (int i = 0; i < 40_000; i++) {
        int unit = r.nextInt(700);
        int partition = r.nextInt(40);
        double value = r.nextInt(1000) / 100.0;
        // Integer, Long (boxed) and primitive ids: 5 and 5L are distinct units.
        if (unit % 3 == 0) {
          buffered.add(unit, partition, value);
          streaming.add(unit, partition, value);
        } else {
          buffered.addByUnitId(unit, partition, value);
          streaming.add((long) unit, partition, value);
        }
        if (i == 20_000) {
          assertEquals(buffered.openUnitCount(), streaming.openUnitCount());
        }
      }
      buffered.closeUnits();
      streaming.closeUnits();
      assertTrue(buffered.sameStateAs(streaming), "buffer limit " + limit);
    }
  }

  /**
   * Reservoir sampling while streaming: 10 records of value 0..9 for each of 50 units, interleaved
   * record by record, buffer limit 7 (a flush every few records). Each of the 10 inclusion counts
   * is Binomial(50·2,000, 0.3) (sd 144.9); accepting |X − mean| ≤ 5.6 sd fails with probability
   * 2.1·10^−8 per count, 2.1·10^−7 per test: less than once in 10^6 runs.
   */
  @Test
  void streaming_reservoir_keepsEachRecordWithProbabilityLinfOverN() {
    BoundedAggregation<Integer> agg = aggregation(1, 3);
    int trials = 2_000;
    long[] kept = new long[10];
    for (int t = 0; t < trials; t++) {
      Accumulator<Integer> acc = agg.newAccumulator();
      acc.bufferLimit(7);
      for (int v = 0; v < 10; v++) {
        for (int u = 0; u < 50; u++) {
          acc.addByUnitId(u, 0, v);
        }
      }
      long[] hist = acc.closeUnits().closedPartitions().get(0).hist;
      for (int v = 0; v < 10; v++) {
        kept[v] += hist[(int) Math.floor(v / 10.0 * Plan.HISTOGRAM_BUCKETS)];
      }
    }
    double n = 50.0 * trials;
    double sd = Math.sqrt(n * 0.3 * 0.7);
    for (int v = 0; v < 10; v++) {
      assertTrue(
          Math.abs(kept[v] - n * 0.3) <= 5.6 * sd,
          "value " + v + " kept " + kept[v] + " times, expected " + n * 0.3);
    }
  }
}
