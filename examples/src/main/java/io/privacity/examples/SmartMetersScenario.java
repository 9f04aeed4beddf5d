package io.privacity.examples;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.random.Randomness;
import io.privacity.dp.aggregate.Accumulator;
import io.privacity.dp.aggregate.AggregationResult;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.ContributionBounds;
import io.privacity.dp.aggregate.DpValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * DP total electricity consumption per district per hour, from half-hourly smart-meter readings of
 * a seeded synthetic city (30,000 households in 10 districts, one day, plus one data-centre meter
 * that reads 500 kWh every minute). Each household is the privacy unit: at most 24 hour partitions,
 * 2 readings per hour, readings clamped to [0, 2.5] kWh. Districts and hours are public, so every
 * district-hour is released and the release is pure ε-DP.
 *
 * <p>Prints an error table per district and writes {@code smart-meters.png} (true vs released
 * hourly series for two districts). Uses {@link Randomness#insecureSeeded(long)} so the output is
 * reproducible — an illustration only, <b>never for a real release</b>.
 */
public final class SmartMetersScenario implements Scenario {
  private static final int DISTRICTS = 10;
  private static final int HOUSEHOLDS = 30_000;
  private static final int SLOTS = 48;
  private static final double EPSILON = 1.0;
  private static final double MAX_READING = 2.5;

  /** Creates the scenario. */
  public SmartMetersScenario() {}

  @Override
  public String name() {
    return "smart-meters";
  }

  @Override
  public String description() {
    return "DP total consumption per district per hour from half-hourly meter readings, with"
        + " per-household bounding; error table and smart-meters.png";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    var out = context.out();
    Randomness insecureSeededForExample = Randomness.insecureSeeded(2026);
    PrivacyAccountant accountant = PrivacyAccountant.withBudget(PrivacyLoss.pure(EPSILON));
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    List<String> keys = new ArrayList<>();
    for (int d = 0; d < DISTRICTS; d++) {
      for (int h = 0; h < 24; h++) {
        keys.add(key(d, h));
      }
    }
    BoundedAggregation<String> query =
        BoundedAggregation.<String>builder()
            .name("kWh per district-hour")
            .epsilon(EPSILON)
            .contributionBounds(
                ContributionBounds.builder()
                    .maxPartitionsContributed(24)
                    .maxContributionsPerPartition(2)
                    .valueBounds(0, MAX_READING)
                    .build())
            .sum()
            .publicPartitions(keys)
            .randomness(insecureSeededForExample)
            .accountant(accountant)
            .ledger(ledger)
            .build();

    // The seeded city: each household has a size factor and a district; readings follow a
    // daily profile (night base load, morning and evening peaks) with noise.
    double[][] truth = new double[DISTRICTS][24];
    SplittableRandom city = new SplittableRandom(7);
    Accumulator<String> meters = query.newAccumulator();
    int[] district = new int[HOUSEHOLDS];
    double[] size = new double[HOUSEHOLDS];
    for (int h = 0; h < HOUSEHOLDS; h++) {
      district[h] = city.nextInt(DISTRICTS);
      size[h] = 0.5 + city.nextDouble() * (0.6 + 0.1 * district[h]);
    }
    long records = 0;
    for (int slot = 0; slot < SLOTS; slot++) {
      int hour = slot / 2;
      for (int h = 0; h < HOUSEHOLDS; h++) {
        double kwh = Math.max(0, size[h] * profile(hour) * (0.7 + 0.6 * city.nextDouble()));
        meters.add(h, key(district[h], hour), kwh);
        truth[district[h]][hour] += kwh;
        records++;
      }
    }
    // One data centre in district 3: 500 kWh per minute. Bounding keeps 2 clamped readings/hour.
    for (int minute = 0; minute < 24 * 60; minute++) {
      meters.add("meter-datacentre", key(3, minute / 60), 500.0);
      truth[3][minute / 60] += 500.0;
      records++;
    }
    AggregationResult<String> released = query.release(meters);

    out.printf(
        "%d readings from %d households + 1 data centre; epsilon = %.1f per day (pure DP),"
            + " household-level bounds L0=24, Linf=2, [0, %.1f] kWh; randomness: insecure seeded"
            + " (example only).%n",
        records, HOUSEHOLDS, EPSILON, MAX_READING);
    out.printf(
        "%-9s %12s %12s %12s %10s %10s %8s%n",
        "district", "true kWh", "DP kWh", "mean|err|/h", "rel.err/h", "95% CI ±", "covered");
    double[][] dp = new double[DISTRICTS][24];
    for (int d = 0; d < DISTRICTS; d++) {
      double trueDay = 0;
      double dpDay = 0;
      double absErr = 0;
      double relErr = 0;
      double half = 0;
      int covered = 0;
      for (int h = 0; h < 24; h++) {
        DpValue v = released.get(key(d, h)).sum();
        dp[d][h] = v.value();
        trueDay += truth[d][h];
        dpDay += v.value();
        absErr += Math.abs(v.value() - truth[d][h]);
        relErr += Math.abs(v.value() - truth[d][h]) / truth[d][h];
        half += (v.interval().upper() - v.interval().lower()) / 2;
        covered += v.interval().contains(truth[d][h]) ? 1 : 0;
      }
      out.printf(
          "%-9s %12.0f %12.0f %12.1f %9.1f%% %10.1f %5d/24%n",
          "D" + d, trueDay, dpDay, absErr / 24, 100 * relErr / 24, half / 24, covered);
    }
    out.println(
        "District D3's truth includes the data centre's 720,000 kWh; the release counts at most"
            + " 2 clamped readings per hour from it, so D3 is under-reported by design.");
    out.println("Budget spent: " + accountant.spent() + "; ledger entries: " + ledger.size());
    out.println("Release guarantee: " + released.guarantee().toJson());

    Path png = context.outputFile("smart-meters.png");
    BitmapEncoder.saveBitmap(chart(truth, dp), png.toString(), BitmapEncoder.BitmapFormat.PNG);
    out.println("Chart (true vs released, districts D0 and D7): " + png.toAbsolutePath());
  }

  private static String key(int district, int hour) {
    return "D" + district + "@" + (hour < 10 ? "0" : "") + hour;
  }

  /** Mean kWh per half hour of a household of size 1 at the given hour. */
  private static double profile(int hour) {
    double base = 0.12;
    double morning = 0.25 * Math.exp(-Math.pow(hour - 7.5, 2) / 3);
    double evening = 0.45 * Math.exp(-Math.pow(hour - 19, 2) / 5);
    return base + morning + evening;
  }

  private static XYChart chart(double[][] truth, double[][] dp) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title("Consumption per hour: true vs DP (epsilon = 1 per day, household-level)")
            .xAxisTitle("hour of day")
            .yAxisTitle("kWh")
            .build();
    double[] hours = new double[24];
    for (int h = 0; h < 24; h++) {
      hours[h] = h;
    }
    for (int d : new int[] {0, 7}) {
      chart.addSeries("D" + d + " true", hours, truth[d]).setMarker(SeriesMarkers.NONE);
      XYSeries s = chart.addSeries("D" + d + " DP", hours, dp[d]);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }
}
