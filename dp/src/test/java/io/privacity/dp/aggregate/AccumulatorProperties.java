package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class AccumulatorProperties {
  record Rec(int unit, String key, double value) {}

  static BoundedAggregation<String> aggregation(int l0, int linf, long seed) {
    return BoundedAggregation.<String>builder()
        .epsilon(1)
        .delta(1e-6)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(l0)
                .maxContributionsPerPartition(linf)
                .valueBounds(-5, 20)
                .build())
        .count()
        .sum()
        .variance()
        .quantiles(0.5)
        .randomness(Randomness.insecureSeeded(seed))
        .build();
  }

  @Provide
  Arbitrary<List<Rec>> records() {
    Arbitrary<Rec> rec =
        Combinators.combine(
                Arbitraries.integers().between(0, 30),
                Arbitraries.of("a", "b", "c", "d", "e"),
                Arbitraries.oneOf(
                    Arbitraries.doubles().between(-100, 100),
                    Arbitraries.of(-5.0, 20.0, 0.0, 1e300, -1e300)))
            .as(Rec::new);
    return rec.list().ofMaxSize(150);
  }

  /** Within the bounds no sampling happens, so shards must merge to exactly the one-pass state. */
  @Property(tries = 150)
  void merging_shards_in_any_order_and_grouping_equals_one_pass(
      @ForAll("records") List<Rec> records,
      @ForAll @IntRange(min = 1, max = 6) int shards,
      @ForAll long seed) {
    BoundedAggregation<String> agg = aggregation(5, 1000, 1);
    Accumulator<String> onePass = agg.newAccumulator();
    List<Accumulator<String>> parts = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      parts.add(agg.newAccumulator());
    }
    for (Rec r : records) {
      onePass.add(r.unit(), r.key(), r.value());
      // Shard by privacy unit, as the accumulator requires.
      parts.get(Math.floorMod(r.unit() * 31 + 7, shards)).add(r.unit(), r.key(), r.value());
    }
    Random order = new Random(seed);
    Collections.shuffle(parts, order);
    // A random merge tree: repeatedly merge two random accumulators.
    while (parts.size() > 1) {
      Accumulator<String> x = parts.remove(order.nextInt(parts.size()));
      Accumulator<String> y = parts.remove(order.nextInt(parts.size()));
      parts.add(order.nextBoolean() ? x.merge(y) : y.merge(x));
    }
    onePass.closeUnits();
    assertTrue(parts.get(0).closeUnits().sameStateAs(onePass));
  }

  /** With sampling, the closed shard states still merge associatively and commutatively. */
  @Property(tries = 100)
  void merge_of_closed_bounded_shards_is_associative_and_commutative(
      @ForAll("records") List<Rec> records, @ForAll long seed) {
    BoundedAggregation<String> agg = aggregation(2, 2, seed);
    List<byte[]> shardBytes = new ArrayList<>();
    List<Accumulator<String>> shards = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      shards.add(agg.newAccumulator());
    }
    for (Rec r : records) {
      shards.get(r.unit() % 3).add(r.unit(), r.key(), r.value());
    }
    for (Accumulator<String> s : shards) {
      shardBytes.add(s.toBytes(PartitionCodec.strings()));
    }
    // ((0 + 1) + 2) versus (2 + (1 + 0)), each shard restored from its bytes.
    Accumulator<String> left = restore(agg, shardBytes.get(0));
    left.merge(restore(agg, shardBytes.get(1))).merge(restore(agg, shardBytes.get(2)));
    Accumulator<String> inner = restore(agg, shardBytes.get(1));
    inner.merge(restore(agg, shardBytes.get(0)));
    Accumulator<String> right = restore(agg, shardBytes.get(2)).merge(inner);
    assertTrue(left.sameStateAs(right));
    // Each unit's bounded contribution: at most L0 partitions and L∞ records each.
    for (PartitionState p : left.closedPartitions().values()) {
      assertTrue(p.count <= 2 * p.units);
    }
  }

  @Property(tries = 100)
  void bytes_round_trip(@ForAll("records") List<Rec> records) {
    BoundedAggregation<String> agg = aggregation(2, 3, 5);
    Accumulator<String> a = agg.newAccumulator();
    for (Rec r : records) {
      a.add(r.unit(), r.key(), r.value());
    }
    byte[] bytes = a.toBytes(PartitionCodec.strings());
    Accumulator<String> b = restore(agg, bytes);
    assertTrue(a.sameStateAs(b));
    assertEquals(a.partitionCount(), b.partitionCount());
  }

  private static Accumulator<String> restore(BoundedAggregation<String> agg, byte[] bytes) {
    return agg.accumulatorFromBytes(bytes, PartitionCodec.strings());
  }
}
