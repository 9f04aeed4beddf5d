package io.privacity.bench;

import io.privacity.anonymize.algorithm.AnonymizationResult;
import io.privacity.anonymize.algorithm.Anonymizer;
import io.privacity.anonymize.algorithm.Mondrian;
import io.privacity.anonymize.algorithm.MondrianResult;
import io.privacity.anonymize.data.Column;
import io.privacity.anonymize.data.ColumnType;
import io.privacity.anonymize.data.Csv;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchies;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.model.KAnonymity;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Anonymization of whole tables: the optimal lattice search on UCI Adult (30,162 rows, all 9
 * columns as quasi-identifiers with the ARX hierarchies, 5% suppression) under ARX's loss and
 * discernibility for k = 5 and 10 (the configurations compared with ARX in the README; the full
 * matrix of metrics, k, suppression and a 10^6-row table is {@link AnonymizeScale}), and Mondrian
 * on the full year of bike trips (326,339 rows, 4 quasi-identifiers, k = 10). Each sits beside a
 * baseline that reads the same table from its file and groups it by the quasi-identifiers once —
 * the least any anonymization of that file must do — so the ratio says how many such passes the
 * algorithm costs.
 *
 * <p>The tables and hierarchies are read in {@code @Setup}; the anonymization benchmarks measure
 * the algorithm on the loaded table. Data is found under {@code examples/data} or {@code
 * ../examples/data}, or the directory in the system property {@code privacity.data}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AnonymizeBenchmark {
  static final List<String> ADULT_QIS = AnonymizeScale.QIS;
  static final List<String> TRIP_QIS =
      List.of("zip_code", "start_terminal", "start_hour", "subscription_type");

  /** UCI Adult with its hierarchies, for each metric and k. */
  @State(Scope.Benchmark)
  public static class AdultState {
    /** The metric the search minimizes: ARX's loss or discernibility. */
    @Param({"loss", "dm"})
    public String metric;

    /** The k of k-anonymity. */
    @Param({"5", "10"})
    public int k;

    Table table;
    Anonymizer anonymizer;

    /** Reads the table and hierarchies and builds the anonymizer. */
    @Setup
    public void setUp() {
      Path dir = dataDirectory().resolve("adult");
      table = Csv.read(dir.resolve("adult.csv"), ';');
      Anonymizer.Builder b =
          Anonymizer.builder()
              .model(KAnonymity.of(k))
              .suppressionLimit(0.05)
              .metric(AnonymizeScale.metric(metric));
      for (String qi : ADULT_QIS) {
        b.quasiIdentifier(
            qi, Hierarchy.fromCsv(dir.resolve("adult_hierarchy_" + qi + ".csv"), ';'));
      }
      anonymizer = b.build();
    }
  }

  /** The full year of bike trips with the quasi-identifiers prepared. */
  @State(Scope.Benchmark)
  public static class TripsState {
    Table table;
    Mondrian mondrian;

    /** Reads the trips and stations and builds Mondrian. */
    @Setup
    public void setUp() {
      table = readTrips();
      Table stations = Csv.read(dataDirectory().resolve("bikeshare/bastations.csv"), ',');
      mondrian =
          Mondrian.builder()
              .hierarchical("zip_code", zipHierarchy(table))
              .hierarchical("start_terminal", stationHierarchy(table, stations))
              .numeric("start_hour")
              .hierarchical(
                  "subscription_type",
                  Hierarchies.suppression(table.column("subscription_type").dictionary()))
              .insensitive("duration")
              .k(10)
              .build();
    }
  }

  /**
   * The optimal (Flash-like) lattice search on Adult, 9 quasi-identifiers, 5% suppression allowed.
   *
   * @param s the state
   * @return the result
   */
  @Benchmark
  public AnonymizationResult optimalAdult(AdultState s) {
    return s.anonymizer.anonymize(s.table);
  }

  /**
   * Baseline: reads adult.csv and groups its rows by the 9 quasi-identifiers once.
   *
   * @param s the state (only for matching its parameters, which play no part)
   * @return the number of groups
   */
  @Benchmark
  public int baselineReadAndGroupAdult(AdultState s) {
    Table t = Csv.read(dataDirectory().resolve("adult/adult.csv"), ';');
    return groupCount(t, ADULT_QIS);
  }

  /**
   * Mondrian, k = 10, on the full year of trips.
   *
   * @param s the state
   * @return the result
   */
  @Benchmark
  public MondrianResult mondrianTrips(TripsState s) {
    return s.mondrian.anonymize(s.table);
  }

  /**
   * Baseline: reads the gzipped trips, derives the start hour and groups the rows by the 4
   * quasi-identifiers once.
   *
   * @return the number of groups
   */
  @Benchmark
  public int baselineReadAndGroupTrips() {
    return groupCount(readTrips(), TRIP_QIS);
  }

  /** Groups rows by the dictionary codes of some columns. */
  static int groupCount(Table t, List<String> columns) {
    int[][] codes = new int[columns.size()][];
    for (int j = 0; j < codes.length; j++) {
      codes[j] = t.column(columns.get(j)).codes();
    }
    Map<List<Integer>, Integer> groups = new HashMap<>();
    for (int r = 0; r < t.rowCount(); r++) {
      List<Integer> key = new ArrayList<>(codes.length);
      for (int[] c : codes) {
        key.add(c[r]);
      }
      groups.merge(key, 1, Integer::sum);
    }
    return groups.size();
  }

  static Path dataDirectory() {
    String configured = System.getProperty("privacity.data");
    if (configured != null) {
      return Path.of(configured);
    }
    for (String candidate : new String[] {"examples/data", "../examples/data"}) {
      if (Files.isDirectory(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw new IllegalStateException(
        "examples/data not found; run from the project root or set -Dprivacity.data=DIR");
  }

  /** The trips of 2014 with start_hour derived from start_date. */
  static Table readTrips() {
    Path file = dataDirectory().resolve("bikeshare/batrips_2014.csv.gz");
    Table raw;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      raw = Csv.read(r, ',');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Column start = raw.column("start_date");
    String[] hourOfCode = new String[start.cardinality()];
    for (int c = 0; c < hourOfCode.length; c++) {
      hourOfCode[c] =
          Integer.toString(Integer.parseInt(start.dictionaryValue(c).substring(11, 13)));
    }
    List<String> hours = new ArrayList<>(raw.rowCount());
    for (int row = 0; row < raw.rowCount(); row++) {
      hours.add(hourOfCode[start.code(row)]);
    }
    return raw.selectColumns(List.of("zip_code", "start_terminal", "subscription_type", "duration"))
        .withColumn(Column.of("start_hour", ColumnType.INTEGER, hours));
  }

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

  static Hierarchy stationHierarchy(Table trips, Table stations) {
    Map<String, String> city = new LinkedHashMap<>();
    for (int r = 0; r < stations.rowCount(); r++) {
      city.put(stations.value(r, "station_id"), stations.value(r, "landmark"));
    }
    Set<String> ids = new LinkedHashSet<>(city.keySet());
    ids.addAll(trips.column("start_terminal").dictionary());
    List<List<String>> rows = new ArrayList<>();
    for (String id : ids) {
      rows.add(List.of(id, city.getOrDefault(id, "unknown"), "*"));
    }
    return Hierarchy.of(rows);
  }
}
