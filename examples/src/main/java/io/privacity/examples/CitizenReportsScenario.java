package io.privacity.examples;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import io.privacity.dp.geo.DpHeatMap;
import io.privacity.dp.geo.GeoPoint;
import io.privacity.dp.geo.GeoRegion;
import io.privacity.dp.geo.LocationReporter;
import io.privacity.dp.geo.OptimalRemapping;
import io.privacity.dp.geo.PlanarLaplace;
import io.privacity.dp.geo.PlanarPoint;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Citizens' apps report positions with geo-indistinguishability: the 76 Bay Area bike stations
 * stand for citizens' true positions, reported with exact lattice planar Laplace at Location
 * Guard's three levels (ℓ = 2 within 200 m, 500 m, 2000 m). Prints the empirical mean and 95% error
 * beside the theory (2/ε and the Lambert-W radius) and after {@link OptimalRemapping} under the
 * public prior "citizens are at stations", shows a {@link LocationReporter} charging one citizen's
 * budget, writes a map of true vs reported points and a DP heat map of the January 2014 trip starts
 * in San Francisco (privacy unit: the bike).
 *
 * <p>Uses {@link Randomness#insecureSeeded(long)} so the output is reproducible — fine for an
 * illustration, <b>never for a real release</b> (mechanisms default to {@link
 * Randomness#secure()}).
 */
public final class CitizenReportsScenario implements Scenario {
  private static final double LEVEL = 2;
  private static final double[] RADII = {200, 500, 2000};
  private static final int REPORTS_PER_CITIZEN = 40;

  /** Public grid reference: a fixed point in the middle of the Bay Area stations. */
  private static final GeoPoint ORIGIN = GeoPoint.of(37.55, -122.15);

  /** Public heat-map bounds: downtown San Francisco. */
  private static final GeoRegion SF =
      GeoRegion.boundingBox(GeoPoint.of(37.771, -122.420), GeoPoint.of(37.806, -122.388));

  /** Creates the scenario. */
  public CitizenReportsScenario() {}

  @Override
  public String name() {
    return "citizen-reports";
  }

  @Override
  public String description() {
    return "Geo-indistinguishable position reports at Location Guard's three levels, their error,"
        + " a map of true vs reported points and a DP heat map of bike-trip starts";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    var out = context.out();
    Randomness insecureSeededForExample = Randomness.insecureSeeded(2013);
    List<GeoPoint> citizens = new ArrayList<>();
    Map<Integer, GeoPoint> stations =
        readStations(context.data("bikeshare/bastations.csv"), citizens);
    out.println(
        citizens.size()
            + " citizens (bike station rows) report their position "
            + REPORTS_PER_CITIZEN
            + " times per level; randomness: insecure seeded (example only).");
    out.printf(
        "%-22s %9s %7s %10s %10s %10s %10s %9s%n",
        "level", "eps/m", "grid m", "mean err", "2/eps", "95% err", "95% theory", "loss@r");
    // Public prior for remapping: the published station list, one unit of weight per row.
    Map<GeoPoint, Double> prior = new HashMap<>();
    citizens.forEach(c -> prior.merge(c, 1.0, Double::sum));
    List<String> remapLines = new ArrayList<>();
    XYChart map =
        new XYChartBuilder()
            .width(900)
            .height(800)
            .title("True (stations) vs reported positions")
            .xAxisTitle("longitude")
            .yAxisTitle("latitude")
            .build();
    map.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    map.getStyler().setMarkerSize(4);
    for (double r : RADII) {
      PlanarLaplace pl =
          PlanarLaplace.builder()
              .privacyLevel(LEVEL, r)
              .origin(ORIGIN)
              .randomness(insecureSeededForExample)
              .build();
      OptimalRemapping remap = OptimalRemapping.of(pl, prior);
      double remappedSum = 0;
      double[] errors = new double[citizens.size() * REPORTS_PER_CITIZEN];
      List<Double> lon = new ArrayList<>();
      List<Double> lat = new ArrayList<>();
      int k = 0;
      for (GeoPoint truth : citizens) {
        for (int i = 0; i < REPORTS_PER_CITIZEN; i++) {
          GeoPoint reported = pl.obfuscate(truth);
          errors[k++] = truth.haversineMeters(reported);
          remappedSum += truth.haversineMeters(remap.remap(reported));
          if (i == 0) {
            lon.add(reported.longitude());
            lat.add(reported.latitude());
          }
        }
      }
      Arrays.sort(errors);
      double mean = Arrays.stream(errors).average().orElseThrow();
      double p95 = errors[(int) Math.ceil(0.95 * errors.length) - 1];
      out.printf(
          "l=%.0f within %5.0f m   %9.5f %7.0f %10.1f %10.1f %10.1f %10.1f %9.3f%n",
          LEVEL,
          r,
          pl.epsilonPerMeter(),
          pl.gridStepMeters(),
          mean,
          pl.meanError(),
          p95,
          pl.radiusForProbability(0.95),
          pl.guaranteeWithin(r).loss().epsilon());
      map.addSeries("reported, r = " + (int) r + " m", lon, lat);
      remapLines.add(
          String.format(
              "  r = %4.0f m: mean error %.1f m -> %.1f m after optimal remapping",
              r, mean, remappedSum / errors.length));
    }
    out.println(
        "Remapping under the public prior 'citizens are at bike stations' (post-processing, same"
            + " guarantee):");
    remapLines.forEach(out::println);
    map.addSeries(
            "true",
            citizens.stream().map(GeoPoint::longitude).toList(),
            citizens.stream().map(GeoPoint::latitude).toList())
        .setMarker(SeriesMarkers.DIAMOND);
    Path png = context.outputFile("citizen-reports.png");
    BitmapEncoder.saveBitmap(map, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    out.println("Map of true vs reported positions: " + png);

    reporterDemo(out, citizens.get(0), insecureSeededForExample);
    heatMap(context, stations, insecureSeededForExample);
  }

  private static void reporterDemo(PrintStream out, GeoPoint home, Randomness rnd) {
    PlanarLaplace pl =
        PlanarLaplace.builder().privacyLevel(LEVEL, 500).origin(ORIGIN).randomness(rnd).build();
    PrivacyAccountant budget = PrivacyAccountant.withBudget(PrivacyLoss.pure(5));
    LocationReporter reporter =
        LocationReporter.builder()
            .mechanism(pl)
            .accountant(budget)
            .protectionRadiusMeters(500)
            .moveThresholdMeters(100)
            .build();
    String refused = "";
    PlanarPoint start = pl.projection().toPlane(home);
    for (int step = 0; step < 6; step++) {
      // The citizen walks 60 m per step: a fresh (charged) report every second step.
      GeoPoint at = pl.projection().toGeo(new PlanarPoint(start.x() + 60 * step, start.y()));
      try {
        reporter.report(at);
      } catch (PrivacyBudgetExceededException e) {
        refused = " (a further fresh report was refused: budget exhausted, nothing released)";
      }
    }
    out.printf(
        "LocationReporter, budget 5: 6 positions 60 m apart -> %d fresh reports, each charged"
            + " %.3f (l = 2 within 500 m + slack); spent %.3f%s%n",
        reporter.freshReports(),
        reporter.lossPerFreshReport().epsilon(),
        budget.spent().epsilon(),
        refused);
  }

  private static void heatMap(
      ScenarioContext context, Map<Integer, GeoPoint> stations, Randomness rnd) throws Exception {
    int rows = 14;
    int cols = 14;
    double eps = 1;
    int m = 4;
    PrivacyAccountant budget = PrivacyAccountant.withBudget(PrivacyLoss.pure(1));
    DpHeatMap heat =
        DpHeatMap.builder()
            .bounds(SF)
            .rows(rows)
            .columns(cols)
            .maxCellsPerPerson(m)
            .epsilon(eps)
            .randomness(rnd)
            .accountant(budget)
            .build();
    int trips = 0;
    try (Reader in = Files.newBufferedReader(context.data("bikeshare/batrips_2014-01.csv"))) {
      for (CSVRecord rec :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        GeoPoint start = stations.get(Integer.parseInt(rec.get("start_terminal")));
        if (start != null) {
          heat.add(rec.get("bike_id"), start);
          trips++;
        }
      }
    }
    DpHeatMap.Release release = heat.release();
    long[][] counts = release.counts();
    // Axis labels as fixed 3-decimal strings (no "37.8" beside "37.797"); the x labels are turned
    // 45 degrees so that 14 longitudes never overlap at this width.
    List<String> xs = new ArrayList<>();
    List<String> ys = new ArrayList<>();
    Number[][] z = new Number[cols][rows];
    for (int c = 0; c < cols; c++) {
      xs.add(String.format(Locale.ROOT, "%.3f", release.cellCenter(0, c).longitude()));
    }
    for (int r = 0; r < rows; r++) {
      ys.add(String.format(Locale.ROOT, "%.3f", release.cellCenter(r, 0).latitude()));
      for (int c = 0; c < cols; c++) {
        z[c][r] = Math.max(0, counts[r][c]);
      }
    }
    List<Number[]> heatData = new ArrayList<>();
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        heatData.add(new Number[] {c, r, z[c][r]});
      }
    }
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(900)
            .height(800)
            .title("DP heat map of trip starts, SF, Jan 2014 (eps = 1, <= 4 cells per bike)")
            .xAxisTitle("longitude")
            .yAxisTitle("latitude")
            .build();
    chart.getStyler().setXAxisLabelRotation(45);
    chart.addSeries("noisy bikes per cell", xs, ys, heatData);
    Path png = context.outputFile("citizen-reports-heatmap.png");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    context
        .out()
        .printf(
            "DP heat map: %d trip starts (all stations; counted if in %s), %dx%d cells, epsilon %.1f per bike (charged:"
                + " %.1f), noise scale %d: %s%n",
            trips, "downtown San Francisco", rows, cols, eps, budget.spent().epsilon(), m, png);
  }

  /**
   * Reads every station row into {@code rows} (76 rows; a few stations moved and appear twice) and
   * returns station_id → last position, for the trip join.
   */
  private static Map<Integer, GeoPoint> readStations(Path csv, List<GeoPoint> rows)
      throws Exception {
    Map<Integer, GeoPoint> stations = new HashMap<>();
    try (Reader in = Files.newBufferedReader(csv)) {
      for (CSVRecord rec :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        GeoPoint p =
            GeoPoint.of(Double.parseDouble(rec.get("lat")), Double.parseDouble(rec.get("long")));
        rows.add(p);
        stations.put(Integer.parseInt(rec.get("station_id")), p);
      }
    }
    return stations;
  }
}
