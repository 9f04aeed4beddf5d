package io.privacity.spark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.spark.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The benchmark runner's smoke run, on the tests' shared Spark session: both comparisons run and
 * report rows per second and a ratio (no timing is asserted).
 */
class SparkBenchmarkTest {
  @Test
  void runner_reports_both_comparisons_with_ratios() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Main.Args args =
        new Main.Args(
            new String[] {"benchmark", "--rows", "20000", "--repeats", "1", "--pseudonyms"});
    int code =
        SparkBenchmark.run(
            TestSpark.session(), args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    for (String what : new String[] {"grouped sum", "pseudonym column"}) {
      assertTrue(
          out.matches(
              "(?s).*RESULT "
                  + what
                  + ", 20,000 rows: .* M rows/s\\), .* M rows/s\\), ratio \\d+\\.\\d{3}\n.*"),
          out);
    }
  }
}
