package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;
import java.time.Instant;

/**
 * One recorded charge against a privacy budget.
 *
 * @param label what the charge was for (a query, a release), non-blank
 * @param loss the privacy loss charged
 * @param time when it was charged
 */
public record Charge(String label, PrivacyLoss loss, Instant time) {
  /**
   * Validates the components.
   *
   * @param label what the charge was for, non-blank
   * @param loss the loss, not null
   * @param time the time, not null
   */
  public Charge {
    Checks.nonBlank("label", label);
    Checks.notNull("loss", loss);
    Checks.notNull("time", time);
  }
}
