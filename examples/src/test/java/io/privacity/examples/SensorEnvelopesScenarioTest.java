package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorEnvelopesScenarioTest {
  @Test
  void scenario_showsEveryStep_andTheLedgerVerifies(@TempDir Path out) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Scenario s = Scenarios.byName("sensor-envelopes").orElseThrow();
    assertEquals("sensor-envelopes", s.name());
    s.run(
        new ScenarioContext(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            out,
            Path.of("../examples/data")));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("Sensor aq-1 tries to open its own envelopes: refused"), text);
    assertTrue(text.contains("'marketing': refused (WrongContextException)"), text);
    assertTrue(text.contains("rewrapped 4 key blocks"), text);
    assertTrue(text.contains("citizen-17: unreadable for good (refused as"), text);
    assertTrue(
        text.contains("New data about citizen-17: refused (SubjectShreddedException)"), text);
    assertTrue(
        text.lines().filter(l -> l.contains("ERASURE")).noneMatch(l -> l.contains("citizen-17")),
        text);
    assertTrue(text.contains("citizen-23: record opens"), text);
    assertTrue(text.contains("chain verifies"), text);
    assertTrue(text.contains("ERASURE") && text.contains("KEY_ROTATION"), text);
  }
}
