package io.privacity.dp.aggregate;

import io.privacity.core.internal.Checks;
import io.privacity.dp.mechanism.ConfidenceInterval;
import io.privacity.dp.mechanism.Guarantee;
import java.util.Optional;

/**
 * One released count: the noisy integer, what it guarantees and a confidence interval with integer
 * ends for the true (bounded) count. Counts are noised on the integers (exact discrete Laplace), so
 * the value is a {@code long}, never a fraction.
 *
 * @param value the released count (may be negative: noise is symmetric; clamp to 0 yourself if you
 *     need to, which is post-processing)
 * @param interval an interval with integer ends containing the true bounded count with probability
 *     at least its level
 * @param guarantee the mechanism, its privacy loss and parameters (sensitivity, contribution
 *     bounds)
 */
public record DpCount(long value, ConfidenceInterval interval, Guarantee guarantee) {
  /**
   * Validates the components.
   *
   * @param value the value
   * @param interval the interval, not null
   * @param guarantee the guarantee, not null
   */
  public DpCount {
    Checks.notNull("interval", interval);
    Checks.notNull("guarantee", guarantee);
  }

  /**
   * The confidence interval (always present for counts; an {@code Optional} like {@link
   * DpValue#confidenceInterval()}).
   *
   * @return the interval
   */
  public Optional<ConfidenceInterval> confidenceInterval() {
    return Optional.of(interval);
  }

  /**
   * Such as {@code 18009 [17990, 18028] @0.95 (DiscreteLaplaceMechanism, (ε=0.5)-DP)}.
   *
   * @return the count, its interval and guarantee
   */
  @Override
  public String toString() {
    return value + " " + interval + " (" + guarantee.mechanism() + ", " + guarantee.loss() + ")";
  }
}
