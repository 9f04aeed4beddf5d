package io.privacity.examples;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.privacity.anonymize.algorithm.AnonymizationFailedException;
import io.privacity.anonymize.algorithm.AnonymizationResult;
import io.privacity.anonymize.algorithm.Anonymizer;
import io.privacity.anonymize.algorithm.Mondrian;
import io.privacity.anonymize.algorithm.MondrianResult;
import io.privacity.anonymize.data.Csv;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.metric.ReidentificationRisk;
import io.privacity.anonymize.model.KAnonymity;
import io.privacity.anonymize.model.LDiversity;
import io.privacity.anonymize.model.PrivacyModel;
import io.privacity.anonymize.model.TCloseness;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code anonymize}: k-anonymity (with optional ℓ-diversity, t-closeness and suppression) of a CSV
 * file from the command line, by the optimal lattice search or by Mondrian, with a JSON report.
 *
 * <pre>
 * anonymize --input adult.csv --delimiter ';' --qi age=adult_hierarchy_age.csv --qi sex=… \
 *     --sensitive salary-class --k 5 [--l 2] [--t 0.2] [--suppression 0.05] \
 *     [--algorithm optimal|mondrian] --output out.csv --report report.json
 * </pre>
 *
 * <p>Exit codes: 0 done; 1 no anonymization exists within the limits; 2 bad input (usage, unknown
 * column, ragged CSV row, value missing from a hierarchy, k &lt; 2, unreadable file).
 */
@Command(
    name = "anonymize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Anonymizes a CSV file: k-anonymity, optionally with distinct l-diversity, t-closeness"
          + " (equal distance) and record suppression; writes the released CSV and a JSON report"
          + " (levels or partitions, equivalence classes, suppressed rows, loss, risk before and"
          + " after).",
      "Columns that are neither quasi-identifiers, sensitive nor --keep are dropped."
    },
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 2)
final class AnonymizeCommand implements Callable<Integer> {
  /** The search to run. */
  enum Algorithm {
    optimal,
    mondrian
  }

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV (or .gz)")
  Path input;

  @Option(
      names = "--delimiter",
      defaultValue = ",",
      paramLabel = "C",
      description = "field delimiter of the input and output (default ','; 'tab' for a tab)")
  String delimiter;

  @Option(
      names = "--hierarchy-delimiter",
      paramLabel = "C",
      description = "field delimiter of the hierarchy files (default: --delimiter)")
  String hierarchyDelimiter;

  @Option(
      names = "--qi",
      required = true,
      paramLabel = "NAME[=HIERARCHY]",
      description =
          "a quasi-identifier and its ARX-format hierarchy CSV; without a hierarchy the column"
              + " must be numeric (Mondrian only). Repeat for each.")
  List<String> quasiIdentifiers;

  @Option(names = "--sensitive", paramLabel = "NAME", description = "the sensitive attribute")
  String sensitive;

  @Option(
      names = "--keep",
      paramLabel = "NAME",
      description = "an insensitive column published unchanged; repeatable")
  List<String> keep = new ArrayList<>();

  @Option(names = "--k", required = true, description = "minimum class size, >= 2")
  int k;

  @Option(names = "--l", description = "distinct l-diversity of --sensitive, >= 2")
  Integer l;

  @Option(names = "--t", description = "t-closeness of --sensitive (equal distance), in (0, 1)")
  Double t;

  @Option(
      names = "--suppression",
      defaultValue = "0",
      description = "fraction of rows that may be suppressed, in [0, 1] (optimal only)")
  double suppression;

