package io.privacity.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.aggregate.Accumulator;
import io.privacity.dp.aggregate.AggregationResult;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.PartitionResult;
import io.privacity.dp.audit.AuditResult;
import io.privacity.dp.audit.DpAuditor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Spark and one machine release the same distribution; the auditor finds no more than ε on the
 * Spark count.
 *
 * <p>Many releases in one Spark job: the base data are replicated R times, replica r's units and
 * partitions renamed apart ({@code u + 100·r}, {@code "p|r"}). Bounding is per unit and noise and
 * selection per partition, each from its own stream, so one release of the replicated data gives R
 * independent draws of each base partition's release — exactly the distribution of R separate
 * releases of the base data — at the cost of one job.
 */
class SparkAggregationDistributionTest {
  private static final int REPLICAS = 2_000;
  private static final String[] BASE = {"p0", "p1", "p2"};

  /** 12 units, some beyond L0 = 2 partitions, some beyond L∞ = 2 records, values beyond [0, 5]. */
  private static Rows base() {
    Rows rows = Rows.standard();
    for (int u = 0; u < 12; u++) {
      int partitions = 1 + u % 3; // 1, 2 or 3 partitions: L0 = 2 drops one of three
      for (int p = 0; p < partitions; p++) {
        int records = 1 + (u + p) % 4; // 1 to 4 records: L∞ = 2 samples some
        for (int i = 0; i < records; i++) {
          rows.add((long) u, BASE[(u + p) % 3], 0.7 * u - 1.5 + i);
        }
      }
    }
    return rows;
  }

  /** The base rows, replica r renamed apart: unit u + 100·r, partition "p|r" (built by Spark). */
  private static Dataset<Row> replicated(Rows base, int replicas, int partitions) {
    return base.dataset(1)
        .crossJoin(TestSpark.session().range(replicas).withColumnRenamed("id", "r"))
        .select(
            col("unit").plus(col("r").multiply(100)).alias("unit"),
            concat(col("part"), lit("|"), col("r").cast("string")).alias("part"),
            col("value"))
        .repartition(partitions);
  }

  /** The same replicated rows, for the one-machine accumulator. */
  private static void addReplicated(Accumulator<String> acc, Rows base, int replicas) {
    for (int r = 0; r < replicas; r++) {
      for (Row row : base.rows) {
        acc.add(row.getLong(0) + 100L * r, row.getString(1) + "|" + r, row.getDouble(2));
      }
    }
  }

  private static BoundedAggregation<String> spec(boolean publicKeys, long seed) {
    BoundedAggregation.Builder<String> b =
        BoundedAggregation.<String>builder()
            .epsilon(3)
            .contributionBounds(Specs.bounds(2, 2))
            .randomness(Randomness.insecureSeeded(seed));
    if (publicKeys) {
      List<String> keys = new ArrayList<>();
      for (int r = 0; r < REPLICAS; r++) {
        for (String p : BASE) {
          keys.add(p + "|" + r);
        }
      }
      return b.publicPartitions(keys).count().sum().mean().variance().quantiles(0.5).build();
    }
    return b.delta(0.01).count().sum().build();
  }

  /** statistic → base partition → values, from Spark rows (columns as in the schema). */
  private static Map<String, Map<String, List<Double>>> fromSpark(List<Row> rows, String[] stats) {
    Map<String, Map<String, List<Double>>> out = new HashMap<>();
    for (Row row : rows) {
      String base = row.getString(0).split("\\|")[0];
      for (String s : stats) {
        Object v = row.get(row.fieldIndex(s));
        out.computeIfAbsent(s, k -> new HashMap<>())
            .computeIfAbsent(base, k -> new ArrayList<>())
            .add(((Number) v).doubleValue());
      }
    }
    return out;
  }

  private static Map<String, Map<String, List<Double>>> fromOneMachine(
      AggregationResult<String> result, String[] stats) {
    Map<String, Map<String, List<Double>>> out = new HashMap<>();
    for (PartitionResult<String> p : result.partitions().values()) {
      String base = p.key().split("\\|")[0];
      for (String s : stats) {
        double v =
            switch (s) {
              case "count" -> p.count().value();
              case "sum" -> p.sum().value();
              case "mean" -> p.mean().value();
              case "variance" -> p.variance().value();
              default -> p.quantiles().get(0).value();
            };
        out.computeIfAbsent(s, k -> new HashMap<>())
            .computeIfAbsent(base, k -> new ArrayList<>())
            .add(v);
      }
    }
    return out;
  }

  private static AggregationResult<String> oneMachine(BoundedAggregation<String> spec, Rows base) {
    Accumulator<String> acc = spec.newAccumulator();
    addReplicated(acc, base, REPLICAS);
    return spec.release(acc);
  }

