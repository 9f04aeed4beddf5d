package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.data.Csv;
import io.privacity.anonymize.data.Table;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenDataReleaseScenarioTest {
  @TempDir Path out;

  @Test
  void releasesATenAnonymousTable_withChartAndRiskReport() throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Scenario s = Scenarios.byName("open-data-release").orElseThrow();
    s.run(
        new ScenarioContext(
            new PrintStream(text, true, StandardCharsets.UTF_8), out, Path.of("data")));
    String printed = text.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("highest risk"), printed);

    Path png = out.resolve("open-data-release-classes.png");
    assertTrue(Files.size(png) > 1000);
    byte[] magic = Files.readAllBytes(png);
    assertEquals((byte) 0x89, magic[0]);
    assertEquals('P', magic[1]);

    // Independent check of the released file: every combination of published QIs occurs >= 10
    // times.
    Table released = Csv.read(out.resolve("open-data-release-trips.csv"), ',');
    assertEquals(24_428, released.rowCount());
    Map<List<String>, Integer> classes = new HashMap<>();
    for (int r = 0; r < released.rowCount(); r++) {
      List<String> key = new ArrayList<>();
      for (String q : OpenDataReleaseScenario.QUASI_IDENTIFIERS) {
        key.add(released.value(r, q));
      }
      classes.merge(key, 1, Integer::sum);
    }
    classes.forEach((key, n) -> assertTrue(n >= 10, key + " occurs " + n + " times"));
    assertTrue(!released.hasColumn("bike_id") && !released.hasColumn("start_date"));
  }
}
