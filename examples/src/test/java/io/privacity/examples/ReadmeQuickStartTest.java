package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.dp.mechanism.LaplaceMechanism;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, verbatim apart from the assertions: it must keep compiling and run. */
class ReadmeQuickStartTest {

  @Test
  void quickStart_runs_and_failsClosed(@TempDir Path dir) throws Exception {
    try (TransparencyLedger ledger = TransparencyLedger.openFile(dir.resolve("releases.jsonl"))) {
      PrivacyAccountant budget =
          PrivacyAccountant.builder()
              .budget(PrivacyLoss.pure(1.0))
              .onCharge(
                  c ->
                      ledger.append(
                          LedgerEventType.BUDGET_CHARGE,
                          c.label(),
                          Map.of("loss", c.loss().toString())))
              .build();

      LaplaceMechanism laplace = LaplaceMechanism.builder().epsilon(0.25).l1Sensitivity(1).build();

      budget.charge("trips from station 70", laplace.guarantee().loss());
      long released = laplace.addNoise(1_234L);
      var ci = laplace.confidenceInterval(released, 0.95);
      ledger.append(
          LedgerEventType.RELEASE,
          "trips from station 70",
          Map.of("value", Long.toString(released), "guarantee", laplace.guarantee().toJson()));

      assertTrue(ci.lower() <= released && released <= ci.upper());
      for (int i = 0; i < 3; i++) {
        budget.charge("more", laplace.guarantee().loss());
      }
      assertThrows(
          PrivacyBudgetExceededException.class,
          () -> budget.charge("one too many", laplace.guarantee().loss()));
      assertEquals(5, ledger.size());
      assertTrue(ledger.verify().isOk());
    }
  }
}
