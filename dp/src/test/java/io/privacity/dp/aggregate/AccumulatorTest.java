package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccumulatorTest {
  static BoundedAggregation<String> agg() {
    return AccumulatorProperties.aggregation(2, 3, 9);
  }

  static byte[] sample() {
    Accumulator<String> a = agg().newAccumulator();
    for (int u = 0; u < 20; u++) {
      a.add("u" + u, "k" + (u % 3), u);
    }
    return a.toBytes(PartitionCodec.strings());
  }

  /** Rewrites the long at {@code offset} from the end of the first partition's fixed fields. */
  static byte[] withLong(byte[] b, int offsetOfLong, long value) {
    byte[] c = b.clone();
    ByteBuffer.wrap(c).putLong(offsetOfLong, value);
    return c;
  }

  /** Offset of the first partition's "units" field. */
  static int firstUnits(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    int pos = 8;
    int utf = buf.getShort(pos) & 0xffff;
    pos += 2 + utf + 4;
    int keyLen = buf.getInt(pos);
    return pos + 4 + keyLen;
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty", (UnaryOperator<byte[]>) b -> new byte[0], "truncated"),
        Arguments.of(
            "truncated", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length - 3), "truncated"),
        Arguments.of(
            "bad magic",
            (UnaryOperator<byte[]>) b -> withLongPrefix(b, 0, 0x12345678),
            "bad magic"),
        Arguments.of(
            "bad version", (UnaryOperator<byte[]>) b -> withLongPrefix(b, 4, 99), "version 99"),
        Arguments.of(
            "trailing bytes",
            (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length + 2),
            "trailing"),
        Arguments.of(
            "zero units",
            (UnaryOperator<byte[]>) b -> withLong(b, firstUnits(b), 0),
            "inconsistent units"),
        Arguments.of(
            "count above units*Linf",
            (UnaryOperator<byte[]>) b -> withLong(b, firstUnits(b) + 8, 1_000_000),
            "inconsistent"),
        Arguments.of(
            "sum out of range",
            (UnaryOperator<byte[]>) b -> withLong(b, firstUnits(b) + 16, Long.MAX_VALUE),
            "sum"),
        Arguments.of(
            "negative squares",
            (UnaryOperator<byte[]>) b -> withLong(b, firstUnits(b) + 32, -1),
            "sum of squares"),
        Arguments.of(
            "histogram mismatch",
            (UnaryOperator<byte[]>) b -> withLong(b, firstUnits(b) + 40, 7),
            "histogram"));
  }

  static byte[] withLongPrefix(byte[] b, int offset, int value) {
    byte[] c = b.clone();
    ByteBuffer.wrap(c).putInt(offset, value);
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformed_bytes_give_a_clear_error(String what, UnaryOperator<byte[]> damage, String frag) {
    byte[] bad = damage.apply(sample());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> agg().accumulatorFromBytes(bad, PartitionCodec.strings()));
    assertTrue(e.getMessage().startsWith("malformed accumulator bytes"), e.getMessage());
    assertTrue(e.getMessage().contains(frag), what + ": " + e.getMessage());
  }

  @Test
  void bytes_of_a_different_aggregation_are_refused() {
    BoundedAggregation<String> other = AccumulatorProperties.aggregation(3, 3, 9);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> other.accumulatorFromBytes(sample(), PartitionCodec.strings()));
    assertTrue(e.getMessage().contains("different aggregation"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> other.newAccumulator().merge(agg().newAccumulator()));
    assertThrows(IllegalArgumentException.class, () -> other.release(agg().newAccumulator()));
  }

  @Test
  void every_single_bit_flip_is_refused_or_yields_a_valid_state() {
    byte[] good = sample();
    BoundedAggregation<String> agg = agg();
    // Every bit of the header, the first partition's key and sums and its first histogram cells.
    int bits = (firstUnits(good) + 40 + 64) * 8;
    for (int i = 0; i < bits; i++) {
      byte[] bad = good.clone();
      bad[i / 8] ^= (byte) (1 << (i % 8));
      try {
        Accumulator<String> a = agg.accumulatorFromBytes(bad, PartitionCodec.strings());
        // Accepted flips (e.g. in a key or a sum's low bit) still give a consistent state.
        for (PartitionState p : a.closedPartitions().values()) {
          assertTrue(p.units >= 1 && p.count >= p.units);
        }
      } catch (IllegalArgumentException expected) {
        assertTrue(expected.getMessage().startsWith("malformed accumulator bytes"));
      }
    }
  }

  @Test
  void merging_a_shard_already_merged_is_refused_and_merges_nothing() {
    // Fails before issue 16: each of these merges was accepted and counted the shard twice.
    BoundedAggregation<String> agg = agg();
    Accumulator<String> a = agg.newAccumulator().add("u1", "k", 1);
    Accumulator<String> b = agg.newAccumulator().add("u2", "k", 2);
    a.merge(b);
    byte[] before = a.toBytes(PartitionCodec.strings());
    assertThrows(DuplicateShardException.class, () -> a.merge(b));
    Accumulator<String> copyOfB = agg.accumulatorFromBytes(b.toBytes(codec()), codec());
    DuplicateShardException e = assertThrows(DuplicateShardException.class, () -> a.merge(copyOfB));
    assertTrue(e.getMessage().contains(b.shardIds().iterator().next()), e.getMessage());
    // Nothing was merged by the refused calls.
    assertTrue(agg.accumulatorFromBytes(before, codec()).sameStateAs(a));
    // A copy of oneself, and two accumulators that both hold a third.
    Accumulator<String> copyOfA = agg.accumulatorFromBytes(a.toBytes(codec()), codec());
    assertThrows(DuplicateShardException.class, () -> a.merge(copyOfA));
    Accumulator<String> c = agg.newAccumulator().add("u3", "k", 3).merge(copyOfB);
    assertThrows(DuplicateShardException.class, () -> c.merge(a));
    // Distinct shards still merge in any order.
    Accumulator<String> d = agg.newAccumulator().add("u4", "k", 4);
    assertEquals(3, d.merge(c).shardIds().size());
  }

  @Test
  void one_unit_merged_eight_times_is_refused_not_counted_eight_times() {
    // The audit's attack: a partition with one unit, its shard merged 8 times, appeared in 1.9% of
    // releases at δ = 10^−3. Now the second merge already throws.
    BoundedAggregation<String> agg = agg();
    byte[] solo = agg.newAccumulator().add("solo", "lonely", 1).toBytes(codec());
    Accumulator<String> all = agg.newAccumulator();
    all.merge(agg.accumulatorFromBytes(solo, codec()));
    for (int i = 1; i < 8; i++) {
      Accumulator<String> again = agg.accumulatorFromBytes(solo, codec());
      assertThrows(DuplicateShardException.class, () -> all.merge(again));
    }
    assertEquals(1, all.closedPartitions().get("lonely").units);
  }

  @Test
  void shard_ids_are_random_survive_bytes_and_merge_as_unions() {
    BoundedAggregation<String> agg = agg();
    Accumulator<String> a = agg.newAccumulator();
    Accumulator<String> b = agg.newAccumulator();
    assertEquals(1, a.shardIds().size());
    assertTrue(a.shardIds().iterator().next().matches("[0-9a-f]{32}"));
    assertTrue(!a.shardIds().equals(b.shardIds()));
    a.merge(b);
    Accumulator<String> back = agg.accumulatorFromBytes(a.toBytes(codec()), codec());
    assertEquals(a.shardIds(), back.shardIds());
    assertEquals(2, back.shardIds().size());
    assertTrue(back.shardIds().containsAll(b.shardIds()));
  }

  @Test
  void version_1_bytes_without_shard_ids_are_refused_with_the_reason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> agg().accumulatorFromBytes(withLongPrefix(sample(), 4, 1), codec()));
    assertTrue(e.getMessage().contains("no shard ids"), e.getMessage());
  }

  @Test
  void count_just_above_units_times_linf_is_refused() {
    // Fails before issue 16: validate divided count by L∞ (integer division), so units = 1,
    // count = L∞ + 1 passed its check. L∞ = 3 here.
    byte[] good = sample();
    byte[] bad = withLong(withLong(good, firstUnits(good), 1), firstUnits(good) + 8, 4);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> agg().accumulatorFromBytes(bad, codec()));
    assertTrue(e.getMessage().contains("inconsistent units=1, count=4"), e.getMessage());
    byte[] ok = withLong(withLong(good, firstUnits(good), 1), firstUnits(good) + 8, 3);
    try {
      agg().accumulatorFromBytes(ok, codec());
    } catch (IllegalArgumentException other) {
      assertTrue(!other.getMessage().contains("inconsistent units"), other.getMessage());
    }
  }

  private static PartitionCodec<String> codec() {
    return PartitionCodec.strings();
  }

  @Test
  void merge_into_itself_is_refused() {
    Accumulator<String> a = agg().newAccumulator();
    assertThrows(IllegalArgumentException.class, () -> a.merge(a));
  }

  /**
   * Integer and Long unit ids go through the bucketed buffer (partitioned by unit hash once it
   * holds thousands of records, growing with the number of open units); object ids do not. Within
   * the bounds no sampling happens, so both must give exactly the same state, with Integer 5 and
   * Long 5 distinct units as in a HashMap.
   */
  @Test
  void buffered_primitive_units_match_unbuffered_object_units() {
    BoundedAggregation<String> agg = AccumulatorProperties.aggregation(40, 40, 1);
    Accumulator<String> primitive = agg.newAccumulator();
    Accumulator<String> object = agg.newAccumulator();
    int units = 3_000;
    for (int t = 0; t < 30; t++) { // time-major: each unit once per step, as meter readings arrive
      for (int u = 0; u < units; u++) {
        String key = "k" + ((u + t) % 17);
        double v = (u * 31 + t * 7) % 25 - 5;
        if (u % 3 == 0) {
          primitive.add((long) u, key, v);
          object.add("L" + u, key, v);
        } else {
          primitive.add(u, key, v);
          object.add("I" + u, key, v);
        }
        if (u % 500 == 0) {
          primitive.add(u, key, v); // Integer u beside Long u: a different unit
          object.add("I" + u, key, v);
        }
      }
    }
    assertSameClosedState(object, primitive);
  }

  /** Both have the same open units and, once closed, the same state. */
  private static void assertSameClosedState(Accumulator<String> a, Accumulator<String> b) {
    assertEquals(a.openUnitCount(), b.openUnitCount());
    a.closeUnits();
    b.closeUnits();
    assertTrue(b.sameStateAs(a));
  }

  @Test
  void add_by_unit_id_is_the_boxed_long_unit() {
    BoundedAggregation<String> agg = AccumulatorProperties.aggregation(40, 40, 1);
    Accumulator<String> byId = agg.newAccumulator();
    Accumulator<String> boxed = agg.newAccumulator();
    for (int t = 0; t < 20; t++) { // 3,000 units, time-major: the bucketed path
      for (int u = 0; u < 3_000; u++) {
        String key = "k" + ((u + t) % 13);
        double v = (u * 17 + t * 5) % 23 - 4;
        byId.addByUnitId(u, key, v);
        boxed.add((long) u, key, v);
      }
    }
    byId.add(7, "k1", 2.0); // Integer 7 is not the unit addByUnitId(7, ...) added to
    boxed.add(Integer.valueOf(7), "k1", 2.0);
    assertEquals(3_001, byId.openUnitCount());
    assertSameClosedState(boxed, byId);
  }

  @Test
  void add_by_unit_id_rejects_bad_records() {
    Accumulator<String> acc = AccumulatorProperties.aggregation(4, 4, 1).newAccumulator();
    assertEquals(
        "this aggregation needs values: use addByUnitId(unit, partition, value)",
        assertThrows(IllegalStateException.class, () -> acc.addByUnitId(1, "p")).getMessage());
    assertEquals(
        "partition must not be null",
        assertThrows(IllegalArgumentException.class, () -> acc.addByUnitId(1, null, 1.0))
            .getMessage());
    assertEquals(
        "value must be finite, got NaN (unit 1, partition p)",
        assertThrows(IllegalArgumentException.class, () -> acc.addByUnitId(1, "p", Double.NaN))
            .getMessage());
    assertEquals(
        "value must be finite, got -Infinity (unit 1, partition p)",
        assertThrows(
                IllegalArgumentException.class,
                () -> acc.addByUnitId(1, "p", Double.NEGATIVE_INFINITY))
            .getMessage());
    assertEquals(0, acc.openUnitCount());
  }

  @Test
  void streaming_add_all_matches_record_by_record() {
    BoundedAggregation<String> agg = AccumulatorProperties.aggregation(5, 100, 1);
    List<double[]> rows =
        IntStream.range(0, 500).mapToObj(i -> new double[] {i % 37, i % 4, i * 0.5}).toList();
    Accumulator<String> a = agg.newAccumulator();
    a.addAll(rows.iterator(), r -> (int) r[0], r -> "k" + (int) r[1], r -> r[2]);
    Accumulator<String> b = agg.newAccumulator();
    for (double[] r : rows) {
      b.add((int) r[0], "k" + (int) r[1], r[2]);
    }
    assertEquals(37, a.openUnitCount());
    a.closeUnits();
    b.closeUnits();
    assertTrue(a.sameStateAs(b));
  }

  @Test
  void long_codec_round_trips_and_rejects_bad_length() {
    PartitionCodec<Long> c = PartitionCodec.longs();
    assertEquals(-42L, c.decode(c.encode(-42L)));
    assertThrows(IllegalArgumentException.class, () -> c.decode(new byte[3]));
    assertThrows(
        IllegalArgumentException.class,
        () -> PartitionCodec.strings().decode(new byte[] {(byte) 0xff}));
  }

  @Test
  void count_only_accumulator_needs_no_values() {
    BoundedAggregation<Long> agg =
        BoundedAggregation.<Long>builder()
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
    Accumulator<Long> a = agg.newAccumulator();
    for (int i = 0; i < 5; i++) {
      a.add("bike-1", 7L);
    }
    Accumulator<Long> b =
        agg.accumulatorFromBytes(a.toBytes(PartitionCodec.longs()), PartitionCodec.longs());
    assertEquals(2, b.closedPartitions().get(7L).count);
    for (int i = 0; i < 5; i++) {
      b.addByUnitId(42, 8L); // a numeric unit: bounded the same way
    }
    b.closeUnits();
    assertEquals(2, b.closedPartitions().get(8L).count);
  }
}