  @Option(
      names = "--algorithm",
      defaultValue = "optimal",
      description = "optimal (full-domain lattice search) or mondrian (multidimensional)")
  Algorithm algorithm;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "released CSV")
  Path output;

  @Option(names = "--report", required = true, paramLabel = "FILE", description = "JSON report")
  Path report;

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  private final PrintStream out;
  private final PrintStream err;

  AnonymizeCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Runs the command.
   *
   * @param args the arguments after {@code anonymize}
   * @param out standard output
   * @param err standard error (messages, progress)
   * @return the exit code
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    AnonymizeCommand command = new AnonymizeCommand(out, err);
    CommandLine cl = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          err.println("anonymize: " + message(e));
          return e instanceof AnonymizationFailedException ? 1 : 2;
        });
    return cl.execute(args.toArray(new String[0]));
  }

  static void usage(PrintStream s) {
    s.println(
        "       privacity-examples anonymize --input F [--delimiter C] --qi NAME[=HIERARCHY]..."
            + " [--sensitive C] --k K [--l L] [--t T] [--suppression S]"
            + " [--algorithm optimal|mondrian] --output OUT --report REPORT.json");
  }

  private static String message(Exception e) {
    if (e instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException n) {
      return "file not found: " + n.getFile();
    }
    if (e instanceof NoSuchFileException n) {
      return "file not found: " + n.getFile();
    }
    return e.getMessage();
  }

  @Override
  public Integer call() throws IOException {
    long started = System.nanoTime();
    char sep = delimiter(delimiter, "--delimiter");
    char hierSep =
        hierarchyDelimiter == null ? sep : delimiter(hierarchyDelimiter, "--hierarchy-delimiter");
    validateParameters();
    Table table = read(input, sep);
    if (k > table.rowCount()) {
      throw new IllegalArgumentException(
          "--k must be at most the number of rows (" + table.rowCount() + "), got " + k);
    }
    Map<String, Hierarchy> qis = quasiIdentifiers(table, hierSep);
    for (String c : declaredOtherColumns()) {
      requireColumn(table, c, c.equals(sensitive) ? "--sensitive" : "--keep");
    }
    List<String> qiNames = List.copyOf(qis.keySet());
    ReidentificationRisk before = ReidentificationRisk.of(table, qiNames);

    JsonObject rep = new JsonObject();
    rep.addProperty("tool", "privacity anonymize");
    JsonObject in = new JsonObject();
    in.addProperty("file", input.toString());
    in.addProperty("rows", table.rowCount());
    in.add("columns", strings(table.columnNames()));
    rep.add("input", in);
    rep.addProperty("algorithm", algorithm.name());
    JsonArray models = new JsonArray();
    for (PrivacyModel m : models()) {
      models.add(m.toString());
    }
    rep.add("models", models);
    rep.addProperty("suppressionLimit", suppression);
    rep.add("quasiIdentifiers", strings(qiNames));
    if (sensitive != null) {
      rep.addProperty("sensitive", sensitive);
    }
    List<String> dropped = new ArrayList<>(table.columnNames());
    dropped.removeAll(qiNames);
    dropped.removeAll(declaredOtherColumns());
    rep.add("droppedColumns", strings(dropped));

    Table released;
    int[] classSizes;
    int suppressed;
    JsonObject loss = new JsonObject();
    ProgressBar bar =
        quiet
            ? null
            : new ProgressBar(err, algorithm == Algorithm.optimal ? "searching" : "partitioning");
    if (algorithm == Algorithm.optimal) {
      for (Map.Entry<String, Hierarchy> q : qis.entrySet()) {
        if (q.getValue() == null) {
          throw new IllegalArgumentException(
              "--qi " + q.getKey() + " needs a hierarchy (NAME=FILE) for --algorithm optimal");
        }
      }
      Anonymizer.Builder b = Anonymizer.builder().suppressionLimit(suppression);
      qis.forEach(b::quasiIdentifier);
      if (sensitive != null) {
        b.sensitive(sensitive);
      }
      if (!keep.isEmpty()) {
        b.insensitive(keep.toArray(new String[0]));
      }
      models().forEach(b::model);
      if (bar != null) {
        bar.update(0);
      }
      AnonymizationResult r = b.build().anonymize(table);
      if (bar != null) {
        bar.update(1);
      }
      released = r.table();
      classSizes = r.classes().stream().mapToInt(c -> c.size()).toArray();
      suppressed = r.suppressedRows().length;
      JsonObject levels = new JsonObject();
      r.levels().forEach(levels::addProperty);
      rep.add("generalizationLevels", levels);
      rep.addProperty("latticeSize", r.latticeSize());
      rep.addProperty("checkedNodes", r.checkedNodes());
      loss.addProperty("metric", r.metric().name());
      loss.addProperty("value", r.informationLoss());
    } else {
      if (suppression > 0) {
        err.println("anonymize: note: Mondrian suppresses no rows; --suppression is ignored");
      }
      Mondrian.Builder b = Mondrian.builder().k(k);
      qis.forEach(
          (name, h) -> {
            if (h == null) {
              b.numeric(name);
            } else {
              b.hierarchical(name, h);
            }
          });
      if (sensitive != null) {
        b.sensitive(sensitive);
      }
      keep.forEach(b::insensitive);
      for (PrivacyModel m : models()) {
        if (!(m instanceof KAnonymity)) {
          b.model(m);
        }
      }
      if (bar != null) {
        b.progress(bar::update);
      }
      MondrianResult r = b.build().anonymize(table);
      released = r.table();
      classSizes = r.classSizes();
      suppressed = r.suppressedRows();
      rep.addProperty("partitions", r.partitionCount());
      loss.addProperty("metric", "Loss");
      loss.addProperty("value", r.loss());
      JsonObject by = new JsonObject();
      r.lossByAttribute().forEach(by::addProperty);
      loss.add("byAttribute", by);
    }
    if (bar != null) {
      bar.done();
    }
    rep.add("equivalenceClasses", classes(classSizes));
    rep.addProperty("suppressedRows", suppressed);
    rep.addProperty("outputRows", released.rowCount());
    rep.add("loss", loss);
    JsonObject risk = new JsonObject();
    risk.add("before", risk(before));
    if (released.rowCount() > 0) {
      risk.add("after", risk(ReidentificationRisk.of(released, qiNames)));
    }
    rep.add("risk", risk);
    rep.addProperty("runtimeMillis", (System.nanoTime() - started) / 1_000_000);

    Csv.write(released, output, sep);
    Files.writeString(report, new GsonBuilder().setPrettyPrinting().create().toJson(rep) + "\n");
    out.printf(
        "anonymize: %d of %d rows released (%d suppressed) in %d classes (smallest %d);"
            + " loss %.4f; highest risk %.4f -> %.4f%n"
            + "  wrote %s and %s%n",
        released.rowCount(),
        table.rowCount(),
        suppressed,
        classSizes.length,
        min(classSizes),
        loss.get("value").getAsDouble(),
        before.prosecutorHighestRisk(),
        released.rowCount() > 0 ? 1.0 / min(classSizes) : 0.0,
        output,
        report);
    return 0;
  }

  private void validateParameters() {
    if (k < 2) {
      throw new IllegalArgumentException("--k must be >= 2, got " + k);
    }
    if (l != null && l < 2) {
      throw new IllegalArgumentException("--l must be >= 2, got " + l);
    }
    if (t != null && !(t > 0 && t < 1)) {
      throw new IllegalArgumentException("--t must be in (0, 1), got " + t);
    }
    if (!(suppression >= 0 && suppression <= 1)) {
      throw new IllegalArgumentException("--suppression must be in [0, 1], got " + suppression);
    }
    if ((l != null || t != null) && sensitive == null) {
      throw new IllegalArgumentException("--l and --t need --sensitive NAME");
    }
  }

  private List<PrivacyModel> models() {
    List<PrivacyModel> models = new ArrayList<>();
    models.add(KAnonymity.of(k));
    if (l != null) {
      models.add(LDiversity.distinct(sensitive, l));
    }
    if (t != null) {
      models.add(TCloseness.equalDistance(sensitive, t));
    }
    return models;
  }

  private List<String> declaredOtherColumns() {
    List<String> all = new ArrayList<>(keep);
    if (sensitive != null) {
      all.add(sensitive);
    }
    return all;
  }

  private static char delimiter(String text, String option) {
    if (text.equals("tab") || text.equals("\\t")) {
      return '\t';
    }
    if (text.length() != 1) {
      throw new IllegalArgumentException(
          option + " must be a single character (or 'tab'), got '" + text + "'");
    }
    return text.charAt(0);
  }

  private static Table read(Path file, char sep) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("input file not found: " + file);
    }
    if (!file.getFileName().toString().endsWith(".gz")) {
      return Csv.read(file, sep);
    }
    try (InputStream raw = Files.newInputStream(file);
        Reader r =
            new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8)) {
      return Csv.read(r, sep);
    }
  }

  private Map<String, Hierarchy> quasiIdentifiers(Table table, char sep) {
    Map<String, Hierarchy> qis = new LinkedHashMap<>();
    for (String spec : quasiIdentifiers) {
      int eq = spec.indexOf('=');
      String name = eq < 0 ? spec : spec.substring(0, eq);
      requireColumn(table, name, "--qi");
      if (qis.containsKey(name)) {
        throw new IllegalArgumentException("--qi " + name + " is given twice");
      }
      Hierarchy h = null;
      if (eq >= 0) {
        Path file = Path.of(spec.substring(eq + 1));
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException(
              "hierarchy file of --qi " + name + " not found: " + file);
        }
        h = Hierarchy.fromCsv(file, sep);
      }
      qis.put(name, h);
    }
    return qis;
  }

  private static void requireColumn(Table table, String name, String option) {
    if (!table.hasColumn(name)) {
      throw new IllegalArgumentException(
          "unknown column '"
              + name
              + "' in "
              + option
              + "; the input has columns "
              + table.columnNames());
    }
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  private static int min(int[] values) {
    int m = Integer.MAX_VALUE;
    for (int v : values) {
      m = Math.min(m, v);
    }
    return values.length == 0 ? 0 : m;
  }

  /** Class count, smallest, largest, and a histogram of sizes in power-of-two bins. */
  static JsonObject classes(int[] sizes) {
    JsonObject o = new JsonObject();
    o.addProperty("count", sizes.length);
    int max = 0;
    long rows = 0;
    for (int s : sizes) {
      max = Math.max(max, s);
      rows += s;
    }
    o.addProperty("smallest", min(sizes));
    o.addProperty("largest", max);
    o.addProperty("mean", sizes.length == 0 ? 0 : (double) rows / sizes.length);
    Map<Integer, int[]> bins = new LinkedHashMap<>();
    for (int b = 0; (1L << b) <= Math.max(max, 1); b++) {
      bins.put(b, new int[2]);
    }
    for (int s : sizes) {
      int[] bin = bins.get(31 - Integer.numberOfLeadingZeros(s));
      bin[0]++;
      bin[1] += s;
    }
    JsonArray hist = new JsonArray();
    bins.forEach(
        (b, v) -> {
          if (v[0] > 0) {
            JsonObject e = new JsonObject();
            e.addProperty("sizeFrom", 1L << b);
            e.addProperty("sizeTo", (1L << (b + 1)) - 1);
            e.addProperty("classes", v[0]);
            e.addProperty("rows", v[1]);
            hist.add(e);
          }
        });
    o.add("sizeHistogram", hist);
    return o;
  }

  private JsonObject risk(ReidentificationRisk r) {
    JsonObject o = new JsonObject();
    o.addProperty("records", r.rowCount());
    o.addProperty("classes", r.classCount());
    o.addProperty("smallestClass", r.smallestClassSize());
    o.addProperty("prosecutorHighestRisk", r.prosecutorHighestRisk());
    o.addProperty("prosecutorAverageRisk", r.prosecutorAverageRisk());
    o.addProperty("uniqueRecordsShare", r.prosecutorRecordsAtRisk(0.5));
    o.addProperty("recordsInClassesSmallerThanKShare", r.prosecutorRecordsAtRisk(1.0 / k));
    return o;
  }

  /** A text progress bar on stderr, redrawn in place with a carriage return. */
  static final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private int lastPercent = -1;

    ProgressBar(PrintStream err, String label) {
      this.err = err;
      this.label = label;
    }

    void update(double fraction) {
      int percent = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
      if (percent == lastPercent) {
        return;
      }
      lastPercent = percent;
      int filled = percent * WIDTH / 100;
      err.print(
          "\r"
              + label
              + " ["
              + "#".repeat(filled)
              + "-".repeat(WIDTH - filled)
              + "] "
              + String.format("%3d%%", percent));
      err.flush();
    }

    void done() {
      update(1);
      err.println();
    }
  }
}
