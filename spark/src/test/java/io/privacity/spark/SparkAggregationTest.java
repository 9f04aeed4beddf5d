package io.privacity.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.random.Randomness;
import io.privacity.dp.aggregate.Accumulator;
import io.privacity.dp.aggregate.AggregationResult;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.PartitionResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** Semantics of a Spark release against the same spec on one machine. */
class SparkAggregationTest {
  /**
   * ε so large that every discrete Laplace scale reaches the samplers' minimum (2^−20 lattice
   * units): P(noise ≠ 0) = 2q/(1+q) with q = e^(−2^20), i.e. 0 in double arithmetic — released
   * values are the exact bounded sums, on both engines.
   */
  static final double HUGE_EPSILON = 1e17;

  static BoundedAggregation.Builder<String> builder(double epsilon, int l0, int linf) {
    return BoundedAggregation.<String>builder()
        .epsilon(epsilon)
        .contributionBounds(Specs.bounds(l0, linf))
        .randomness(Randomness.insecureSeeded(11));
  }

  /**
   * Data whose bounding leaves no choice (each unit in ≤ L0 = 2 partitions; a (unit, partition)
   * beyond L∞ = 3 records repeats one value, so every L∞-subset has the same sum), values beyond
   * the bounds (clamped), 12 input partitions.
   */
  static Rows deterministic() {
    Rows r = Rows.standard();
    for (long u = 0; u < 60; u++) {
      String a = "p" + (u % 4);
      String b = "p" + ((u + 1) % 4);
      r.add(u, a, 0.25 * (u % 9));
      r.add(u, a, 7.0); // clamped to 5
      if (u % 3 == 0) {
        for (int i = 0; i < 10; i++) {
          r.add(u, b, 1.5); // 10 records, L∞ = 3 of them kept, all equal
        }
      } else {
        r.add(u, b, -1.0); // clamped to 0
      }
    }
    return r;
  }

  static Map<String, PartitionResult<String>> local(BoundedAggregation<String> spec, Rows rows) {
    Accumulator<String> acc = spec.newAccumulator();
    for (Row r : rows.rows) {
      acc.add(r.get(0), (String) r.get(1), ((Number) r.get(2)).doubleValue());
    }
    AggregationResult<String> res = spec.release(acc);
    return new HashMap<>(res.partitions());
  }

  @Test
  void released_values_equal_the_single_machine_ones_exactly_at_minimal_noise() {
    Rows rows = deterministic();
    List<String> keys = List.of("p0", "p1", "p2", "p3", "absent");
    BoundedAggregation<String> onSpark =
        builder(HUGE_EPSILON, 2, 3).publicPartitions(keys).count().sum().mean().variance().build();
    BoundedAggregation<String> onOne =
        builder(HUGE_EPSILON, 2, 3).publicPartitions(keys).count().sum().mean().variance().build();
    List<Row> released =
        SparkAggregation.of(onSpark)
            .release(rows.dataset(12), "unit", "part", "value")
            .collectAsList();
    Map<String, PartitionResult<String>> expected = local(onOne, rows);
    assertEquals(keys.size(), released.size(), "every public partition, the absent one too");
    for (Row r : released) {
      PartitionResult<String> e = expected.get(r.getString(0));
      assertEquals(e.count().value(), r.getLong(1), r.toString());
      assertEquals((long) e.count().interval().lower(), r.getLong(2));
      assertEquals((long) e.count().interval().upper(), r.getLong(3));
      assertEquals(e.sum().value(), r.getDouble(4), 0.0, r.toString());
      assertEquals(e.sum().interval().lower(), r.getDouble(5), 0.0);
      assertEquals(e.sum().interval().upper(), r.getDouble(6), 0.0);
      assertEquals(e.mean().value(), r.getDouble(7), 0.0, r.toString());
      assertEquals(e.mean().interval().lower(), r.getDouble(8), 0.0);
      assertEquals(e.mean().interval().upper(), r.getDouble(9), 0.0);
      assertEquals(e.variance().value(), r.getDouble(10), 0.0, r.toString());
    }
    Row absent = released.stream().filter(r -> r.getString(0).equals("absent")).findFirst().get();
    assertEquals(0, absent.getLong(1), "an absent public partition is released from zero");
    assertEquals(0.0, absent.getDouble(4), 0.0);
  }

