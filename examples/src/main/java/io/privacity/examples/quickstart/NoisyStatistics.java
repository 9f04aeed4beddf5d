package io.privacity.examples.quickstart;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.dp.mechanism.ConfidenceInterval;
import io.privacity.dp.mechanism.LaplaceMechanism;
import java.util.Map;

/** Quick start (privacity-dp): a noisy count, charged to a budget and recorded in a ledger. */
public class NoisyStatistics {
  public static void main(String[] args) {
    // The ledger records every charge and release; use TransparencyLedger.openFile(path) to keep
    // it.
    try (TransparencyLedger ledger = TransparencyLedger.inMemory()) {
      // A budget of epsilon = 1 for the trips data set; every charge is written to the ledger.
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

      // A count changes by at most 1 when one trip is added or removed.
      LaplaceMechanism laplace = LaplaceMechanism.builder().epsilon(0.25).l1Sensitivity(1).build();

      budget.charge("trips from station 70", laplace.guarantee().loss()); // refused when spent
      long released = laplace.addNoise(1_234L); // the true count never leaves this line
      ConfidenceInterval ci = laplace.confidenceInterval(released, 0.95);
      ledger.append(
          LedgerEventType.RELEASE,
          "trips from station 70",
          Map.of("value", Long.toString(released), "guarantee", laplace.guarantee().toJson()));

      System.out.println("released count: " + released);
      System.out.printf("95%% confidence interval: [%.1f, %.1f]%n", ci.lower(), ci.upper());
      System.out.println("budget remaining: " + budget.remaining());

      // Fail closed: once the budget is spent, the next query is refused before any noise is drawn.
      try {
        for (int i = 0; i < 4; i++) {
          budget.charge("trips from station " + (71 + i), laplace.guarantee().loss());
        }
      } catch (PrivacyBudgetExceededException e) {
        System.out.println("refused: " + e.getMessage());
      }
      System.out.println(
          "ledger entries: " + ledger.size() + ", verified: " + ledger.verify().isOk());
    }
  }
}
