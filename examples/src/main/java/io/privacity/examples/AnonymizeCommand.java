package io.privacity.examples;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.privacity.anonymize.algorithm.AnonymizationResult;
import io.privacity.anonymize.algorithm.Anonymizer;
import io.privacity.anonymize.algorithm.Mondrian;
import io.privacity.anonymize.algorithm.MondrianResult;
import io.privacity.anonymize.data.Csv;
import io.privacity.anonymize.data.CsvEncodingException;
import io.privacity.anonymize.data.CsvReader;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.metric.Metrics;
import io.privacity.anonymize.metric.ReidentificationRisk;
import io.privacity.anonymize.metric.UtilityMetric;
import io.privacity.anonymize.model.KAnonymity;
import io.privacity.anonymize.model.LDiversity;
import io.privacity.anonymize.model.PrivacyModel;
import io.privacity.anonymize.model.TCloseness;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anonymize}: k-anonymity (with optional ℓ-diversity, t-closeness and suppression) of a CSV
 * file, by the optimal lattice search (under ARX's loss, discernibility, non-uniform entropy or
 * precision) or by Mondrian, with a JSON report.
 *
 * <pre>
 * anonymize --input adult.csv --qi age=adult_hierarchy_age.csv --qi sex=… \
 *     --sensitive salary-class --k 5 [--l 2] [--t 0.2] [--suppression 0.05] [--metric dm] \
 *     [--algorithm optimal|mondrian] --output out.csv --report report.json
 * </pre>
 *
 * <p>Never loses data: every output path is checked before the input is read (not an input file, by
 * real path; its directory exists and accepts a new file), outputs are written to temporary files
 * beside their targets and renamed over them at the end, so a failure leaves no output and an
 * existing file untouched. Reads files as they come (UTF-8 byte order mark, {@code --encoding},
 * detected delimiter, quotes, CRLF) and never echoes a cell's content in a message. Checks the heap
 * before reading and before searching, and says which {@code -Xmx} it needs.
 *
 * <p>Exit codes: 0 done; 1 failed while running (a file missing, unreadable or malformed, a value
 * missing from its hierarchy, no anonymization within the limits, nothing releasable, not enough
 * heap); 2 usage error (options missing, invalid or contradictory, an unknown column, an output
 * that is an input).
 */
@Command(
    name = "anonymize",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Anonymizes a CSV file: k-anonymity, optionally with distinct l-diversity, t-closeness"
          + " (equal distance) and record suppression; writes the released CSV and a JSON report"
          + " (levels or partitions, equivalence classes, suppressed rows, metric, nodes visited,"
          + " risk before and after).",
      "Columns that are neither quasi-identifiers, sensitive nor --keep are dropped."
    })
final class AnonymizeCommand implements Callable<Integer> {
  /** The search to run. */
  enum Algorithm {
    optimal,
    mondrian
  }

  /** The utility metric of the optimal search, as ARX defines it. */
  enum MetricName {
    loss,
    dm,
    entropy,
    precision,
    average_loss;

    UtilityMetric metric() {
      return Metrics.byName(label());
    }

    String label() {
      return name().replace('_', '-');
    }
  }

  private final Cli cli;

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV (or .gz)")
  Path input;

  @Option(
      names = "--delimiter",
      defaultValue = "auto",
      paramLabel = "C",
      description =
          "field delimiter of the input and output: one character, 'tab', or 'auto' (detect ','"
              + " ';' or tab; default)")
  String delimiter;

  @Option(
      names = "--hierarchy-delimiter",
      defaultValue = "auto",
      paramLabel = "C",
      description = "field delimiter of the hierarchy files (default: detected)")
  String hierarchyDelimiter;

