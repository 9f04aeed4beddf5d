package io.privacity.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.bench.Report.Outcome;
import io.privacity.bench.Report.Result;
import io.privacity.bench.Report.Status;
import io.privacity.bench.Report.Target;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportTest {
  private static final String TARGETS =
      "# comment line\n"
          + "\n"
          + "FooBenchmark.fastThing\tFooBenchmark.baselineNaive\t10\tten times naive\n"
          + "BarBenchmark.slowThing\tBarBenchmark.baselineReference\t5\n"
          + "QuxBenchmark.absent\tQuxBenchmark.baselineAbsent\t2\tnot run\n";

  private static List<Result> fixture() throws IOException {
    try (Reader r =
        new InputStreamReader(
            ReportTest.class.getResourceAsStream("/jmh-fixture.json"), StandardCharsets.UTF_8)) {
      return Report.parseResults(r);
    }
  }

  @Test
  void parseResults_readsNamesParamsScoresAndNanErrors() throws IOException {
    List<Result> results = fixture();
    assertEquals(8, results.size());
    Result first = results.get(0);
    assertEquals("FooBenchmark", first.benchmarkClass());
    assertEquals("fastThing", first.method());
    assertEquals("FooBenchmark.fastThing", first.name());
    assertEquals(Map.of("size", "10"), first.params());
    assertEquals(2000.0, first.score());
    assertEquals(100.0, first.error());
    assertEquals("ops/s", first.unit());
    assertFalse(first.isBaseline());
    assertTrue(Double.isNaN(results.get(1).error()));
    assertTrue(results.get(2).isBaseline());
    assertEquals(Map.of(), results.get(5).params());
  }

  @Test
  void baselines_matchClassModeAndParams() throws IOException {
    List<Result> results = fixture();
    List<Result> forSize10 = Report.baselinesOf(results.get(0), results);
    assertEquals(
        List.of("baselineNaive", "baselineOther"), forSize10.stream().map(Result::method).toList());
    List<Result> forSize1000 = Report.baselinesOf(results.get(1), results);
    assertEquals(List.of("baselineNaive"), forSize1000.stream().map(Result::method).toList());
    assertEquals(List.of(), Report.baselinesOf(results.get(7), results));
  }

  @Test
  void speedup_isThroughputRatioOrInverseTimeRatio() throws IOException {
    List<Result> results = fixture();
    assertEquals(20.0, Report.speedup(results.get(0), results.get(2)), 1e-12);
    assertEquals(2.0, Report.speedup(results.get(0), results.get(4)), 1e-12);
    assertEquals(4.0, Report.speedup(results.get(5), results.get(6)), 1e-12);
    // Different modes or units: no ratio.
    assertTrue(Double.isNaN(Report.speedup(results.get(0), results.get(6))));
  }

  @Test
  void evaluate_passFailAndNotRun() throws IOException {
    List<Outcome> outcomes =
        Report.evaluate(fixture(), Report.parseTargets(new StringReader(TARGETS)));
    assertEquals(4, outcomes.size());
    assertEquals(Status.PASS, outcomes.get(0).status()); // size=10: 20x >= 10x
    assertEquals(Map.of("size", "10"), outcomes.get(0).params());
    assertEquals(Status.FAIL, outcomes.get(1).status()); // size=1000: 3x < 10x
    assertEquals(3.0, outcomes.get(1).ratio(), 1e-12);
    assertEquals(Status.FAIL, outcomes.get(2).status()); // 4x < 5x
    assertEquals(Status.NOT_RUN, outcomes.get(3).status());
  }

  @Test
  void render_hasOneRowPerNonBaselineWithEveryRatioAndTheTargets() throws IOException {
    List<Result> results = fixture();
    String md =
        Report.render(
            results,
            Report.evaluate(results, Report.parseTargets(new StringReader(TARGETS))),
            "Mode: test");
    assertTrue(
        md.contains(
            "| FooBenchmark.fastThing | size=10 | thrpt | 2,000 | ± 100 | ops/s | 20.00× vs baselineNaive; 2.00× vs baselineOther |"),
        md);
    assertTrue(
        md.contains(
            "| FooBenchmark.fastThing | size=1000 | thrpt | 30.0 | – | ops/s | 3.00× vs baselineNaive |"),
        md);
    assertTrue(
        md.contains(
            "| BarBenchmark.slowThing | – | avgt | 2.00 | ± 0.100 | us/op | 4.00× vs baselineReference |"),
        md);
    assertTrue(
        md.contains("| BazBenchmark.lonely | – | thrpt | 5.00 | ± 0.500 | ops/s | (no baseline) |"),
        md);
    assertTrue(
        md.contains(
            "| FooBenchmark.fastThing | FooBenchmark.baselineNaive | size=10 | ≥ 10.00× | 20.00× | PASS | ten times naive |"),
        md);
    assertTrue(md.contains("| 3.00× | FAIL |"), md);
    assertTrue(md.contains("| NOT RUN | not run |"), md);
    // Baselines are listed apart, never as rows of the results table.
    String resultsTable = md.substring(md.indexOf("## Results"), md.indexOf("## Baselines"));
    assertFalse(resultsTable.contains("| FooBenchmark.baselineNaive |"), resultsTable);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "A.b\tA.c\n",
        "A.b\tA.c\tfast\n",
        "A.b\tA.c\t0\n",
        "A.b\tA.c\t-2\n",
        "A.b\tA.c\tNaN\n",
        "A.b\tA.c\tInfinity\n",
        "nodot\tA.c\t2\n"
      })
  void parseTargets_malformedLine_throwsNamingTheLine(String tsv) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Report.parseTargets(new StringReader(tsv)));
    assertTrue(e.getMessage().startsWith("targets line 1"), e.getMessage());
  }

  @Test
  void parseResults_notAnArray_throws() {
    assertThrows(IllegalArgumentException.class, () -> Report.parseResults(new StringReader("{}")));
  }

  @Test
  void run_writesMarkdownAndEnforcesOnlyWhenAsked(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("jmh.json");
    try (var in = ReportTest.class.getResourceAsStream("/jmh-fixture.json")) {
      Files.copy(in, json);
    }
    Path targets = dir.resolve("targets.tsv");
    Files.writeString(targets, TARGETS);
    Path out = dir.resolve("out/benchmarks.md");
    String[] common = {
      "--json", json.toString(), "--out", out.toString(), "--targets", targets.toString()
    };
    assertEquals(0, Report.run(concat(common, "--mode", "quick")));
    String md = Files.readString(out);
    assertTrue(md.startsWith("# Privacity benchmarks"));
    assertTrue(md.contains("Mode: **quick** — JMH 1.37, JDK 17.0.15"), md);
    assertEquals(1, Report.run(concat(common, "--mode", "full", "--enforce")));
    assertEquals(2, Report.run(new String[] {"--json", json.toString()}));
    assertEquals(2, Report.run(new String[] {"--bogus"}));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void number_formatsLargeAndSmall() {
    assertEquals("123,456,789", Report.number(123456789.4));
    assertEquals("0.00123", Report.number(0.00123));
    assertEquals("NaN", Report.number(Double.NaN));
    assertEquals("n/a", Report.ratio(Double.NaN));
    assertEquals("250×", Report.ratio(250.2));
    assertEquals("0.00500×", Report.ratio(0.005));
    assertEquals("0.0238×", Report.ratio(0.02381));
  }

  @Test
  void target_recordHoldsItsFields() {
    Target t = new Target("A.b", "A.baselineC", 2, "why");
    assertEquals("A.baselineC", t.baseline());
  }
}