  @Test
  void a_unit_spread_over_every_input_partition_contributes_at_most_l0_times_linf() {
    Rows r = Rows.standard();
    for (int i = 0; i < 10_000; i++) {
      r.add(7L, "k" + (i % 50), 9.0); // 200 records in each of 50 partitions, beyond the bound
    }
    for (long u = 100; u < 110; u++) {
      r.add(u, "k0", 1.0);
    }
    List<String> keys = new java.util.ArrayList<>();
    for (int k = 0; k < 50; k++) {
      keys.add("k" + k);
    }
    Dataset<Row> in = r.dataset(8); // round-robin: the unit's records are in all 8 partitions
    assertEquals(8, in.rdd().getNumPartitions());
    BoundedAggregation<String> spec =
        builder(HUGE_EPSILON, 3, 4).publicPartitions(keys).count().sum().build();
    List<Row> out = SparkAggregation.of(spec).release(in, "unit", "part", "value").collectAsList();
    long total = 0;
    int touched = 0;
    double sum = 0;
    for (Row row : out) {
      long c = row.getLong(1) - (row.getString(0).equals("k0") ? 10 : 0);
      assertTrue(c <= 4, "L∞ = 4 per partition: " + row);
      total += c;
      touched += c > 0 ? 1 : 0;
      sum += row.getDouble(4) - (row.getString(0).equals("k0") ? 10.0 : 0);
    }
    assertEquals(12, total, "L0·L∞ = 3·4 records of the unit, not 10^4");
    assertEquals(3, touched, "L0 = 3 partitions");
    assertEquals(12 * 5.0, sum, 1e-6, "12 records clamped to the upper bound 5");
  }

  @Test
  void budget_is_charged_once_and_the_release_ledgered_once_on_the_driver() {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    PrivacyAccountant budget = PrivacyAccountant.withBudget(PrivacyLoss.approximate(1.5, 1e-5));
    BoundedAggregation<String> spec =
        builder(1, 2, 3)
            .delta(1e-6)
            .count()
            .accountant(budget)
            .ledger(ledger)
            .name("meters")
            .build();
    SparkAggregation<String> spark = SparkAggregation.of(spec);
    Dataset<Row> out = spark.release(deterministic().dataset(4), "unit", "part", null);
    assertEquals(1, budget.charges().size());
    // The charge is the spec's guarantee: since issue 21 a description of the composed mechanisms
    // that states (1, 10^−6); what the accountant reads from it never exceeds that.
    assertEquals(spec.guarantee().loss(), budget.charges().get(0).loss());
    assertEquals(PrivacyLoss.approximate(1, 1e-6), budget.charges().get(0).loss().stated());
    assertTrue(budget.spent().epsilon() <= 1.0, budget.spent().toString());
    assertEquals(1, ledger.entries().size());
    assertEquals(LedgerEventType.RELEASE, ledger.entries().get(0).type());
    assertEquals(
        Long.toString(out.count()), ledger.entries().get(0).details().get("partitionsReleased"));
    assertEquals(out.count(), spark.partitionsReleased());
    assertEquals(spec.selectionThreshold(), spark.selectionThreshold());
    // Single use, across engines.
    assertThrows(
        IllegalStateException.class,
        () -> SparkAggregation.of(spec).release(deterministic().dataset(2), "unit", "part", null));
    assertThrows(IllegalStateException.class, () -> spec.release(spec.newAccumulator()));
    assertEquals(1, budget.charges().size());
  }

  @Test
  void the_released_dataset_is_materialized_once_and_reads_the_same_values_again() {
    BoundedAggregation<String> spec = builder(1, 2, 3).delta(1e-6).count().sum().build();
    Dataset<Row> out =
        SparkAggregation.of(spec).release(deterministic().dataset(4), "unit", "part", "value");
    List<Row> first = out.orderBy("part").collectAsList();
    List<Row> second = out.orderBy("part").collectAsList();
    assertEquals(first, second);
  }

