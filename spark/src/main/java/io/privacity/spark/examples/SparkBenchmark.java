package io.privacity.spark.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sum;

import io.privacity.crypto.pseudonym.PseudonymDomain;
import io.privacity.crypto.pseudonym.Pseudonymizer;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.ContributionBounds;
import io.privacity.spark.SparkAggregation;
import io.privacity.spark.SparkPseudonymizer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The module's benchmark runner (Spark does not belong in {@code bench}'s JMH jar, which every
 * other benchmark shares): on one Dataset, in one run, it alternately times the DP grouped sum
 * ({@link SparkAggregation}: bounding, exact sums, selection, noise) and the plain Spark {@code
 * groupBy(partition).agg(sum(value))} — the cheapest honest alternative — and, with {@code
 * --pseudonyms}, the pseudonym column against a plain {@code sha2} column. It prints rows per
 * second and the ratios (median of the measured rounds, after one warm-up round).
 *
 * <p>The data are {@link SmartMeterData}: readings in time order (the hard case for map-side
 * combining: a household's readings are spread over every input partition), 100 readings per
 * household by default, 288 district-hours; the spec is the one of {@code bench}'s
 * AggregationBenchmark (L0 = 24, L∞ = 6, values in [0, 5], ε = 1, δ = 10^−6, sum).
 */
final class SparkBenchmark {
  private SparkBenchmark() {}

  static int run(SparkSession spark, Main.Args a, PrintStream log) throws Exception {
    long rows = a.rows;
    long households = a.households(100);
    int partitions = Math.max(2, (int) Math.min(2000, rows / 500_000));
    Dataset<Row> data = SmartMeterData.generate(spark, rows, households, partitions, 42);
    Dataset<Row> in;
    if (a.source.equals("parquet")) {
      Path p = a.dir.resolve("readings-" + rows + "-" + households + ".parquet");
      if (!Files.exists(p)) {
        log.println("writing " + p);
        data.write().parquet(p.toString());
      }
      in = spark.read().parquet(p.toString());
    } else {
      in = data.persist(StorageLevel.MEMORY_AND_DISK());
      in.count();
    }
    log.printf(
        Locale.ROOT,
        "%,d rows, %,d households, source %s, %d input partitions, %s%n",
        rows,
        households,
        a.source,
        in.rdd().getNumPartitions(),
        spark.sparkContext().master());
    try {
      compareAll(spark, in, rows, a, log);
    } finally {
      in.unpersist();
    }
    return 0;
  }

  private static void compareAll(
      SparkSession spark, Dataset<Row> in, long rows, Main.Args a, PrintStream log)
      throws Exception {
    compare(
        log,
        "grouped sum",
        rows,
        a.repeats,
        "plain groupBy.agg(sum)",
        () -> in.groupBy("district_hour").agg(sum("kwh")).collectAsList().size(),
        "DP SparkAggregation",
        () -> SparkAggregation.of(spec()).release(in, "household", "district_hour", "kwh").count());
    if (a.pseudonyms) {
      try (SparkPseudonymizer p =
          SparkPseudonymizer.builder(spark)
              .masterKeyset(Pseudonymizer.generateMasterKeyset())
              .domain(() -> PseudonymDomain.builder("meters").build())
              .build()) {
        compare(
            log,
            "pseudonym column",
            rows,
            a.repeats,
            "plain sha2(id, 256)",
            () -> noop(in.select(sha2(col("household").cast("string"), 256))),
            "SparkPseudonymizer",
            () -> noop(in.select(p.pseudonymize("meters", col("household").cast("string")))));
      }
    }
  }

  private static long noop(Dataset<Row> d) {
    d.write().format("noop").mode("overwrite").save();
    return 0;
  }

  private static void compare(
      PrintStream log,
      String what,
      long rows,
      int repeats,
      String baselineName,
      LongSupplier baseline,
      String subjectName,
      LongSupplier subject) {
    List<Double> b = new ArrayList<>();
    List<Double> s = new ArrayList<>();
    for (int i = 0; i <= repeats; i++) {
      long t0 = System.nanoTime();
      baseline.getAsLong();
      long t1 = System.nanoTime();
      subject.getAsLong();
      long t2 = System.nanoTime();
      log.printf(
          Locale.ROOT,
          "  %s round %d%s: %s %.2f s, %s %.2f s%n",
          what,
          i,
          i == 0 ? " (warm-up)" : "",
          baselineName,
          (t1 - t0) / 1e9,
          subjectName,
          (t2 - t1) / 1e9);
      if (i > 0) {
        b.add((t1 - t0) / 1e9);
        s.add((t2 - t1) / 1e9);
      }
    }
    double mb = median(b);
    double ms = median(s);
    log.printf(
        Locale.ROOT,
        "RESULT %s, %,d rows: %s %.2f s (%.2f M rows/s), %s %.2f s (%.2f M rows/s), ratio %.3f%n",
        what,
        rows,
        baselineName,
        mb,
        rows / mb / 1e6,
        subjectName,
        ms,
        rows / ms / 1e6,
        mb / ms);
  }

  static BoundedAggregation<String> spec() {
    return BoundedAggregation.<String>builder()
        .name("benchmark")
        .epsilon(1)
        .delta(1e-6)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(24)
                .maxContributionsPerPartition(6)
                .valueBounds(0, 5)
                .build())
        .sum()
        .build();
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
