package io.privacity.bench;

import io.privacity.anonymize.algorithm.AnonymizationResult;
import io.privacity.anonymize.algorithm.Anonymizer;
import io.privacity.anonymize.data.CsvReader;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.metric.Metrics;
import io.privacity.anonymize.metric.UtilityMetric;
import io.privacity.anonymize.model.KAnonymity;
import io.privacity.core.random.Randomness;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time and peak heap of the optimal search per metric, k and suppression limit, on Adult and on a
 * generated Adult-like table of 10^6 (or more) rows with 9 quasi-identifiers: the anonymization
 * benchmark of issue 19, beside which ARX 3.9.2 is run on the same files (see the README's
 * "Anonymization against ARX"). Single-shot wall-clock timing in one warm JVM (median of the
 * measured runs after warm-up runs), because one search of a 10^6-row table takes seconds: JMH's
 * per-invocation machinery adds nothing there. Peak heap is the sum of the heap pools' peak usage
 * since a reset just before the run (after a full GC).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.privacity.bench.AnonymizeScale generate --rows 1000000 --out DIR
 * java -cp bench/target/benchmarks.jar io.privacity.bench.AnonymizeScale run --dir DIR --file F.csv \
 *     --k 5 --suppression 0.05 --metric dm [--warmups 2] [--runs 3] [--end-to-end]
 * java -cp bench/target/benchmarks.jar io.privacity.bench.AnonymizeScale suite --adult DIR --generated DIR
 * </pre>
 *
 * <p>Each run prints one JSON line: tool, file, k, suppression, metric, medianMillis, minMillis,
 * peakHeapMiB, nodesVisited, levels, informationLoss, suppressedRows.
 */
public final class AnonymizeScale {
  /** The 9 quasi-identifiers: every column of Adult. */
  static final List<String> QIS =
      List.of(
          "sex",
          "age",
          "race",
          "marital-status",
          "education",
          "native-country",
          "workclass",
          "occupation",
          "salary-class");

  private AnonymizeScale() {}

