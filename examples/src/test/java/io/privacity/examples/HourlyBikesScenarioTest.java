package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.Composition;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourlyBikesScenarioTest {

  @Test
  void run_pldAdmitsTheMostReleases_andWritesThePng(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new HourlyBikesScenario()
        .run(
            new ScenarioContext(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, Path.of("data")));
    String out = bytes.toString(StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("(basic|zCDP|RDP|PLD) +year spent eps = +([0-9.]+).*: +(\\d+) hourly")
            .matcher(out);
    Map<String, Integer> admitted = new HashMap<>();
    Map<String, Double> year = new HashMap<>();
    while (m.find()) {
      admitted.put(m.group(1), Integer.parseInt(m.group(3)));
      year.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    assertEquals(4, admitted.size(), out);
    assertTrue(admitted.get("PLD") >= admitted.get("RDP"), out);
    assertTrue(admitted.get("PLD") >= admitted.get("zCDP"), out);
    assertTrue(admitted.get("zCDP") > 10 * admitted.get("basic"), out);
    assertTrue(year.get("PLD") <= year.get("RDP") && year.get("RDP") < year.get("basic"), out);
    assertTrue(Files.size(dir.resolve("hourly-bikes.png")) > 1000);
  }

  /** The count the scenario reports is what a budget-limited accountant really admits. */
  @Test
  void admittedWithin_equalsWhatABudgetedAccountantAdmits() {
    PrivacyLoss perHour = PrivacyLoss.discreteGaussian(20, 1);
    for (Composition c : new Composition[] {Composition.basic(), Composition.zcdp(1e-6)}) {
      PrivacyAccountant tracker =
          PrivacyAccountant.builder()
              .budget(PrivacyLoss.approximate(1e9, 1e-6))
              .composition(c)
              .build();
      double[] daily = new double[40];
      for (int h = 0; h < daily.length * 24; h++) {
        tracker.charge("h", perHour);
        if (h % 24 == 23) {
          daily[h / 24] = tracker.spent().epsilon();
        }
      }
      PrivacyAccountant budgeted =
          PrivacyAccountant.builder()
              .budget(PrivacyLoss.approximate(2, 1e-6))
              .composition(c)
              .build();
      int n = 0;
      try {
        while (n < daily.length * 24) {
          budgeted.charge("h", perHour);
          n++;
        }
      } catch (PrivacyBudgetExceededException refused) {
        // the first refused charge ends the count
      }
      assertEquals(n, HourlyBikesScenario.admittedWithin(c, perHour, daily, 2), c.toString());
    }
  }
}
