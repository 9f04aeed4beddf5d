package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every registered scenario runs to completion on the bundled data and prints something. */
class ScenariosTest {

  static Stream<Scenario> scenarios() {
    return Scenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario_runs(Scenario scenario, @TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    scenario.run(
        new ScenarioContext(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, Path.of("data")));
    assertFalse(bytes.toString(StandardCharsets.UTF_8).isBlank(), scenario.name());
  }
}
