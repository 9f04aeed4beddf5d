package io.privacity.examples;

import io.privacity.core.random.Randomness;
import io.privacity.dp.stream.ContinualCounter;
import io.privacity.dp.stream.ContinualCounter.Algorithm;
import io.privacity.dp.stream.WEventPublisher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Bike-share stations as sensors: every hour of 2014 each station reports how many trips started
 * there, and the city publishes each station's running total after every hour, for ever. Compares
 * the binary tree mechanism (Honaker estimator), the hybrid mechanism (no horizon needed) and the
 * naive counter that noises every hourly count, all event-level ε = 1 per station (a trip starts at
 * one station, so the city as a whole is 1-DP per trip by parallel composition). Writes {@code
 * traffic-counts.png}: the root-mean-square error over stations against time.
 */
public final class TrafficCountsScenario implements Scenario {
  private static final double EPSILON = 1.0;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Creates the scenario. */
  public TrafficCountsScenario() {}

  @Override
  public String name() {
    return "traffic-counts";
  }

  @Override
  public String description() {
    return "continual DP release of hourly trip counts per station: binary tree vs naive (PNG)";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    Map<Integer, long[]> hourly = readHourlyCounts(context.data("bikeshare/batrips_2014.csv.gz"));
    int hours = hourly.values().iterator().next().length;
    int stations = hourly.size();
    context
        .out()
        .printf(
            "%d stations x %d hours of 2014 (Bay Area Bike Share), event-level eps=%.1f per station%n",
            stations, hours, EPSILON);

    // Reproducible for the example only: real deployments keep the default Randomness.secure().
    Randomness random = Randomness.insecureSeeded(2014);
    Algorithm[] algorithms = {
      Algorithm.BINARY_TREE, Algorithm.HYBRID, Algorithm.NAIVE_NOISY_INCREMENTS
    };
    double[][] squaredError = new double[algorithms.length][hours];
    int busiest = 0;
    long busiestTotal = -1;
    for (Map.Entry<Integer, long[]> station : hourly.entrySet()) {
      long total = 0;
      for (long c : station.getValue()) {
        total += c;
      }
      if (total > busiestTotal) {
        busiestTotal = total;
        busiest = station.getKey();
      }
    }
    for (Map.Entry<Integer, long[]> station : hourly.entrySet()) {
      for (int a = 0; a < algorithms.length; a++) {
        ContinualCounter counter = counter(algorithms[a], hours, random);
        long truth = 0;
        long[] counts = station.getValue();
        for (int h = 0; h < hours; h++) {
          truth += counts[h];
          double err = counter.next(counts[h]) - truth;
          squaredError[a][h] += err * err / stations;
        }
        if (station.getKey() == busiest) {
          var ci = counter.confidenceInterval(0.95);
          context
              .out()
              .printf(
                  "  station %d, %-22s year total: true %d, released %d, 95%% CI [%.0f, %.0f]%n",
                  busiest,
                  algorithms[a],
                  truth,
                  Math.round(counter.estimate()),
                  ci.lower(),
                  ci.upper());
        }
      }
    }
    for (int a = 0; a < algorithms.length; a++) {
      double mse = 0;
      for (double e : squaredError[a]) {
        mse += e / hours;
      }
      context
          .out()
          .printf(
              "  %-22s RMSE over all stations and hours: %.1f trips%n",
              algorithms[a], Math.sqrt(mse));
    }
    wEvent(context, hourly, hours, random);
    chart(context, algorithms, squaredError);
  }

  private static ContinualCounter counter(Algorithm alg, int hours, Randomness random) {
    ContinualCounter.Builder b =
        ContinualCounter.builder().epsilon(EPSILON).algorithm(alg).randomness(random);
    return alg == Algorithm.HYBRID ? b.unboundedHorizon().build() : b.horizon(hours).build();
  }

  /** The per-hour vectors under w-event privacy: any day (w = 24 hours) of trips gets ε = 1. */
  private static void wEvent(
      ScenarioContext context, Map<Integer, long[]> hourly, int hours, Randomness random) {
    List<long[]> columns = new ArrayList<>(hourly.values());
    context.out().println("  per-hour station vectors, w-event privacy (w = 24 h, eps = 1):");
    for (WEventPublisher.Strategy s : WEventPublisher.Strategy.values()) {
      WEventPublisher pub =
          WEventPublisher.builder()
              .epsilon(EPSILON)
              .window(24)
              .dimension(columns.size())
              .strategy(s)
              .randomness(random)
              .build();
      double abs = 0;
      int fresh = 0;
      long[] v = new long[columns.size()];
      for (int h = 0; h < hours; h++) {
        for (int k = 0; k < v.length; k++) {
          v[k] = columns.get(k)[h];
        }
        WEventPublisher.Release r = pub.publish(v);
        fresh += r.fresh() ? 1 : 0;
        long[] out = r.values();
        for (int k = 0; k < v.length; k++) {
          abs += Math.abs(out[k] - v[k]);
        }
      }
      context
          .out()
          .printf(
              "    %-20s mean abs error %.2f trips/station/hour, %d of %d hours freshly published%n",
              s, abs / ((double) hours * v.length), fresh, hours);
    }
  }

  private static void chart(ScenarioContext context, Algorithm[] algorithms, double[][] mse)
      throws Exception {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(500)
            .title("Running trip count per station, eps = 1 (event-level): RMSE over stations")
            .xAxisTitle("day of 2014")
            .yAxisTitle("RMSE of released running count (trips)")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(0);
    int days = mse[0].length / 24;
    for (int a = 0; a < algorithms.length; a++) {
      double[] x = new double[days];
      double[] y = new double[days];
      for (int d = 0; d < days; d++) {
        x[d] = d + 1;
        y[d] = Math.sqrt(mse[a][d * 24 + 23]);
      }
      chart.addSeries(algorithms[a].toString(), x, y);
    }
    Path png = context.outputFile("traffic-counts.png");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    context.out().println("  wrote " + png);
  }

  /** Trips started per station (start_terminal) and hour of 2014, from the gzipped trip file. */
  static Map<Integer, long[]> readHourlyCounts(Path gz) throws Exception {
    int hours = 365 * 24;
    Map<Integer, long[]> counts = new TreeMap<>();
    try (Reader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
      for (CSVRecord r : format.parse(in)) {
        LocalDateTime start = LocalDateTime.parse(r.get("start_date"), TIME);
        if (start.getYear() != 2014) {
          continue;
        }
        int hour = (start.getDayOfYear() - 1) * 24 + start.getHour();
        int station = Integer.parseInt(r.get("start_terminal"));
        counts.computeIfAbsent(station, s -> new long[hours])[hour]++;
      }
    }
    return counts;
  }
}
