package io.privacity.spark.examples;

import static org.apache.spark.sql.functions.sum;

import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.ContributionBounds;
import io.privacity.spark.SparkAggregation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The module's benchmark runner (Spark does not belong in {@code bench}'s JMH jar): on one Dataset,
 * in one run, alternately times the DP grouped sum ({@link SparkAggregation}) and the plain Spark
 * {@code groupBy(partition).agg(sum(value))}, and the pseudonym column against a plain {@code sha2}
 * column; prints rows per second and the ratios. See docs/spark.md for the figures.
 */
final class SparkBenchmark {
  private SparkBenchmark() {}

  static int run(
      SparkSession spark, long rows, long households, String source, int repeats, Path dir)
      throws Exception {
    int partitions = Math.max(2, (int) Math.min(400, rows / 500_000));
    Dataset<Row> data = SmartMeterData.generate(spark, rows, households, partitions, 42);
    Dataset<Row> in;
    if (source.equals("parquet")) {
      Path p = dir.resolve("readings-" + rows + ".parquet");
      if (!Files.exists(p)) {
        data.write().parquet(p.toString());
      }
      in = spark.read().parquet(p.toString());
    } else {
      in = data.persist(StorageLevel.MEMORY_AND_DISK());
      in.count();
    }
    System.out.printf(
        Locale.ROOT,
        "rows %,d, households %,d, source %s, %d input partitions, local[%s]%n",
        rows,
        households,
        source,
        in.rdd().getNumPartitions(),
        spark.sparkContext().defaultParallelism());
    List<Double> plain = new ArrayList<>();
    List<Double> dp = new ArrayList<>();
    for (int i = 0; i <= repeats; i++) {
      long t0 = System.nanoTime();
      List<Row> p = in.groupBy("district_hour").agg(sum("kwh")).collectAsList();
      long t1 = System.nanoTime();
      Dataset<Row> released =
          SparkAggregation.of(spec()).release(in, "household", "district_hour", "kwh");
      long t2 = System.nanoTime();
      if (i > 0) { // the first round warms up
        plain.add((t1 - t0) / 1e9);
        dp.add((t2 - t1) / 1e9);
      }
      System.out.printf(
          Locale.ROOT,
          "round %d: plain %.2f s (%d partitions), DP %.2f s (%d partitions)%n",
          i,
          (t1 - t0) / 1e9,
          p.size(),
          (t2 - t1) / 1e9,
          released.count());
    }
    double mp = median(plain);
    double md = median(dp);
    System.out.printf(
        Locale.ROOT,
        "RESULT grouped sum, %,d rows, %s: plain %.2f s (%.2f M rows/s), DP %.2f s (%.2f M rows/s),"
            + " ratio %.3f%n",
        rows,
        source,
        mp,
        rows / mp / 1e6,
        md,
        rows / md / 1e6,
        mp / md);
    return 0;
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

  public static void main(String[] args) throws Exception {
    long rows = Long.parseLong(args[0]);
    long households = Long.parseLong(args[1]);
    String source = args[2];
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    run(spark, rows, households, source, 3, Path.of(System.getProperty("java.io.tmpdir")));
    functions.lit(0);
    spark.stop();
  }
}
