package io.privacity.spark.examples;

import static org.apache.spark.sql.functions.col;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.pseudonym.Canonicalizer;
import io.privacity.crypto.pseudonym.PseudonymDomain;
import io.privacity.crypto.pseudonym.Pseudonymizer;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.ContributionBounds;
import io.privacity.spark.SparkAggregation;
import io.privacity.spark.SparkPseudonymizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The smart-meter job: synthetic 15-minute readings of a city's households (10^7 by default),
 * pseudonymized meter ids, and the DP total and mean consumption per district and hour of day —
 * with private partition selection, so that rare districts (a handful of households) are not
 * released — written as Parquet or CSV, a PNG chart and the transparency ledger of the release.
 */
final class SmartMeterJob {
  private SmartMeterJob() {}

  /** The job's options. */
  record Options(long rows, long households, Path out, String format, double epsilon) {}

  static int run(SparkSession spark, Options o, PrintStream log) throws IOException {
    Files.createDirectories(o.out());
    int days = (int) Math.max(1, o.rows() / (96 * o.households()));
    log.printf(
        Locale.ROOT,
        "generating %,d readings of %,d households (%d day(s) of 15-minute readings)%n",
        o.rows(),
        o.households(),
        days);
    int partitions =
        Math.max(spark.sparkContext().defaultParallelism(), (int) (o.rows() / 1_000_000));
    Dataset<Row> readings = SmartMeterData.generate(spark, o.rows(), o.households(), partitions, 7);

    Path ledgerFile = o.out().resolve("ledger.jsonl");
    Files.deleteIfExists(ledgerFile); // a new ledger per run of the example
    try (TransparencyLedger ledger = TransparencyLedger.openFile(ledgerFile);
        SparkPseudonymizer pseudonyms =
            SparkPseudonymizer.builder(spark)
                .masterKeyset(Pseudonymizer.generateMasterKeyset())
                .domain(
                    () ->
                        PseudonymDomain.builder("smart-meters")
                            .canonicalizer(Canonicalizer.digits())
                            .build())
                .build()) {
      // Identity: the head-end's meter numbers never reach the analytics job.
      Dataset<Row> pseudonymized =
          readings.withColumn(
              "household",
              pseudonyms.pseudonymize("smart-meters", col("household").cast("string")));

      PrivacyAccountant budget =
          PrivacyAccountant.builder()
              .budget(PrivacyLoss.approximate(2 * o.epsilon(), 1e-5))
              .onCharge(
                  c ->
                      ledger.append(
                          LedgerEventType.BUDGET_CHARGE,
                          c.label(),
                          Map.of("loss", c.loss().toString())))
              .build();
      // A household reports 4 readings an hour: over the period, at most 4·days per hour of day,
      // in at most 24 district-hours, each 15-minute reading at most 2.5 kWh.
      BoundedAggregation<String> spec =
          BoundedAggregation.<String>builder()
              .name("consumption per district and hour")
              .epsilon(o.epsilon())
              .delta(1e-6)
              .contributionBounds(
                  ContributionBounds.builder()
                      .maxPartitionsContributed(24)
                      .maxContributionsPerPartition(4 * days)
                      .valueBounds(0, 2.5)
                      .build())
              .sum()
              .mean()
              .accountant(budget)
              .ledger(ledger)
              .build();
      SparkAggregation<String> dp = SparkAggregation.of(spec);
      long t0 = System.nanoTime();
      Dataset<Row> released = dp.release(pseudonymized, "household", "district_hour", "kwh");
      log.printf(
          Locale.ROOT,
          "released %d district-hours in %.1f s: %s%n",
          dp.partitionsReleased(),
          (System.nanoTime() - t0) / 1e9,
          spec.guarantee().loss());
      dp.warnings().forEach(w -> log.println("warning: " + w));

      Path table = o.out().resolve("consumption-by-district-hour." + o.format());
      write(released, table, o.format());
      Path chart = o.out().resolve("consumption-by-district-hour.png");
      chart(released.collectAsList(), chart);
      log.println("wrote " + table + ", " + chart + " and " + ledgerFile);
      log.printf(
          Locale.ROOT,
          "budget spent %s of %s; ledger entries %d, head %s%n",
          budget.spent(),
          budget.budget(),
          ledger.size(),
          ledger.head());
    }
    return 0;
  }

  /** Writes the Dataset to a temporary directory beside the target, then renames it over it. */
  private static void write(Dataset<Row> released, Path target, String format) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    deleteTree(tmp);
    released.coalesce(1).write().format(format).option("header", "true").save(tmp.toString());
    deleteTree(target);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  /** DP mean consumption by hour of day, one line per released district. */
  private static void chart(List<Row> rows, Path png) throws IOException {
    Map<String, TreeMap<Integer, Double>> byDistrict = new TreeMap<>();
    for (Row r : rows) {
      String[] key = r.getString(0).split(" ");
      int hour = Integer.parseInt(key[1].substring(0, 2));
      byDistrict
          .computeIfAbsent(key[0], k -> new TreeMap<>())
          .put(hour, r.getDouble(r.fieldIndex("mean")));
    }
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(600)
            .title(
                "DP mean 15-minute consumption per district and hour (rare districts not released)")
            .xAxisTitle("hour of day")
            .yAxisTitle("kWh per reading")
            .build();
    for (Map.Entry<String, TreeMap<Integer, Double>> e : byDistrict.entrySet()) {
      List<Integer> x = new ArrayList<>(e.getValue().keySet());
      List<Double> y = new ArrayList<>(e.getValue().values());
      chart.addSeries(e.getKey(), x, y);
    }
    Path tmp = png.resolveSibling("." + png.getFileName() + ".tmp.png");
    BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
    Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
