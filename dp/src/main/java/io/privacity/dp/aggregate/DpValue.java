package io.privacity.dp.aggregate;

import io.privacity.core.internal.Checks;
import io.privacity.dp.mechanism.ConfidenceInterval;
import io.privacity.dp.mechanism.Guarantee;
import java.util.Optional;

/**
 * One released statistic: the noisy value, what it guarantees and, where defined, a confidence
 * interval for the true (bounded) value.
 *
 * @param value the released value
 * @param interval an interval containing the true value of the bounded data with probability at
 *     least its level, or null where none is defined (quantiles)
 * @param guarantee the mechanism, its privacy loss and parameters (sensitivity, granularity,
 *     contribution bounds)
 */
public record DpValue(double value, ConfidenceInterval interval, Guarantee guarantee) {
  /**
   * Validates the components.
   *
   * @param value the value, not NaN
   * @param interval the interval or null
   * @param guarantee the guarantee, not null
   */
  public DpValue {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("value must not be NaN");
    }
    Checks.notNull("guarantee", guarantee);
  }

  /**
   * The confidence interval, if defined.
   *
   * @return the interval, or empty for statistics without one
   */
  public Optional<ConfidenceInterval> confidenceInterval() {
    return Optional.ofNullable(interval);
  }

  @Override
  public String toString() {
    return value
        + (interval == null ? "" : " " + interval)
        + " ("
        + guarantee.mechanism()
        + ", "
        + guarantee.loss()
        + ")";
  }
}
