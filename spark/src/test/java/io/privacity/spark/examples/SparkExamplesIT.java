package io.privacity.spark.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.ledger.TransparencyLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark examples as users run them: the built jar ({@code target/privacity-spark-examples.jar},
 * with its manifest's Add-Opens and Class-Path to {@code lib/}) spawned with {@code java -jar} from
 * a temporary working directory — not the project's — on Spark {@code local[2]}.
 */
class SparkExamplesIT {
  private static final Path JAR =
      Path.of(
              System.getProperty(
                  "privacity.spark.examples.jar", "target/privacity-spark-examples.jar"))
          .toAbsolutePath();

  @TempDir Path dir;
  @TempDir Path streams;

  /** What a run printed and returned. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  /** Runs the jar in {@link #dir}; its output streams go to files outside that directory. */
  private Run launch(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(Arrays.asList(args));
    Path out = streams.resolve("stdout");
    Path err = streams.resolve("stderr");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish in 300 s: " + command);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @BeforeEach
  void jar() {
    assertTrue(Files.isRegularFile(JAR), "build the examples jar first (mvn package): " + JAR);
  }

  /**
   * 3,000 households, one day of 15-minute readings (288,000 rows), ε = 8: about 300 households in
   * each ordinary district and hour, and about 6 in each of the rare districts D10 and D11 (0.2 %
   * of the households each). Selection noise is discrete Laplace of scale t = L0/ε_sel = 24/4 = 6,
   * and τ ≈ 99 (P(Z ≥ τ − 1) ≤ δ/L0 ≈ 4.2·10^−8). Thresholds: an ordinary district-hour (n ≈ 300)
   * is dropped with probability ≈ e^(−(n−τ)/t)/2 ≈ e^−33: all 240 are released. A rare one (n ≤ 20)
   * is released with probability ≤ 4.2·10^−8 · e^((n−1)/t) ≤ 10^−6 — about δ, as DP allows — so the
   * test allows at most one of the 48 rare district-hours: two or more happen with probability ≤
   * C(48, 2)·(10^−6)^2 &lt; 10^−9. The released means are clamped to the value bounds [0, 2.5].
   */
  @Test
  void smart_meter_job_runs_from_any_directory_and_writes_table_chart_and_ledger()
      throws Exception {
    Run run =
        launch(
            "smart-meters",
            "--rows",
            "288000",
            "--households",
            "3000",
            "--epsilon",
            "8",
            "--format",
            "csv",
            "--out",
            "result");
    assertEquals(0, run.code(), run.toString());
    Path out = dir.resolve("result");

    Path table = out.resolve("consumption-by-district-hour.csv");
    assertTrue(Files.isDirectory(table), run.toString());
    List<String> lines = new ArrayList<>();
    try (Stream<Path> parts = Files.list(table)) {
      for (Path part : parts.filter(f -> f.getFileName().toString().endsWith(".csv")).toList()) {
        lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
      }
    }
    assertEquals(
        "district_hour,sum,sum_ci_low,sum_ci_high,mean,mean_ci_low,mean_ci_high", lines.get(0));
    TreeSet<String> districts = new TreeSet<>();
    int ordinary = 0;
    int rare = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      String district = f[0].substring(0, 3);
      if (district.equals("D10") || district.equals("D11")) {
        rare++;
      } else {
        ordinary++;
        districts.add(district);
      }
      double mean = Double.parseDouble(f[4]);
      assertTrue(mean >= 0 && mean <= 2.5, "a 15-minute mean within the bounds: " + line);
    }
    assertEquals(240, ordinary, "the 10 ordinary districts × 24 hours: " + lines);
    assertEquals(10, districts.size(), districts.toString());
    assertTrue(rare <= 1, "rare districts are not released: " + lines);

    byte[] png = Files.readAllBytes(out.resolve("consumption-by-district-hour.png"));
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), "a PNG chart");

    Matcher head = Pattern.compile("ledger entries (\\d+), head ([0-9a-f]{64})").matcher(run.out());
    assertTrue(head.find(), run.toString());
    Path ledger = out.resolve("ledger.jsonl");
    assertTrue(TransparencyLedger.verifyCopy(ledger, head.group(2)).isOk());
    List<String> entries = Files.readAllLines(ledger, StandardCharsets.UTF_8);
    assertEquals(Integer.parseInt(head.group(1)), entries.size());
    assertTrue(entries.stream().anyMatch(l -> l.contains("BUDGET_CHARGE")), entries.toString());
    assertTrue(entries.stream().anyMatch(l -> l.contains("RELEASE")), entries.toString());
    try (Stream<Path> files = Files.list(out)) {
      assertFalse(
          files.anyMatch(f -> f.getFileName().toString().startsWith(".")),
          "no temporary file left behind");
    }
  }

  /** Usage errors: one line naming the option and its value, exit code 2, no stack trace. */
  @Test
  void usage_errors_print_one_line_and_exit_2() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"smart-meters", "--rows", "-5"},
            new String[] {"smart-meters", "--format", "xml"},
            new String[] {"benchmark", "--frobnicate"},
            new String[] {"tour"})) {
      Run run = launch(args);
      assertEquals(2, run.code(), run.toString());
      String[] err = run.err().strip().split("\n");
      assertEquals(2, err.length, "the error and where to find the usage: " + run);
      assertTrue(err[0].contains(args[args.length - 1]), run.toString());
      assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.toString());
      assertEquals("", run.out());
    }
  }
}
