package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnprPlatesScenarioTest {
  @Test
  void scenario_countsOnPseudonyms_grantsPolice_deniesMarketing_honoursErasure(@TempDir Path out)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Scenario s = Scenarios.byName("anpr-plates").orElseThrow();
    assertEquals("anpr-plates", s.name());
    s.run(
        new ScenarioContext(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            out,
            Path.of("../examples/data")));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("counts on pseudonyms equal counts on plates: true"), text);
    assertTrue(text.contains(" 0 linkable through pseudonyms"), text);
    assertTrue(text.contains("police with a warrant: granted"), text);
    assertTrue(text.contains("marketing: denied (NO_MATCHING_RULE)"), text);
    assertTrue(text.contains("police re-identification now fails: UNKNOWN_TOKEN"), text);
    assertTrue(text.contains("before: an authorized lookup finds the plate's token: true"), text);
    assertTrue(text.contains("the lookup finds a token: false"), text);
    assertTrue(text.contains("REIDENTIFICATION") && text.contains("ACCESS_DENIED"), text);
    assertTrue(text.contains("ERASURE"), text);
    assertTrue(text.contains("verify: ok"), text);
  }
}