  @Test
  void a_refused_charge_runs_no_spark_job_and_leaves_the_spec_unreleased() throws Exception {
    PrivacyAccountant budget = PrivacyAccountant.withBudget(PrivacyLoss.pure(0.5));
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    BoundedAggregation<String> spec =
        builder(1, 2, 3)
            .publicPartitions(List.of("p0"))
            .count()
            .accountant(budget)
            .ledger(ledger)
            .build();
    Dataset<Row> in = deterministic().dataset(4);
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.incrementAndGet();
          }
        };
    TestSpark.session().sparkContext().addSparkListener(listener);
    try {
      assertThrows(
          PrivacyBudgetExceededException.class,
          () -> SparkAggregation.of(spec).release(in, "unit", "part", null));
      TestSpark.session().sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(0, jobs.get(), "no job ran");
    } finally {
      TestSpark.session().sparkContext().removeSparkListener(listener);
    }
    assertEquals(0, ledger.entries().size());
    assertEquals(0, budget.charges().size());
    // Unreleased: it still releases on one machine (where the accountant refuses again).
    assertThrows(PrivacyBudgetExceededException.class, () -> spec.release(spec.newAccumulator()));
  }

  @Test
  void an_ungrouped_spec_releases_one_row_without_a_partition_column() {
    BoundedAggregation<Object> spec =
        BoundedAggregation.builder()
            .epsilon(HUGE_EPSILON)
            .contributionBounds(Specs.bounds(1, 2))
            .count()
            .sum()
            .ungrouped()
            .build();
    Rows r = Rows.standard();
    for (long u = 0; u < 30; u++) {
      for (int i = 0; i < 5; i++) {
        r.add(u, "ignored", 2.0);
      }
    }
    Dataset<Row> out = SparkAggregation.of(spec).release(r.dataset(3), "unit", null, "value");
    assertArrayEquals(
        new String[] {"count", "count_ci_low", "count_ci_high", "sum", "sum_ci_low", "sum_ci_high"},
        out.columns());
    Row row = out.first();
    assertEquals(60, row.getLong(0), "30 units × L∞ = 2");
    assertEquals(120.0, row.getDouble(3), 1e-6);
  }

  @Test
  void quantile_columns_are_named_q_rank_and_counts_are_longs() {
    BoundedAggregation<String> spec =
        builder(1, 2, 3).publicPartitions(List.of("p0", "p1")).count().quantiles(0.5, 0.9).build();
    Dataset<Row> out =
        SparkAggregation.of(spec).release(deterministic().dataset(2), "unit", "part", "value");
    assertArrayEquals(
        new String[] {"part", "count", "count_ci_low", "count_ci_high", "q0.5", "q0.9"},
        out.columns());
    assertEquals(DataTypes.LongType, out.schema().apply("count").dataType());
    assertEquals(DataTypes.DoubleType, out.schema().apply("q0.5").dataType());
    for (Row row : out.collectAsList()) {
      double q = row.getDouble(4);
      assertTrue(q >= 0 && q <= 5, "quantile within the value bounds: " + row);
    }
  }

  @Test
  void integer_partitions_and_string_units_keep_their_types() {
    Rows r = new Rows(DataTypes.StringType, DataTypes.IntegerType, DataTypes.DoubleType);
    for (int u = 0; u < 40; u++) {
      r.add("household-" + u, u % 3, 1.0);
    }
    BoundedAggregation<Integer> spec =
        BoundedAggregation.<Integer>builder()
            .epsilon(HUGE_EPSILON)
            .contributionBounds(Specs.counting(1, 1))
            .publicPartitions(List.of(0, 1, 2, 3))
            .count()
            .build();
    Dataset<Row> out = SparkAggregation.of(spec).release(r.dataset(2), "unit", "part", null);
    assertEquals(DataTypes.IntegerType, out.schema().apply("part").dataType());
    Map<Integer, Long> counts = new HashMap<>();
    for (Row row : out.collectAsList()) {
      counts.put(row.getInt(0), row.getLong(1));
    }
    assertEquals(Map.of(0, 14L, 1, 13L, 2, 13L, 3, 0L), counts);
  }

  @Test
  void a_seeded_spec_reproduces_its_release_and_another_seed_does_not() {
    Rows rows = deterministic();
    List<Row> a = release(rows, 5);
    List<Row> b = release(rows, 5);
    List<Row> c = release(rows, 6);
    assertEquals(a, b, "same seed, same release key: same bounding, selection and noise");
    assertNotEquals(a, c);
    assertFalse(a.isEmpty());
  }

  private static List<Row> release(Rows rows, long seed) {
    BoundedAggregation<String> spec =
        BoundedAggregation.<String>builder()
            .epsilon(1)
            .contributionBounds(Specs.bounds(1, 1))
            .publicPartitions(List.of("p0", "p1", "p2", "p3"))
            .sum()
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    return SparkAggregation.of(spec)
        .release(rows.dataset(5), "unit", "part", "value")
        .orderBy("part")
        .collectAsList();
  }
}
