package io.privacity.examples;

import io.privacity.anonymize.algorithm.Mondrian;
import io.privacity.anonymize.algorithm.MondrianResult;
import io.privacity.anonymize.data.Column;
import io.privacity.anonymize.data.ColumnType;
import io.privacity.anonymize.data.Csv;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchies;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.metric.ReidentificationRisk;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * A city publishes its bike-share trips as open data. Trip records are linkable: a commuter's zip
 * code, home station, usual start hour and subscription type single many of them out. The release
 * is made 10-anonymous with Mondrian over those quasi-identifiers (and the end station), the risk
 * is reported before and after, and the class sizes are charted.
 */
public final class OpenDataReleaseScenario implements Scenario {
  static final int K = 10;
  static final List<String> QUASI_IDENTIFIERS =
      List.of("zip_code", "start_terminal", "end_terminal", "start_hour", "subscription_type");

  /** Creates the scenario. */
  public OpenDataReleaseScenario() {}

  @Override
  public String name() {
    return "open-data-release";
  }

  @Override
  public String description() {
    return "publish bike trips as 10-anonymous open data (Mondrian), risk before/after";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    PrintStream out = context.out();
    Table raw = Csv.read(context.data("bikeshare/batrips_2014-01.csv"), ',');
    Table stations = Csv.read(context.data("bikeshare/bastations.csv"), ',');
    Table trips = prepare(raw);
    out.printf(
        "January 2014: %,d trips; quasi-identifiers %s; published as is: duration_min%n",
        trips.rowCount(), QUASI_IDENTIFIERS);

    Hierarchy stationCity = stationHierarchy(trips, stations);
    Mondrian mondrian =
        Mondrian.builder()
            .hierarchical("zip_code", zipHierarchy(trips))
            .hierarchical("start_terminal", stationCity)
            .hierarchical("end_terminal", stationCity)
            .numeric("start_hour")
            .hierarchical(
                "subscription_type",
                Hierarchies.suppression(trips.column("subscription_type").dictionary()))
            .insensitive("duration_min")
            .k(K)
            .build();
    long started = System.nanoTime();
    MondrianResult result = mondrian.anonymize(trips);
    long millis = (System.nanoTime() - started) / 1_000_000;
    Table released = result.table();

    ReidentificationRisk before = ReidentificationRisk.of(trips, QUASI_IDENTIFIERS);
    ReidentificationRisk after = ReidentificationRisk.of(released, QUASI_IDENTIFIERS);
    out.printf(
        "Mondrian, k = %d: %d partitions, %d equivalence classes, %d rows suppressed,"
            + " loss %.3f, %d ms%n",
        K,
        result.partitionCount(),
        result.classCount(),
        result.suppressedRows(),
        result.loss(),
        millis);
    out.println();
    out.printf("%-40s %12s %12s%n", "re-identification risk (prosecutor)", "before", "after");
    count(out, "equivalence classes", before.classCount(), after.classCount());
    count(out, "smallest class", before.smallestClassSize(), after.smallestClassSize());
    row(out, "highest risk", before.prosecutorHighestRisk(), after.prosecutorHighestRisk());
    row(out, "average risk", before.prosecutorAverageRisk(), after.prosecutorAverageRisk());
    row(
        out,
        "trips unique in their QIs",
        before.prosecutorRecordsAtRisk(0.5),
        after.prosecutorRecordsAtRisk(0.5));
    row(
        out,
        "trips in classes smaller than " + K,
        before.prosecutorRecordsAtRisk(1.0 / K),
        after.prosecutorRecordsAtRisk(1.0 / K));
    out.println();
    out.println("loss by quasi-identifier: " + format(result.lossByAttribute()));
    out.println("first released rows:");
    for (int r = 0; r < 3; r++) {
      out.println("  " + released.row(r));
    }

    Path csv = context.outputFile("open-data-release-trips.csv");
    Csv.write(released, csv, ',');
    Path png = context.outputFile("open-data-release-classes.png");
    BitmapEncoder.saveBitmap(chart(result.classSizes()), png.toString(), BitmapFormat.PNG);
    out.println("wrote " + csv + " and " + png);
  }

