package io.privacity.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results into {@code benchmarks.md}: a table of every non-baseline benchmark with
 * its speed-up over each baseline of the same class and the same {@code @Param} values, and the
 * targets of {@code bench/targets.tsv} marked PASS or FAIL.
 *
 * <p>Baselines are the methods whose names start with {@code baseline}. A ratio is a speed-up:
 * above 1 means faster than the baseline. For throughput it is score ÷ baseline score; for the time
 * modes (average, sample, single-shot), where lower is better, baseline score ÷ score. It compares
 * point estimates; the error columns show how far to trust them.
 *
 * <p>Usage: {@code report --json FILE --out FILE [--targets FILE] [--mode quick|full] [--enforce]}.
 * With {@code --enforce} the exit status is 1 when any target is missed (a target whose benchmark
 * was not run is reported as NOT RUN and does not fail).
 */
public final class Report {
  private Report() {}

  /**
   * One benchmark result from JMH's JSON.
   *
   * @param benchmarkClass simple name of the benchmark class
   * @param method the benchmark method
   * @param mode JMH mode ({@code thrpt}, {@code avgt}, {@code sample}, {@code ss})
   * @param params the {@code @Param} values, in JMH's order
   * @param score the primary metric
   * @param error its half-width of the 99.9% interval; NaN when JMH could not compute it
   * @param unit the score's unit, e.g. {@code ops/s}
   */
  public record Result(
      String benchmarkClass,
      String method,
      String mode,
      Map<String, String> params,
      double score,
      double error,
      String unit) {

    /**
     * {@code Class.method}, the name used in {@code targets.tsv}.
     *
     * @return the short name
     */
    public String name() {
      return benchmarkClass + "." + method;
    }

    /**
     * Whether this is a baseline (its method name starts with {@code baseline}).
     *
     * @return true for a baseline
     */
    public boolean isBaseline() {
      return method.startsWith("baseline");
    }
  }

  /**
   * One line of {@code targets.tsv}.
   *
   * @param benchmark {@code Class.method} of the benchmark
   * @param baseline {@code Class.baselineMethod} it is compared with
   * @param minRatio the smallest acceptable speed-up
   * @param comment why the target exists
   */
  public record Target(String benchmark, String baseline, double minRatio, String comment) {}

  /** How a target fared for one set of params. */
  public enum Status {
    /** The speed-up reached the target. */
    PASS,
    /** The speed-up fell short of the target. */
    FAIL,
    /** The benchmark or its baseline was not in the results. */
    NOT_RUN
  }

  /**
   * A target evaluated for one set of params.
   *
   * @param target the target
   * @param params the params of the compared pair (empty when not run)
   * @param ratio the measured speed-up, NaN when not run
   * @param status the verdict
   */
  public record Outcome(Target target, Map<String, String> params, double ratio, Status status) {}