  /**
   * 2,000 releases per engine, public partitions: for each of 3 partitions and 5 statistics (count,
   * sum, mean, variance, median), a two-sample Kolmogorov–Smirnov test of the Spark draws against
   * the one-machine draws. Threshold reasoning: under equal distributions the KS p-value is uniform
   * (conservative, i.e. stochastically larger, for these discrete values), so each test rejects at
   * p &lt; 10^−6/15 with probability ≤ 10^−6/15 and the 15 together (union bound) with probability
   * ≤ 10^−6: a correct implementation fails less than once in 10^6 runs. Power: at n = m = 2,000 a
   * difference of the CDFs of 0.09 anywhere is detected (critical D for p = 6.7·10^−8 is about
   * √(ln(2/p)/2 · 2/2000) ≈ 0.093) — e.g. a lost L0 bound (one more partition per unit) shifts the
   * mean count by a whole record per affected unit.
   */
  @Test
  void two_thousand_releases_have_the_same_distribution_per_partition_on_spark_and_one_machine() {
    Rows rows = base();
    String[] stats = {"count", "sum", "mean", "variance", "q0.5"};
    List<Row> spark =
        SparkAggregation.of(spec(true, 1))
            .release(replicated(rows, REPLICAS, 6), "unit", "part", "value")
            .collectAsList();
    assertEquals(3 * REPLICAS, spark.size());
    Map<String, Map<String, List<Double>>> s = fromSpark(spark, stats);
    Map<String, Map<String, List<Double>>> o =
        fromOneMachine(oneMachine(spec(true, 2), rows), stats);
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    for (String stat : stats) {
      for (String p : BASE) {
        double[] a = s.get(stat).get(p).stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = o.get(stat).get(p).stream().mapToDouble(Double::doubleValue).toArray();
        assertEquals(REPLICAS, a.length);
        assertEquals(REPLICAS, b.length);
        double pValue = ks.kolmogorovSmirnovTest(a, b);
        System.out.printf("%s %s: KS p = %.3g%n", stat, p, pValue);
        assertTrue(pValue >= 1e-6 / 15, stat + " of " + p + ": KS p-value " + pValue);
      }
    }
  }

  /**
   * Private partition selection: how often each base partition is released (out of 2,000) on both
   * engines, compared by a two-proportion z-test at |z| ≤ 5.5 (two-sided normal tail 3.8·10^−8,
   * three partitions: ≤ 1.2·10^−7 false failures; the binomial counts are in the hundreds, where
   * the normal approximation holds), and the released counts by KS at p ≥ 10^−6/3.
   */
  @Test
  void private_selection_releases_each_partition_as_often_on_spark_as_on_one_machine() {
    Rows rows = base();
    List<Row> spark =
        SparkAggregation.of(spec(false, 3))
            .release(replicated(rows, REPLICAS, 5), "unit", "part", "value")
            .collectAsList();
    String[] stats = {"count"};
    Map<String, List<Double>> s = fromSpark(spark, stats).get("count");
    Map<String, List<Double>> o =
        fromOneMachine(oneMachine(spec(false, 4), rows), stats).get("count");
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    for (String p : BASE) {
      int x = s.getOrDefault(p, List.of()).size();
      int y = o.getOrDefault(p, List.of()).size();
      double pooled = (x + y) / (2.0 * REPLICAS);
      double sd = Math.sqrt(pooled * (1 - pooled) * 2.0 / REPLICAS);
      double z = sd == 0 ? 0 : (x - y) / (double) REPLICAS / sd;
      System.out.printf("%s released %d (Spark) vs %d (one machine), z = %.2f%n", p, x, y, z);
      assertTrue(Math.abs(z) <= 5.5, p + ": z = " + z);
      if (x > 100 && y > 100) {
        double pValue =
            ks.kolmogorovSmirnovTest(
                s.get(p).stream().mapToDouble(Double::doubleValue).toArray(),
                o.get(p).stream().mapToDouble(Double::doubleValue).toArray());
        assertTrue(pValue >= 1e-6 / 3, p + " counts: KS p-value " + pValue);
      }
    }
  }

  /**
   * DpAuditor on the Spark count (ε = 1, one public partition, L0 = 1, L∞ = 2) for neighbours that
   * differ by one whole unit with 20 records: 20,000 independent releases per input, drawn as two
   * Spark releases of 20,000 replicas. Threshold reasoning: the auditor's lower bound exceeds the
   * true ε of a correct mechanism with probability at most 1 − confidence = 10^−6.
   */
  @Test
  void auditor_finds_an_epsilon_lower_bound_within_the_claim_on_the_spark_count() {
    int samples = 20_000;
    List<Double> without = sparkCounts(samples, false);
    List<Double> with = sparkCounts(samples, true);
    Map<Boolean, Iterator<Double>> draws = Map.of(false, without.iterator(), true, with.iterator());
    Function<Boolean, Double> mechanism = whale -> draws.get(whale).next();
    AuditResult r =
        DpAuditor.builder()
            .samples(samples)
            .confidence(0.999999)
            .randomness(Randomness.insecureSeeded(9))
            .build()
            .audit(mechanism, false, true);
    System.out.println("Spark count audit: " + r);
    assertTrue(r.epsilonLowerBound() <= 1.0, r.toString());
    assertTrue(r.epsilonLowerBound() > 0.2, "the audit has power: " + r);
  }

  private static List<Double> sparkCounts(int replicas, boolean whale) {
    Rows base = Rows.standard();
    for (long u = 0; u < 10; u++) {
      base.add(u, "p", 1.0);
    }
    if (whale) {
      for (int i = 0; i < 20; i++) {
        base.add(99L, "p", 1.0); // one unit with 20 records
      }
    }
    List<String> keys = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      keys.add("p|" + r);
    }
    BoundedAggregation<String> spec =
        BoundedAggregation.<String>builder()
            .epsilon(1)
            .contributionBounds(Specs.counting(1, 2))
            .publicPartitions(keys)
            .count()
            .build();
    List<Double> counts = new ArrayList<>();
    for (Row row :
        SparkAggregation.of(spec)
            .release(replicated(base, replicas, 4), "unit", "part", null)
            .collectAsList()) {
      counts.add((double) row.getLong(1));
    }
    assertEquals(replicas, counts.size());
    java.util.Collections.shuffle(counts, new java.util.Random(replicas + (whale ? 1 : 0)));
    return counts;
  }
}