  /** Keeps the columns the release is about; derives the start hour and the duration in minutes. */
  static Table prepare(Table raw) {
    int n = raw.rowCount();
    List<String> hours = new ArrayList<>(n);
    List<String> minutes = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      String start = raw.value(r, "start_date"); // "2014-01-01 00:14:00"
      hours.add(Integer.toString(Integer.parseInt(start.substring(11, 13))));
      minutes.add(Long.toString(Math.round(Long.parseLong(raw.value(r, "duration")) / 60.0)));
    }
    return raw.selectColumns(
            List.of("zip_code", "start_terminal", "end_terminal", "subscription_type"))
        .withColumn(Column.of("start_hour", ColumnType.INTEGER, hours))
        .withColumn(Column.of("duration_min", ColumnType.INTEGER, minutes));
  }

  /** 5-digit zip codes lose one digit per level; anything else (blank, foreign) is "other". */
  static Hierarchy zipHierarchy(Table trips) {
    List<List<String>> rows = new ArrayList<>();
    for (String z : trips.column("zip_code").dictionary()) {
      boolean fiveDigits = z.matches("[0-9]{5}");
      List<String> row = new ArrayList<>();
      row.add(z);
      for (int level = 1; level <= 4; level++) {
        row.add(fiveDigits ? z.substring(0, 5 - level) + "*".repeat(level) : "other");
      }
      row.add("*");
      rows.add(row);
    }
    return Hierarchy.of(rows);
  }

  /** Station id → its city (the data set's "landmark") → *. */
  static Hierarchy stationHierarchy(Table trips, Table stations) {
    Map<String, String> city = new LinkedHashMap<>();
    for (int r = 0; r < stations.rowCount(); r++) {
      city.put(stations.value(r, "station_id"), stations.value(r, "landmark"));
    }
    Set<String> ids = new LinkedHashSet<>(city.keySet());
    ids.addAll(trips.column("start_terminal").dictionary());
    ids.addAll(trips.column("end_terminal").dictionary());
    List<List<String>> rows = new ArrayList<>();
    for (String id : ids) {
      rows.add(List.of(id, city.getOrDefault(id, "unknown"), "*"));
    }
    return Hierarchy.of(rows);
  }

  private static CategoryChart chart(int[] classSizes) {
    // Power-of-two bins of class size: how many classes, and how many trips, in each.
    Map<String, Integer> classes = new LinkedHashMap<>();
    int max = 0;
    for (int s : classSizes) {
      max = Math.max(max, s);
    }
    List<int[]> bins = new ArrayList<>();
    for (long from = K, to = 2L * Integer.highestOneBit(K) - 1;
        from <= max;
        from = to + 1, to = 2 * to + 1) {
      bins.add(new int[] {(int) from, (int) Math.min(Integer.MAX_VALUE, to)});
    }
    for (int[] b : bins) {
      classes.put(b[0] + "–" + b[1], 0);
    }
    for (int s : classSizes) {
      for (int[] b : bins) {
        if (s >= b[0] && s <= b[1]) {
          classes.merge(b[0] + "–" + b[1], 1, Integer::sum);
        }
      }
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title("Open-data release: equivalence-class sizes (k = " + K + ")")
            .xAxisTitle("class size (trips with identical published quasi-identifiers)")
            .yAxisTitle("number of classes")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries(
        "classes", new ArrayList<>(classes.keySet()), new ArrayList<>(classes.values()));
    return chart;
  }

  private static void count(PrintStream out, String label, int before, int after) {
    out.printf("%-40s %12d %12d%n", label, before, after);
  }

  private static void row(PrintStream out, String label, double before, double after) {
    out.printf("%-40s %12.4f %12.4f%n", label, before, after);
  }

  private static String format(Map<String, Double> loss) {
    StringBuilder sb = new StringBuilder();
    loss.forEach(
        (k, v) ->
            sb.append(sb.length() == 0 ? "" : ", ").append(k).append(String.format(" %.3f", v)));
    return sb.toString();
  }
}
