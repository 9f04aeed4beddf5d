package io.privacity.examples;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.random.Randomness;
import io.privacity.dp.aggregate.Accumulator;
import io.privacity.dp.aggregate.AggregationResult;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.ContributionBounds;
import io.privacity.dp.aggregate.PartitionResult;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * DP trip counts from the real Bay Area Bike Share trips of January 2014, with the <b>bike</b> as
 * privacy unit (bike_id): a bike's whole month of trips is protected, and each bike's contributions
 * are bounded by uniform random sampling.
 *
 * <p>Two releases of ε = 2 each, charged to one accountant: (A) trips per start station with
 * private partition selection — a station is released only if enough distinct bikes started there
 * (δ = 10^−5; bikes keep at most 8 stations, 4 trips each); (B) trips per start station per hour of
 * day with public partitions — every station of {@code bastations.csv} × 24 hours (bikes keep at
 * most 24 station-hours, 2 trips each). The scenario also prints what private partition selection
 * would give per station-hour: with 605 bikes that each start from ~42 station-hours a month, the
 * Laplace threshold (≈ L0·ln(L0/δ)/ε distinct bikes) exceeds every cell, so nothing is released —
 * the honest price of unit-level privacy on a small fleet. Prints the releases against the true
 * counts and writes {@code bike-trips.png}. Uses {@link Randomness#insecureSeeded(long)} — an
 * illustration only, <b>never for a real release</b>.
 */
public final class BikeTripsScenario implements Scenario {
  private static final double EPSILON = 2.0;
  private static final double DELTA = 1e-5;

  /** Creates the scenario. */
  public BikeTripsScenario() {}

  @Override
  public String name() {
    return "bike-trips";
  }

  @Override
  public String description() {
    return "DP trips per start station per hour (Bay Area Bike Share, Jan 2014) with bike-level"
        + " bounding and partition selection; bike-trips.png";
  }

  private record Trip(String bike, int station, int hour) {}

  @Override
  public void run(ScenarioContext context) throws Exception {
    var out = context.out();
    Randomness insecureSeededForExample = Randomness.insecureSeeded(1401);
    List<Trip> trips = new ArrayList<>();
    try (Reader in =
        Files.newBufferedReader(
            context.data("bikeshare/batrips_2014-01.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().build().parse(in)) {
        trips.add(
            new Trip(
                r.get("bike_id"),
                Integer.parseInt(r.get("start_terminal")),
                Integer.parseInt(r.get("start_date").substring(11, 13))));
      }
    }
    Map<Integer, String> stations = new HashMap<>();
    try (Reader in =
        Files.newBufferedReader(context.data("bikeshare/bastations.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().build().parse(in)) {
        stations.put(Integer.parseInt(r.get("station_id")), r.get("name"));
      }
    }
    Map<String, Integer> truth = new HashMap<>();
    for (Trip t : trips) {
      truth.merge(key(t.station(), t.hour()), 1, Integer::sum);
    }
    List<String> publicKeys = new ArrayList<>();
    for (int s : stations.keySet()) {
      for (int h = 0; h < 24; h++) {
        publicKeys.add(key(s, h));
      }
    }

    PrivacyAccountant accountant =
        PrivacyAccountant.withBudget(PrivacyLoss.approximate(2 * EPSILON, DELTA));
    Map<String, Integer> stationTruth = new HashMap<>();
    for (Trip t : trips) {
      stationTruth.merge(Integer.toString(t.station()), 1, Integer::sum);
    }
    BoundedAggregation<String> perStation =
        BoundedAggregation.<String>builder()
            .name("trips per start station (selected)")
            .epsilon(EPSILON)
            .delta(DELTA)
            .contributionBounds(
                ContributionBounds.builder()
                    .maxPartitionsContributed(8)
                    .maxContributionsPerPartition(4)
                    .build())
            .count()
            .randomness(insecureSeededForExample)
            .accountant(accountant)
            .build();
    ContributionBounds perBikeHours =
        ContributionBounds.builder()
            .maxPartitionsContributed(24)
            .maxContributionsPerPartition(2)
            .build();
    BoundedAggregation<String> allStationHours =
        BoundedAggregation.<String>builder()
            .name("trips per station-hour (public stations)")
            .epsilon(EPSILON)
            .contributionBounds(perBikeHours)
            .count()
            .publicPartitions(publicKeys)
            .randomness(insecureSeededForExample)
            .accountant(accountant)
            .build();
    // Not released: only its threshold is shown, to explain why per-hour selection is empty.
    BoundedAggregation<String> hourSelection =
        BoundedAggregation.<String>builder()
            .epsilon(EPSILON)
            .delta(DELTA)
            .contributionBounds(perBikeHours)
            .count()
            .build();
    Accumulator<String> a = perStation.newAccumulator();
    Accumulator<String> b = allStationHours.newAccumulator();
    for (Trip t : trips) {
      a.add(t.bike(), Integer.toString(t.station()));
      b.add(t.bike(), key(t.station(), t.hour()));
    }
    AggregationResult<String> ra = perStation.release(a);
    AggregationResult<String> rb = allStationHours.release(b);

    long bikes = trips.stream().map(Trip::bike).distinct().count();
    int coveredTrips = 0;
    for (String k : ra.partitions().keySet()) {
      coveredTrips += stationTruth.getOrDefault(k, 0);
    }
    out.printf(
        "%d trips by %d bikes from %d stations (%d station-hours); privacy unit = bike (a whole"
            + " month); epsilon = %.0f per release; randomness: insecure seeded (example only).%n",
        trips.size(), bikes, stationTruth.size(), truth.size(), EPSILON);
    out.printf(
        "(A) per station, partition selection (L0=8, Linf=4): threshold %d distinct bikes (exact"
            + " delta %.2e): %d of %d stations released, covering %.1f%% of trips.%n",
        ra.selectionThreshold(),
        perStation.selectionDelta(),
        ra.partitions().size(),
        stationTruth.size(),
        100.0 * coveredTrips / trips.size());
    for (String warning : ra.warnings()) {
      out.println("    Warning: " + warning);
    }
    out.printf("%-40s %6s %10s %14s%n", "station", "true", "DP count", "95% CI");
    List<String> byTrips = new ArrayList<>(stationTruth.keySet());
    byTrips.sort(Comparator.comparing((String k) -> -stationTruth.get(k)));
    for (String k : byTrips) {
      PartitionResult<String> p = ra.get(k);
      if (p != null || byTrips.indexOf(k) < 12) {
        out.printf(
            "%-40s %6d %10s %14s%n",
            shorten(stations.getOrDefault(Integer.parseInt(k), "station " + k)),
            stationTruth.get(k),
            p == null ? "suppressed" : Long.toString(p.count().value()),
            p == null ? "" : p.count().interval().toString().replace(" @0.95", ""));
      }
    }
    out.println(
        "DP counts estimate the bounded trips (at most 8 stations x 4 trips per bike), so busy"
            + " stations are under-counted: bounding bias traded for less noise.");
    double absErr = 0;
    int covered = 0;
    for (String k : publicKeys) {
      PartitionResult<String> p = rb.get(k);
      int t = truth.getOrDefault(k, 0);
      absErr += Math.abs(p.count().value() - t);
      covered += p.count().interval().contains(t) ? 1 : 0;
    }
    out.printf(
        "(B) per station-hour, public partitions (L0=24, Linf=2): %d released; mean |DP - true|"
            + " = %.1f trips; %d/%d 95%% intervals contain the raw truth.%n",
        publicKeys.size(), absErr / publicKeys.size(), covered, publicKeys.size());
    out.printf(
        "    Private selection per station-hour would need %d distinct bikes per cell (delta"
            + " %.1e); the busiest cell has %d trips in total, so it would release nothing.%n",
        hourSelection.selectionThreshold(),
        hourSelection.selectionDelta(),
        truth.values().stream().mapToInt(Integer::intValue).max().orElse(0));
    out.printf("%-45s %6s %10s%n", "busiest station-hours", "true", "(B) DP");
    List<String> busiest = new ArrayList<>(truth.keySet());
    busiest.sort(Comparator.comparing((String k) -> -truth.get(k)));
    for (String k : busiest.subList(0, 8)) {
      out.printf("%-45s %6d %10d%n", label(k, stations), truth.get(k), rb.get(k).count().value());
    }
    out.println("Budget spent: " + accountant.spent());

    int topStation = Integer.parseInt(busiest.get(0).split("@")[0]);
    Path png = context.outputFile("bike-trips.png");
    BitmapEncoder.saveBitmap(
        chart(topStation, stations.get(topStation), truth, rb),
        png.toString(),
        BitmapEncoder.BitmapFormat.PNG);
    out.println("Chart (busiest station, true vs DP per hour): " + png.toAbsolutePath());
  }

  private static String key(int station, int hour) {
    return station + "@" + hour;
  }

  private static String shorten(String name) {
    return name.length() > 40 ? name.substring(0, 40) : name;
  }

  private static String label(String key, Map<Integer, String> stations) {
    String[] p = key.split("@");
    String name = stations.getOrDefault(Integer.parseInt(p[0]), "station " + p[0]);
    return (name.length() > 36 ? name.substring(0, 36) : name) + " " + p[1] + "h";
  }

  private static XYChart chart(
      int station, String name, Map<String, Integer> truth, AggregationResult<String> rb) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title("Trips per hour from " + shorten(name) + " (Jan 2014, bike-level DP)")
            .xAxisTitle("hour of day")
            .yAxisTitle("trips")
            .build();
    double[] hours = new double[24];
    double[] t = new double[24];
    double[] b = new double[24];
    for (int h = 0; h < 24; h++) {
      String k = key(station, h);
      hours[h] = h;
      t[h] = truth.getOrDefault(k, 0);
      b[h] = rb.get(k).count().value();
    }
    chart.addSeries("true", hours, t).setMarker(SeriesMarkers.NONE);
    chart.addSeries("DP, bike-level (public partitions)", hours, b).setMarker(SeriesMarkers.CIRCLE);
    return chart;
  }
}
