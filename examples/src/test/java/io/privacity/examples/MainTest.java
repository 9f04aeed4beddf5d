package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher: list, run, usage errors; and the budget-and-ledger scenario end to end. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void list_namesEveryScenario() {
    assertEquals(0, run("list"));
    for (Scenario s : Scenarios.all()) {
      assertTrue(out().contains(s.name()), s.name());
    }
  }

  @Test
  void scenarioNames_areUnique() {
    assertEquals(
        Scenarios.all().size(), Scenarios.all().stream().map(Scenario::name).distinct().count());
  }

  @Test
  void noArguments_isUsageError() {
    assertEquals(2, run());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("a command is required"));
  }

  @Test
  void unknownScenario_isUsageError() {
    assertEquals(2, run("run", "no-such-scenario"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("unknown scenario 'no-such-scenario'"));
  }

  @Test
  void unknownCommand_isUsageError() {
    assertEquals(2, run("frobnicate"));
  }

  @Test
  void outWithoutDirectory_isUsageError() {
    assertEquals(2, run("tour", "--out"));
  }

  @Test
  void budgetAndLedger_refusesOnceSpent_andDetectsTampering(@TempDir Path dir) throws Exception {
    assertEquals(0, run("run", "budget-and-ledger", "--out", dir.toString(), "--data", "data"));
    String printed = out();
    assertTrue(printed.contains("refused: budget exhausted"), printed);
    assertTrue(printed.contains("MODIFIED at line"), printed);
    assertTrue(Files.size(dir.resolve("budget-and-ledger.ledger.jsonl")) > 0);
  }
}