  /**
   * Entry point.
   *
   * @param args see the class comment
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> o = options(args);
    switch (args.length == 0 ? "" : args[0]) {
      case "generate":
        generate(
            Path.of(o.getOrDefault("adult", "examples/data/adult")),
            Integer.parseInt(o.getOrDefault("rows", "1000000")),
            Path.of(o.get("out")),
            Long.parseLong(o.getOrDefault("seed", "19")));
        break;
      case "run":
        System.out.println(
            run(
                Path.of(o.get("dir")),
                o.get("file"),
                Integer.parseInt(o.get("k")),
                Double.parseDouble(o.get("suppression")),
                o.get("metric"),
                Integer.parseInt(o.getOrDefault("warmups", "2")),
                Integer.parseInt(o.getOrDefault("runs", "3")),
                o.containsKey("end-to-end")));
        break;
      case "suite":
        for (String[] data :
            new String[][] {
              {o.getOrDefault("adult", "examples/data/adult"), "adult.csv", "2", "5"},
              {o.get("generated"), "generated.csv", "1", "3"}
            }) {
          if (data[0] == null) {
            continue;
          }
          for (String metric : List.of("loss", "dm", "entropy", "precision")) {
            for (int k : new int[] {5, 10}) {
              for (double s : new double[] {0, 0.05}) {
                System.out.println(
                    run(
                        Path.of(data[0]),
                        data[1],
                        k,
                        s,
                        metric,
                        Integer.parseInt(data[2]),
                        Integer.parseInt(data[3]),
                        false));
              }
            }
          }
        }
        break;
      default:
        System.err.println("usage: AnonymizeScale generate|run|suite [--option value]...");
        System.exit(2);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("expected --option, got " + a);
      }
      String name = a.substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        o.put(name, args[++i]);
      } else {
        o.put(name, "true");
      }
    }
    return o;
  }

  static UtilityMetric metric(String name) {
    return Metrics.byName(name);
  }

  /** One configuration, timed: a JSON line. */
  static String run(
      Path dir,
      String file,
      int k,
      double suppression,
      String metricName,
      int warmups,
      int runs,
      boolean endToEnd) {
    String prefix = file.replace(".csv", "");
    Map<String, Hierarchy> hierarchies = new LinkedHashMap<>();
    for (String qi : QIS) {
      hierarchies.put(
          qi, Hierarchy.fromCsv(dir.resolve(prefix + "_hierarchy_" + qi + ".csv"), ';'));
    }
    Table preloaded = endToEnd ? null : read(dir.resolve(file));
    long[] times = new long[runs];
    long[] cpu = new long[runs];
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long peak = 0;
    AnonymizationResult last = null;
    for (int i = 0; i < warmups + runs; i++) {
      System.gc();
      resetPeak();
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Table table = endToEnd ? read(dir.resolve(file)) : preloaded;
      Anonymizer.Builder b =
          Anonymizer.builder()
              .model(KAnonymity.of(k))
              .suppressionLimit(suppression)
              .metric(metric(metricName));
      hierarchies.forEach(b::quasiIdentifier);
      last = b.build().anonymize(table);
      long t = System.nanoTime() - t0;
      peak = Math.max(peak, peak());
      long c = threads.getCurrentThreadCpuTime() - c0;
      if (i >= warmups) {
        times[i - warmups] = t;
        cpu[i - warmups] = c;
      }
    }
    Arrays.sort(times);
    Arrays.sort(cpu);
    StringBuilder levels = new StringBuilder("{");
    last.levels()
        .forEach(
            (q, l) ->
                levels
                    .append(levels.length() > 1 ? "," : "")
                    .append('"')
                    .append(q)
                    .append("\":")
                    .append(l));
    levels.append('}');
    return String.format(
        Locale.ROOT,
        "{\"tool\":\"Privacity\",\"file\":\"%s\",\"rows\":%d,\"k\":%d,\"suppression\":%s,"
            + "\"metric\":\"%s\",\"endToEnd\":%b,\"medianMillis\":%.1f,\"medianCpuMillis\":%.1f,"
            + "\"minMillis\":%.1f,"
            + "\"peakHeapMiB\":%.1f,\"nodesVisited\":%d,\"latticeSize\":%d,\"levels\":%s,"
            + "\"informationLoss\":%s,\"suppressedRows\":%d}",
        file,
        last.partition().rowCount(),
        k,
        suppression,
        metricName,
        endToEnd,
        times[runs / 2] / 1e6,
        cpu[runs / 2] / 1e6,
        times[0] / 1e6,
        peak / 1048576.0,
        last.checkedNodes(),
        last.latticeSize(),
        levels,
        last.informationLoss(),
        last.suppressedCount());
  }

  static Table read(Path file) {
    return CsvReader.builder().delimiter(';').build().read(file);
  }

  /**
   * Writes an Adult-like table of {@code rows} rows and Adult's hierarchies under {@code out}
   * ({@code generated.csv}, {@code generated_hierarchy_<qi>.csv}): each row is a random Adult row
   * in which each attribute, with probability 0.1, is replaced by the value of another random row
   * (so the marginals stay Adult's and combinations are new). Deterministic for a seed.
   */
  static void generate(Path adultDir, int rows, Path out, long seed) throws IOException {
    Table adult = read(adultDir.resolve("adult.csv"));
    Files.createDirectories(out);
    for (String qi : QIS) {
      Files.copy(
          adultDir.resolve("adult_hierarchy_" + qi + ".csv"),
          out.resolve("generated_hierarchy_" + qi + ".csv"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Randomness rnd = Randomness.insecureSeeded(seed);
    int n = adult.rowCount();
    int columns = adult.columnCount();
    List<String> header = adult.columnNames();
    try (BufferedWriter w =
        Files.newBufferedWriter(out.resolve("generated.csv"), StandardCharsets.UTF_8)) {
      w.write(String.join(";", header));
      w.write('\n');
      List<String> row = new ArrayList<>(columns);
      for (int r = 0; r < rows; r++) {
        int base = rnd.nextInt(n);
        row.clear();
        for (int c = 0; c < columns; c++) {
          int from = rnd.nextInt(10) == 0 ? rnd.nextInt(n) : base;
          row.add(adult.value(from, c));
        }
        w.write(String.join(";", row));
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void resetPeak() {
    for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
      if (b.getType() == MemoryType.HEAP) {
        b.resetPeakUsage();
      }
    }
  }

  private static long peak() {
    long sum = 0;
    for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
      if (b.getType() == MemoryType.HEAP) {
        sum += b.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
