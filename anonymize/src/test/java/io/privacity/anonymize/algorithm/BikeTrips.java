package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchies;
import io.privacity.anonymize.hierarchy.Hierarchy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The Bay Area Bike Share trips of 2014 (examples/data/bikeshare) with four quasi-identifiers:
 * zip_code, start_terminal, start_hour (from start_date) and subscription_type.
 */
final class BikeTrips {
  static final Path DATA = Path.of("../examples/data/bikeshare");
  static final List<String> QIS =
      List.of("zip_code", "start_terminal", "start_hour", "subscription_type");

  private BikeTrips() {}

  /** Reads a trips file (.csv or .csv.gz) into a table of the four QIs and the duration. */
  static Table read(String fileName) throws IOException {
    Path p = DATA.resolve(fileName);
    try (InputStream raw = Files.newInputStream(p);
        InputStream in = fileName.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      Table.Builder b =
          Table.builder(
              "zip_code", "start_terminal", "start_hour", "subscription_type", "duration");
      for (CSVRecord rec :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        String start = rec.get("start_date");
        b.addRow(
            rec.get("zip_code"),
            rec.get("start_terminal"),
            Integer.toString(Integer.parseInt(start.substring(11, 13))),
            rec.get("subscription_type"),
            rec.get("duration"));
      }
      return b.build();
    }
  }

  /** Zip codes: 5-digit codes lose a digit per level; anything else is grouped as "other". */
  static Hierarchy zipHierarchy(Table t) {
    List<List<String>> rows = new ArrayList<>();
    for (String z : t.column("zip_code").dictionary()) {
      List<String> row = new ArrayList<>();
      row.add(z);
      boolean fiveDigits = z.matches("[0-9]{5}");
      for (int level = 1; level <= 4; level++) {
        row.add(fiveDigits ? z.substring(0, 5 - level) + "*".repeat(level) : "other");
      }
      row.add("*");
      rows.add(row);
    }
    return Hierarchy.of(rows);
  }

  /** Start terminal → the station's city (landmark) → *. */
  static Hierarchy terminalHierarchy(Table t) throws IOException {
    Map<String, String> city = new LinkedHashMap<>();
    try (Reader r = Files.newBufferedReader(DATA.resolve("bastations.csv"))) {
      for (CSVRecord rec :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        city.put(rec.get("station_id"), rec.get("landmark"));
      }
    }
    Set<String> terminals = new LinkedHashSet<>(city.keySet());
    terminals.addAll(t.column("start_terminal").dictionary());
    List<List<String>> rows = new ArrayList<>();
    for (String term : terminals) {
      rows.add(List.of(term, city.getOrDefault(term, "unknown"), "*"));
    }
    return Hierarchy.of(rows);
  }

  static Hierarchy subscriptionHierarchy(Table t) {
    return Hierarchies.suppression(t.column("subscription_type").dictionary());
  }
}