  /**
   * Parses JMH's {@code -rf json} output.
   *
   * @param json the JSON array JMH wrote
   * @return the results in file order
   * @throws IllegalArgumentException if it is not JMH's JSON
   */
  public static List<Result> parseResults(Reader json) {
    JsonElement root = JsonParser.parseReader(json);
    if (!root.isJsonArray()) {
      throw new IllegalArgumentException("JMH JSON must be an array of results, got " + root);
    }
    List<Result> out = new ArrayList<>();
    for (JsonElement e : (JsonArray) root) {
      JsonObject o = e.getAsJsonObject();
      String full = o.get("benchmark").getAsString();
      int dot = full.lastIndexOf('.');
      String qualifiedClass = full.substring(0, dot);
      String simpleClass = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
      Map<String, String> params = new LinkedHashMap<>();
      if (o.has("params")) {
        for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
          params.put(p.getKey(), p.getValue().getAsString());
        }
      }
      JsonObject metric = o.getAsJsonObject("primaryMetric");
      out.add(
          new Result(
              simpleClass,
              full.substring(dot + 1),
              o.get("mode").getAsString(),
              Collections.unmodifiableMap(params),
              number(metric.get("score")),
              number(metric.get("scoreError")),
              metric.get("scoreUnit").getAsString()));
    }
    return out;
  }

  /** JMH writes NaN and infinities as strings. */
  private static double number(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return Double.NaN;
    }
    if (e.getAsJsonPrimitive().isNumber()) {
      return e.getAsDouble();
    }
    try {
      return Double.parseDouble(e.getAsString());
    } catch (NumberFormatException notANumber) {
      return Double.NaN;
    }
  }

  /**
   * Parses {@code targets.tsv}: blank lines and lines starting with {@code #} are skipped; every
   * other line is {@code Class.method TAB Class.baselineMethod TAB minRatio TAB comment}.
   *
   * @param tsv the file's text
   * @return the targets in file order
   * @throws IllegalArgumentException naming the line if a line is malformed
   */
  public static List<Target> parseTargets(Reader tsv) {
    List<Target> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(tsv)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length < 3) {
          throw new IllegalArgumentException(
              "targets line " + n + " must have 3 or 4 tab-separated fields, got: " + line);
        }
        double min;
        try {
          min = Double.parseDouble(f[2].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "targets line " + n + ": minRatio must be a number > 0, got \"" + f[2] + "\"");
        }
        if (!(min > 0) || Double.isInfinite(min)) {
          throw new IllegalArgumentException(
              "targets line " + n + ": minRatio must be finite and > 0, got " + f[2]);
        }
        String benchmark = f[0].trim();
        String baseline = f[1].trim();
        if (!benchmark.contains(".") || !baseline.contains(".")) {
          throw new IllegalArgumentException(
              "targets line " + n + ": benchmarks must be Class.method, got " + line);
        }
        out.add(new Target(benchmark, baseline, min, f.length > 3 ? f[3].trim() : ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The speed-up of {@code r} over {@code baseline}: throughput ratio, or inverse time ratio for
   * the time modes; NaN when the modes or units differ or a score is not positive.
   *
   * @param r the benchmark
   * @param baseline its baseline
   * @return the speed-up
   */
  public static double speedup(Result r, Result baseline) {
    if (!r.mode().equals(baseline.mode())
        || !r.unit().equals(baseline.unit())
        || !(r.score() > 0)
        || !(baseline.score() > 0)) {
      return Double.NaN;
    }
    return r.mode().equals("thrpt") ? r.score() / baseline.score() : baseline.score() / r.score();
  }

  /**
   * The baselines of {@code r}: results of the same class, mode and params whose method starts with
   * {@code baseline}.
   *
   * @param r a benchmark
   * @param all every result
   * @return its baselines in file order
   */
  public static List<Result> baselinesOf(Result r, List<Result> all) {
    List<Result> out = new ArrayList<>();
    for (Result b : all) {
      if (b.isBaseline()
          && b != r
          && b.benchmarkClass().equals(r.benchmarkClass())
          && b.mode().equals(r.mode())
          && b.params().equals(r.params())) {
        out.add(b);
      }
    }
    return out;
  }

  /**
   * Evaluates each target for every params combination in which both sides were run.
   *
   * @param results the results
   * @param targets the targets
   * @return one outcome per target and params combination; NOT_RUN when there is none
   */
  public static List<Outcome> evaluate(List<Result> results, List<Target> targets) {
    List<Outcome> out = new ArrayList<>();
    for (Target t : targets) {
      boolean any = false;
      for (Result r : results) {
        if (!r.name().equals(t.benchmark())) {
          continue;
        }
        for (Result b : results) {
          if (b.name().equals(t.baseline())
              && b.mode().equals(r.mode())
              && b.params().equals(r.params())) {
            double ratio = speedup(r, b);
            out.add(
                new Outcome(
                    t, r.params(), ratio, ratio >= t.minRatio() ? Status.PASS : Status.FAIL));
            any = true;
          }
        }
      }
      if (!any) {
        out.add(new Outcome(t, Map.of(), Double.NaN, Status.NOT_RUN));
      }
    }
    return out;
  }

  /**
   * Renders the Markdown report.
   *
   * @param results the results
   * @param outcomes the evaluated targets
   * @param runDescription how the numbers were obtained (mode, forks, iterations)
   * @return the Markdown text
   */
  public static String render(List<Result> results, List<Outcome> outcomes, String runDescription) {
    StringBuilder md = new StringBuilder();
    md.append("# Privacity benchmarks\n\n");
    md.append(runDescription).append("\n\n");
    md.append(
        "Ratios are speed-ups over each baseline of the same class with the same params: above 1"
            + " is faster (throughput ÷ baseline throughput; for time modes, baseline time ÷"
            + " time). They compare point estimates; see the error column.\n\n");
    md.append("## Results\n\n");
    md.append("| Benchmark | Params | Mode | Score | Error | Unit | Speed-up vs baselines |\n");
    md.append("|---|---|---|---:|---:|---|---|\n");
    for (Result r : results) {
      if (r.isBaseline()) {
        continue;
      }
      List<String> ratios = new ArrayList<>();
      for (Result b : baselinesOf(r, results)) {
        ratios.add(ratio(speedup(r, b)) + " vs " + b.method());
      }
      row(md, r, ratios.isEmpty() ? "(no baseline)" : String.join("; ", ratios));
    }
    md.append("\n## Baselines\n\n");
    md.append("| Benchmark | Params | Mode | Score | Error | Unit |\n");
    md.append("|---|---|---|---:|---:|---|\n");
    for (Result r : results) {
      if (r.isBaseline()) {
        row(md, r, null);
      }
    }
    md.append("\n## Targets (bench/targets.tsv)\n\n");
    if (outcomes.isEmpty()) {
      md.append("No targets declared.\n");
    } else {
      md.append("| Benchmark | Baseline | Params | Required | Measured | Status | Why |\n");
      md.append("|---|---|---|---:|---:|---|---|\n");
      for (Outcome o : outcomes) {
        md.append("| ")
            .append(cell(o.target().benchmark()))
            .append(" | ")
            .append(cell(o.target().baseline()))
            .append(" | ")
            .append(cell(params(o.params())))
            .append(" | ≥ ")
            .append(ratio(o.target().minRatio()))
            .append(" | ")
            .append(o.status() == Status.NOT_RUN ? "–" : ratio(o.ratio()))
            .append(" | ")
            .append(o.status() == Status.NOT_RUN ? "NOT RUN" : o.status().name())
            .append(" | ")
            .append(cell(o.target().comment()))
            .append(" |\n");
      }
    }
    return md.toString();
  }

  private static void row(StringBuilder md, Result r, String ratios) {
    md.append("| ")
        .append(cell(r.name()))
        .append(" | ")
        .append(cell(params(r.params())))
        .append(" | ")
        .append(r.mode())
        .append(" | ")
        .append(number(r.score()))
        .append(" | ")
        .append(Double.isNaN(r.error()) ? "–" : "± " + number(r.error()))
        .append(" | ")
        .append(cell(r.unit()));
    if (ratios != null) {
      md.append(" | ").append(cell(ratios));
    }
    md.append(" |\n");
  }

  private static String params(Map<String, String> params) {
    if (params.isEmpty()) {
      return "–";
    }
    List<String> parts = new ArrayList<>();
    params.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(", ", parts);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  static String number(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    double a = Math.abs(x);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", x);
    }
    return String.format(Locale.ROOT, "%.3g", x);
  }

  static String ratio(double r) {
    if (Double.isNaN(r)) {
      return "n/a";
    }
    if (r >= 100) {
      return String.format(Locale.ROOT, "%.0f×", r);
    }
    // Below 1, three significant digits, so that targets like 0.005 stay readable.
    return String.format(Locale.ROOT, r >= 1 ? "%.2f×" : "%.3g×", r);
  }

  /**
   * Command-line entry: reads the JSON and targets, writes the Markdown, prints it.
   *
   * @param args {@code --json FILE --out FILE [--targets FILE] [--mode quick|full] [--enforce]}
   * @return the exit status: 0, 1 when {@code --enforce} and a target failed, 2 on bad usage
   * @throws IOException if a file cannot be read or written
   */
  public static int run(String[] args) throws IOException {
    Path json = null;
    Path out = null;
    Path targets = null;
    String mode = "full";
    boolean enforce = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      boolean hasValue = i + 1 < args.length;
      switch (a) {
        case "--json" -> json = hasValue ? Path.of(args[++i]) : null;
        case "--out" -> out = hasValue ? Path.of(args[++i]) : null;
        case "--targets" -> targets = hasValue ? Path.of(args[++i]) : null;
        case "--mode" -> mode = hasValue ? args[++i] : mode;
        case "--enforce" -> enforce = true;
        default -> {
          System.err.println("report: unknown argument " + a);
          return 2;
        }
      }
    }
    if (json == null || out == null) {
      System.err.println(
          "usage: report --json FILE --out FILE [--targets FILE] [--mode quick|full] [--enforce]");
      return 2;
    }
    List<Result> results;
    String description;
    try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
      results = parseResults(r);
    }
    description = describeRun(json, mode);
    List<Target> declared = List.of();
    if (targets != null && Files.exists(targets)) {
      try (Reader r = Files.newBufferedReader(targets, StandardCharsets.UTF_8)) {
        declared = parseTargets(r);
      }
    }
    List<Outcome> outcomes = evaluate(results, declared);
    String md = render(results, outcomes, description);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.out.print(md);
    long failed = outcomes.stream().filter(o -> o.status() == Status.FAIL).count();
    if (failed > 0) {
      System.out.println(
          "\n"
              + failed
              + " target(s) missed"
              + (enforce ? "." : " (not enforced in " + mode + " mode: too noisy)."));
    }
    return enforce && failed > 0 ? 1 : 0;
  }

  /** "Mode: quick — JMH 1.37, JDK 17 (OpenJDK 64-Bit Server VM), 1 fork, ..." from the JSON. */
  static String describeRun(Path json, String mode) throws IOException {
    JsonElement root;
    try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
      root = JsonParser.parseReader(r);
    }
    StringBuilder d = new StringBuilder("Mode: **").append(mode).append("**");
    if (root.isJsonArray() && !root.getAsJsonArray().isEmpty()) {
      JsonObject o = root.getAsJsonArray().get(0).getAsJsonObject();
      d.append(" — JMH ")
          .append(text(o, "jmhVersion"))
          .append(", JDK ")
          .append(text(o, "jdkVersion"))
          .append(" (")
          .append(text(o, "vmName"))
          .append("), ")
          .append(text(o, "forks"))
          .append(" fork(s), ")
          .append(text(o, "warmupIterations"))
          .append(" × ")
          .append(text(o, "warmupTime"))
          .append(" warm-up, ")
          .append(text(o, "measurementIterations"))
          .append(" × ")
          .append(text(o, "measurementTime"))
          .append(" measurement");
    }
    d.append(". Source: `").append(json.getFileName()).append("`.");
    return d.toString();
  }

  private static String text(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e == null || e.isJsonNull() ? "?" : e.getAsString();
  }
}