  @Option(
      names = "--encoding",
      defaultValue = "UTF-8",
      paramLabel = "CHARSET",
      description =
          "charset of the input and hierarchy files (default UTF-8; a byte order mark is"
              + " skipped), e.g. ISO-8859-1 or windows-1252")
  String encoding;

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
      description = "optimal (full-domain lattice search, default) or mondrian (multidimensional)")
  Algorithm algorithm;

  @Option(
      names = "--metric",
      defaultValue = "loss",
      paramLabel = "METRIC",
      description =
          "what the optimal search minimizes, as ARX defines it: loss (default; ARX's Loss,"
              + " geometric mean over attributes), dm (discernibility), entropy (non-uniform"
              + " entropy), precision; or average-loss (the arithmetic mean of the attributes'"
              + " losses)",
      converter = MetricConverter.class)
  MetricName metric;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "released CSV")
  Path output;

  @Option(names = "--report", required = true, paramLabel = "FILE", description = "JSON report")
  Path report;

  @Option(
      names = "--progress",
      negatable = true,
      description =
          "show a progress bar on standard error (default: only when it is a terminal;"
              + " --no-progress never)")
  Boolean progress;

  @Option(names = "--quiet", description = "same as --no-progress", hidden = true)
  boolean quiet;

  @Option(names = "--verbose", description = "print the stack trace of a failure")
  boolean verbose;

  AnonymizeCommand(Cli cli) {
    this.cli = cli;
  }

  /** Accepts {@code average-loss} as well as the enum's spelling. */
  static final class MetricConverter implements picocli.CommandLine.ITypeConverter<MetricName> {
    @Override
    public MetricName convert(String value) {
      for (MetricName m : MetricName.values()) {
        if (m.label().equalsIgnoreCase(value) || m.name().equalsIgnoreCase(value)) {
          return m;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "'" + value + "' is not a metric; use loss, dm, entropy, precision or average-loss");
    }
  }

  /** A failure while running: exit code 1, one line. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() throws IOException {
    long started = System.nanoTime();
    validateParameters();
    Charset charset = charset();
    char sep = delimiter(delimiter, "--delimiter");
    char hierarchySep = delimiter(hierarchyDelimiter, "--hierarchy-delimiter");
    Map<String, Path> hierarchyFiles = hierarchyFiles();
    List<Path> inputs = new ArrayList<>();
    inputs.add(input);
    inputs.addAll(hierarchyFiles.values());

    // Every output is checked (and its temporary file created) before anything is read.
    OutputFiles files;
    try {
      files =
          OutputFiles.prepare(
              inputs,
              List.of(
                  new OutputFiles.Named("--output", output),
                  new OutputFiles.Named("--report", report)));
    } catch (OutputFiles.TargetException e) {
      if (e.isUsageError()) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      throw new Failure(e.getMessage());
    }
    try (files) {
      return run(files, charset, sep, hierarchySep, hierarchyFiles, started);
    }
  }

  private int run(
      OutputFiles files,
      Charset charset,
      char sep,
      char hierarchySep,
      Map<String, Path> hierarchyFiles,
      long started)
      throws IOException {
    if (!Files.isRegularFile(input)) {
      throw new Failure("input file not found: " + input);
    }
    for (Map.Entry<String, Path> h : hierarchyFiles.entrySet()) {
      if (!Files.isRegularFile(h.getValue())) {
        throw new Failure("hierarchy file of --qi " + h.getKey() + " not found: " + h.getValue());
      }
    }
    if (sep == 0) {
      sep = read(() -> CsvReader.detectDelimiter(input, charset));
    }
    long estimatedRows = HeapEstimate.estimateRows(input);
    checkHeap(estimatedRows, columnsOfHeader(charset, sep), "about ");

    ProgressBar bar = cli.startProgress(quiet ? Boolean.FALSE : progress);
    bar.phase("reading");
    final char inputSep = sep;
    Table table =
        read(
            () ->
                CsvReader.builder()
                    .delimiter(inputSep)
                    .charset(charset)
                    .progress(bar::update)
                    .build()
                    .read(input));
    bar.finishPhase();
    checkHeap(table.rowCount(), table.columnCount(), "");

    Map<String, Hierarchy> qis = new LinkedHashMap<>();
    for (String spec : quasiIdentifiers) {
      String name = nameOf(spec);
      requireColumn(table, name, "--qi");
      Path file = hierarchyFiles.get(name);
      if (file == null) {
        qis.put(name, null);
        continue;
      }
      char hs =
          hierarchySep == 0 ? read(() -> CsvReader.detectDelimiter(file, charset)) : hierarchySep;
      qis.put(name, read(() -> Hierarchy.fromCsv(file, hs, charset)));
    }
    for (String c : declaredOtherColumns()) {
      requireColumn(table, c, c.equals(sensitive) ? "--sensitive" : "--keep");
    }
    if (table.rowCount() == 0) {
      throw new Failure("the input has no rows: nothing to anonymize");
    }
    if (k > table.rowCount()) {
      throw new ParameterException(
          spec.commandLine(),
          "--k must be at most the number of rows (" + table.rowCount() + "), got " + k);
    }
    List<String> qiNames = List.copyOf(qis.keySet());

    JsonObject rep = new JsonObject();
    rep.addProperty("tool", "privacity anonymize");
    JsonObject in = new JsonObject();
    in.addProperty("file", input.toString());
    in.addProperty("rows", table.rowCount());
    in.add("columns", strings(table.columnNames()));
    in.addProperty("delimiter", String.valueOf(sep));
    in.addProperty("encoding", charset.name());
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

    int[] classSizes;
    int suppressed;
    int released;
    ReidentificationRisk before;
    ReidentificationRisk after = null;
    JsonObject loss = new JsonObject();
    Writing writing;
    if (algorithm == Algorithm.optimal) {
      for (Map.Entry<String, Hierarchy> q : qis.entrySet()) {
        if (q.getValue() == null) {
          throw new ParameterException(
              spec.commandLine(),
              "--qi " + q.getKey() + " needs a hierarchy (NAME=FILE) for --algorithm optimal");
        }
      }
      Anonymizer.Builder b =
          Anonymizer.builder()
              .suppressionLimit(suppression)
              .metric(metric.metric())
              .progress(bar::update);
      qis.forEach(b::quasiIdentifier);
      if (sensitive != null) {
        b.sensitive(sensitive);
      }
      if (!keep.isEmpty()) {
        b.insensitive(keep.toArray(new String[0]));
      }
      models().forEach(b::model);
      bar.phase("searching");
      AnonymizationResult r = b.build().anonymize(table);
      bar.finishPhase();
      released = r.releasedCount();
      suppressed = r.suppressedCount();
      if (released == 0) {
        throw new Failure(nothingReleasable(table.rowCount()));
      }
      classSizes = r.classSizes();
      before = r.riskBefore();
      after = r.riskAfter();
      JsonObject levels = new JsonObject();
      r.levels().forEach(levels::addProperty);
      rep.add("generalizationLevels", levels);
      rep.addProperty("metric", metric.label());
      rep.addProperty("latticeSize", r.latticeSize());
      rep.addProperty("nodesVisited", r.checkedNodes());
      loss.addProperty("metric", r.metric().name());
      loss.addProperty("value", r.informationLoss());
      writing = (w, p) -> r.writeCsv(w, inputSep, p);
    } else {
      if (suppression > 0) {
        bar.endLine();
        cli.err().println("anonymize: note: Mondrian suppresses no rows; --suppression is ignored");
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
      b.progress(bar::update);
      bar.phase("searching");
      MondrianResult r = b.build().anonymize(table);
      bar.finishPhase();
      released = r.table().rowCount();
      suppressed = r.suppressedRows();
      if (released == 0) {
        throw new Failure(nothingReleasable(table.rowCount()));
      }
      classSizes = r.classSizes();
      before = ReidentificationRisk.of(table, qiNames);
      after = ReidentificationRisk.of(r.table(), qiNames);
      rep.addProperty("partitions", r.partitionCount());
      loss.addProperty("metric", "AverageLoss");
      loss.addProperty("value", r.loss());
      JsonObject by = new JsonObject();
      r.lossByAttribute().forEach(by::addProperty);
      loss.add("byAttribute", by);
      writing = (w, p) -> Csv.write(r.table(), w, inputSep);
    }
    rep.add("equivalenceClasses", classes(classSizes));
    rep.addProperty("suppressedRows", suppressed);
    rep.addProperty("outputRows", released);
    rep.add("loss", loss);
    JsonObject risk = new JsonObject();
    risk.add("before", risk(before));
    risk.add("after", risk(after));
    rep.add("risk", risk);
    rep.addProperty("runtimeMillis", (System.nanoTime() - started) / 1_000_000);

    bar.phase("writing");
    try (Writer w = Files.newBufferedWriter(files.temp(0), StandardCharsets.UTF_8)) {
      writing.write(w, bar::update);
    }
    Files.writeString(
        files.temp(1),
        new GsonBuilder().setPrettyPrinting().create().toJson(rep) + "\n",
        StandardCharsets.UTF_8);
    files.commit();
    bar.finishPhase();
    cli.out()
        .printf(
            Locale.ROOT,
            "anonymize: %d of %d rows released (%d suppressed) in %d classes (smallest %d);"
                + " %s %.6g; highest risk %.4f -> %.4f%n"
                + "  wrote %s and %s%n",
            released,
            table.rowCount(),
            suppressed,
            classSizes.length,
            min(classSizes),
            loss.get("metric").getAsString(),
            loss.get("value").getAsDouble(),
            before.prosecutorHighestRisk(),
            after.prosecutorHighestRisk(),
            output,
            report);
    return 0;
  }

  /** Writes the released CSV, reporting progress. */
  private interface Writing {
    void write(Writer w, java.util.function.DoubleConsumer progress) throws IOException;
  }

  private String nothingReleasable(int rows) {
    return "the optimal solution suppresses all "
        + rows
        + " rows, so nothing would be released (nothing was written); relax the requirements:"
        + " a smaller --k (now "
        + k
        + ")"
        + (l != null || t != null ? ", a weaker --l/--t" : "")
        + ", a lower --suppression (now "
        + suppression
        + ": suppressing every row then counts as cheap as generalizing), or hierarchies that"
        + " generalize further (up to '*')";
  }

  /** Fails with the heap this input needs when the JVM has less. */
  private void checkHeap(long rows, int columns, String about) {
    long needed = HeapEstimate.needed(rows, Math.max(1, columns));
    cli.heapNeeded(needed);
    if (needed > HeapEstimate.available()) {
      throw new Failure(
          String.format(
              Locale.ROOT,
              "not enough memory: %s%,d rows x %d columns need about %s of heap, this JVM has %s;"
                  + " run: java %s -jar privacity-examples.jar anonymize …",
              about,
              rows,
              columns,
              HeapEstimate.xmx(needed),
              HeapEstimate.current(),
              HeapEstimate.xmx(needed)));
    }
  }

  private int columnsOfHeader(Charset charset, char sep) {
    try (var r =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                input.getFileName().toString().endsWith(".gz")
                    ? new java.util.zip.GZIPInputStream(Files.newInputStream(input))
                    : Files.newInputStream(input),
                charset))) {
      String header = r.readLine();
      if (header == null) {
        return 1;
      }
      int count = 1;
      for (int i = 0; i < header.length(); i++) {
        if (header.charAt(i) == sep) {
          count++;
        }
      }
      return count;
    } catch (IOException e) {
      return 1;
    }
  }

  /** Runs a read, turning encoding errors into a message with the hint a user needs. */
  private <T> T read(java.util.function.Supplier<T> reading) {
    try {
      return reading.get();
    } catch (CsvEncodingException e) {
      throw new Failure(
          e.getMessage()
              + "; the file is not "
              + e.charset().name()
              + (e.charset().equals(StandardCharsets.UTF_8)
                  ? ": if it is Latin-1, run again with --encoding ISO-8859-1 (or windows-1252)"
                  : ": give its charset with --encoding"));
    }
  }

  private Charset charset() {
    try {
      return Charset.forName(encoding);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--encoding: unknown charset '" + encoding + "' (e.g. UTF-8, ISO-8859-1, windows-1252)");
    }
  }

  private Map<String, Path> hierarchyFiles() {
    Map<String, Path> files = new LinkedHashMap<>();
    List<String> seen = new ArrayList<>();
    for (String qiSpec : quasiIdentifiers) {
      String name = nameOf(qiSpec);
      if (name.isBlank()) {
        throw new ParameterException(
            spec.commandLine(), "--qi needs a column name, got '" + qiSpec + "'");
      }
      if (seen.contains(name)) {
        throw new ParameterException(spec.commandLine(), "--qi " + name + " is given twice");
      }
      seen.add(name);
      int eq = qiSpec.indexOf('=');
      if (eq >= 0) {
        files.put(name, Path.of(qiSpec.substring(eq + 1)));
      }
    }
    return files;
  }

  private static String nameOf(String qiSpec) {
    int eq = qiSpec.indexOf('=');
    return eq < 0 ? qiSpec : qiSpec.substring(0, eq);
  }

  private void validateParameters() {
    if (k < 2) {
      throw new ParameterException(spec.commandLine(), "--k must be >= 2, got " + k);
    }
    if (l != null && l < 2) {
      throw new ParameterException(spec.commandLine(), "--l must be >= 2, got " + l);
    }
    if (t != null && !(t > 0 && t < 1)) {
      throw new ParameterException(spec.commandLine(), "--t must be in (0, 1), got " + t);
    }
    if (!(suppression >= 0 && suppression <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--suppression must be in [0, 1], got " + suppression);
    }
    if ((l != null || t != null) && sensitive == null) {
      throw new ParameterException(spec.commandLine(), "--l and --t need --sensitive NAME");
    }
    if (algorithm == Algorithm.mondrian && metric != MetricName.loss) {
      throw new ParameterException(
          spec.commandLine(), "--metric applies to --algorithm optimal only");
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

  /** 0 for "detect"; else the delimiter character. */
  private char delimiter(String text, String option) {
    if (text.equalsIgnoreCase("auto")) {
      return 0;
    }
    if (text.equals("tab") || text.equals("\\t")) {
      return '\t';
    }
    if (text.length() != 1
        || text.charAt(0) == '"'
        || text.charAt(0) == '\n'
        || text.charAt(0) == '\r') {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " must be a single character other than a quote or line break, 'tab' or 'auto',"
              + " got '"
              + text
              + "'");
    }
    return text.charAt(0);
  }

  private void requireColumn(Table table, String name, String option) {
    if (!table.hasColumn(name)) {
      throw new ParameterException(
          spec.commandLine(),
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
}
