package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paths added for bulk ingestion (issue 22): sum-only aggregations, whose per-unit reservoirs
 * keep each value's sum units packed as ints, the unit-by-unit merge of buffered runs, and {@link
 * Accumulator#addByIds(long, int, double)}.
 *
 * <p>Threshold of the statistical tests: as in {@link ContributionBoundingDistributionTest}, each
 * of the 10 inclusion counts is Binomial(20,000, 0.3) (sd 64.8), accepted within 5.6 sd: a correct
 * implementation fails less than once in 10^6 runs.
 */
class SumOnlyAccumulatorTest {
  private static BoundedAggregation<Integer> sumOnly(int l0, int linf, double lo, double hi) {
    return sumOnlyKeyed(l0, linf, lo, hi);
  }

  private static <K> BoundedAggregation<K> sumOnlyKeyed(int l0, int linf, double lo, double hi) {
    return BoundedAggregation.<K>builder()
        .epsilon(1)
        .delta(1e-6)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(l0)
                .maxContributionsPerPartition(linf)
                .valueBounds(lo, hi)
                .build())
        .sum()
        .randomness(Randomness.insecureSeeded(5))
        .build();
  }

  @Test
  void sum_only_plans_pack_their_reservoirs_and_others_do_not() {
    assertTrue(UnitState.packs(sumOnly(2, 16, -5, 20).newAccumulator().plan()));
    assertFalse(UnitState.packs(sumOnly(2, 17, -5, 20).newAccumulator().plan()));
    assertFalse(
        UnitState.packs(AccumulatorProperties.aggregation(2, 3, 1).newAccumulator().plan()));
  }

  /**
   * Within the bounds nothing is sampled, so every partition's sum is exactly the sum of the sum
   * units of its clamped values, negative ones included, whether units are buffered (numeric ids,
   * time-major, enough to be merged run by run) or not (object ids), and partitions revisited in
   * any order.
   */
  @ParameterizedTest
  @ValueSource(ints = {16, 50}) // packed slots and records; unpacked (L∞ > 16)
  void sums_are_exact_for_negative_and_clamped_values(int linf) {
    BoundedAggregation<Integer> agg = sumOnly(50, linf, -5, 20);
    Plan plan = agg.newAccumulator().plan();
    Accumulator<Integer> numeric = agg.newAccumulator();
    Accumulator<Integer> object = agg.newAccumulator();
    Map<Integer, Long> expected = new HashMap<>();
    int units = 2_000;
    for (int t = 0; t < 40; t++) {
      for (int u = 0; u < units; u++) {
        int key = (u * 7 + t * t) % 23; // revisits earlier partitions, not only later ones
        double v = ((u * 31 + t * 17) % 41) * 0.7 - 9.3; // [-9.3, 18.7]: some clamped to -5
        numeric.addByIds(u, key, v);
        object.add("u" + u, key, v);
        expected.merge(key, plan.sumUnits(plan.clamp(v)), Long::sum);
      }
    }
    numeric.closeUnits();
    object.closeUnits();
    assertTrue(numeric.sameStateAs(object));
    assertEquals(expected.size(), numeric.closedPartitions().size());
    for (Map.Entry<Integer, Long> e : expected.entrySet()) {
      assertEquals(e.getValue(), numeric.closedPartitions().get(e.getKey()).sum, "key " + e);
    }
  }

  /**
   * Packed records widen their partition id bits past 256 partitions (flushing first) and fall back
   * to unpacked records when unit indexes no longer fit beside the ids: the closed state is the
   * same as for object units, which are never buffered.
   */
  @ParameterizedTest
  @ValueSource(ints = {8, 28}) // 28: 4 bits for unit indexes, so the 17th unit falls back
  void packed_records_widen_and_fall_back_to_the_same_state(int startBits) {
    BoundedAggregation<Integer> agg = sumOnly(400, 4, -5, 20);
    Accumulator<Integer> numeric = agg.newAccumulator();
    Accumulator<Integer> object = agg.newAccumulator();
    numeric.pidBits = startBits;
    for (int t = 0; t < 12; t++) {
      for (int u = 0; u < 1_500; u++) {
        int key = (u + 97 * t) % 700; // up to 700 partitions: more than 2^8 ids
        double v = (u * 11 + t * 5) % 29 - 7.5;
        numeric.addByIds(u, key, v);
        object.add("u" + u, key, v);
      }
    }
    // Widened at id 256 to 9 bits and one spare, enough for ids < 700; 28 never needed widening.
    assertEquals(startBits == 8 ? 10 : 28, numeric.pidBits);
    numeric.closeUnits();
    object.closeUnits();
    assertEquals(700, numeric.partitionCount());
    assertTrue(numeric.sameStateAs(object));
  }

  /**
   * The packed reservoir keeps each record with probability L∞/n: values 2^i have sum units with
   * disjoint bits, so the kept subset can be read off the partition's sum. Both for an object unit
   * and for a numeric one (buffered).
   */
  @Test
  void packed_reservoir_keeps_each_record_with_probability_linf_over_n() {
    BoundedAggregation<Integer> agg = sumOnly(1, 3, 0, 512);
    Plan plan = agg.newAccumulator().plan();
    int trials = 20_000;
    long[] kept = new long[10];
    for (int t = 0; t < trials; t++) {
      Accumulator<Integer> acc = agg.newAccumulator();
      for (int v = 0; v < 10; v++) {
        if (t % 2 == 0) {
          acc.add("unit", 0, 1 << v);
        } else {
          acc.addByIds(77, 0, 1 << v);
        }
      }
      long sum = acc.closeUnits().closedPartitions().get(0).sum;
      int found = 0;
      for (int v = 0; v < 10; v++) {
        long units = plan.sumUnits(1 << v);
        if ((sum & units) != 0) {
          kept[v]++;
          found++;
        }
      }
      assertEquals(3, found, "trial " + t + ": sum " + sum);
    }
    double sd = Math.sqrt(trials * 0.3 * 0.7);
    for (int v = 0; v < kept.length; v++) {
      assertTrue(
          Math.abs(kept[v] - trials * 0.3) <= 5.6 * sd,
          "record " + v + " kept " + kept[v] + " times, expected " + trials * 0.3);
    }
  }

  /**
   * L0 sampling is uniform when units are closed during the final unit-by-unit flush (closeUnits of
   * many time-major numeric units): each of 10 partitions of each unit is kept with probability
   * 3/10, counted over 10 × 2,000 units (same threshold as above), for packed and unpacked buffers.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 17}) // packed records; unpacked (L∞ > 16)
  void units_closed_while_flushing_keep_each_partition_with_probability_l0_over_k(int linf) {
    BoundedAggregation<Integer> agg = sumOnly(3, linf, 0, 10);
    long[] kept = new long[10];
    for (int t = 0; t < 10; t++) {
      Accumulator<Integer> acc = agg.newAccumulator();
      for (int k = 0; k < 10; k++) {
        for (int u = 0; u < 2_000; u++) {
          acc.addByIds(u, k, 1.0);
        }
      }
      for (Map.Entry<Integer, PartitionState> e : acc.closeUnits().closedPartitions().entrySet()) {
        kept[e.getKey()] += e.getValue().units;
      }
    }
    double sd = Math.sqrt(20_000 * 0.3 * 0.7);
    for (int k = 0; k < kept.length; k++) {
      assertTrue(
          Math.abs(kept[k] - 20_000 * 0.3) <= 5.6 * sd,
          "partition " + k + " kept " + kept[k] + " times, expected " + 20_000 * 0.3);
    }
  }

  /**
   * An int partition is the Integer key: the same closed state as boxed keys, with L0 and L∞
   * sampling (two aggregations with the same seed, run one after the other, draw the same).
   */
  @Test
  void int_partition_is_the_boxed_integer_key() {
    Accumulator<Integer> primitive = sumOnly(3, 2, 0, 10).newAccumulator();
    Accumulator<Integer> boxed = sumOnly(3, 2, 0, 10).newAccumulator();
    for (Accumulator<Integer> acc : List.of(primitive, boxed)) {
      for (int t = 0; t < 30; t++) {
        for (int u = 0; u < 3_000; u++) {
          int key = (u + t / 3) % 11;
          double v = (u * 13 + t * 3) % 12;
          if (acc == primitive) {
            acc.addByIds(u, key, v);
          } else {
            acc.addByUnitId(u, Integer.valueOf(key), v);
          }
        }
      }
      acc.closeUnits();
    }
    assertEquals(11, primitive.partitionCount());
    assertTrue(primitive.sameStateAs(boxed));
  }

  @Test
  void int_partition_outside_public_partitions_is_dropped() {
    Accumulator<Integer> acc = countAndSum(Set.of(1, 2)).newAccumulator();
    acc.addByIds(1, 1, 0.5).addByIds(1, 3, 0.5).addByIds(2, 2, 1.0);
    acc.closeUnits();
    assertEquals(Set.of(1, 2), acc.closedPartitions().keySet());
  }

  @Test
  void int_partition_rejects_bad_values_and_counts_without_values() {
    Accumulator<Integer> acc = sumOnly(2, 2, 0, 10).newAccumulator();
    assertEquals(
        "value must be finite, got NaN (unit 1, partition 7)",
        assertThrows(IllegalArgumentException.class, () -> acc.addByIds(1, 7, Double.NaN))
            .getMessage());
    assertEquals(
        "value must be finite, got Infinity (unit 1, partition 7)",
        assertThrows(
                IllegalArgumentException.class, () -> acc.addByIds(1, 7, Double.POSITIVE_INFINITY))
            .getMessage());
    assertEquals(0, acc.openUnitCount());

    BoundedAggregation<Integer> count =
        BoundedAggregation.<Integer>builder()
            .epsilon(1)
            .delta(1e-5)
            .contributionBounds(
                ContributionBounds.builder()
                    .maxPartitionsContributed(1)
                    .maxContributionsPerPartition(2)
                    .build())
            .count()
            .randomness(Randomness.insecureSeeded(2))
            .build();
    Accumulator<Integer> counts = count.newAccumulator();
    for (int i = 0; i < 5; i++) {
      counts.addByIds(9, 4, 123.0); // the value is ignored by a count
    }
    assertEquals(2, counts.closeUnits().closedPartitions().get(4).count);
  }

  @Test
  void addByIds_refuses_accumulators_of_other_key_types() {
    BoundedAggregation<Long> longs = countAndSum(Set.of(1L, 2L));
    assertEquals(
        "addByIds adds Integer partition keys, but this aggregation's partition keys are Long: use"
            + " addByUnitId(unitId, partition, value)",
        assertThrows(IllegalStateException.class, () -> longs.newAccumulator().addByIds(1, 1, 0.5))
            .getMessage());
    // Private selection: a Long key first, then addByIds; addByIds first, then a Long key.
    Accumulator<Object> mixed =
        SumOnlyAccumulatorTest.<Object>sumOnlyKeyed(2, 2, 0, 1).newAccumulator();
    mixed.addByUnitId(1, 5L, 1.0);
    assertThrows(IllegalStateException.class, () -> mixed.addByIds(1, 5, 1.0));
    Accumulator<Object> ints =
        SumOnlyAccumulatorTest.<Object>sumOnlyKeyed(2, 2, 0, 1).newAccumulator();
    ints.addByIds(1, 5, 1.0);
    assertEquals(
        "this accumulator holds Integer partition keys added by addByIds, got a Long key",
        assertThrows(IllegalStateException.class, () -> ints.addByUnitId(1, 5L, 1.0)).getMessage());
    ints.addByUnitId(2, Integer.valueOf(6), 1.0); // Integer keys both ways are fine
    assertEquals(2, ints.closeUnits().partitionCount());
  }

  /** Count and sum over public partitions (L0 = 2, L∞ = 2, values in [0, 1]). */
  private static <K> BoundedAggregation<K> countAndSum(Set<K> publicPartitions) {
    return BoundedAggregation.<K>builder()
        .epsilon(1)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(2)
                .maxContributionsPerPartition(2)
                .valueBounds(0, 1)
                .build())
        .count()
        .sum()
        .publicPartitions(publicPartitions)
        .randomness(Randomness.insecureSeeded(3))
        .build();
  }
}
