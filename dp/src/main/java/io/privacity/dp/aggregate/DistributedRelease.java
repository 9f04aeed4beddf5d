package io.privacity.dp.aggregate;

import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.Guarantee;
import java.util.List;
import java.util.Set;

/**
 * The driver's side of one release of a {@link BoundedAggregation} whose bounding, sums and noise
 * run on other machines (the {@code privacity-spark} module): the same single use, budget charge
 * and ledger entry as {@link BoundedAggregation#release}, in three steps the engine calls in order.
 *
 * <ol>
 *   <li>Compute the bounded, exact per-partition states elsewhere with the {@link #kernel()} — no
 *       noise yet, and nothing charged: bad input fails here.
 *   <li>{@link #charge()}: marks the aggregation released and charges the accountant (ε, δ), before
 *       any noise is drawn. A refused charge throws, spends nothing and leaves the aggregation
 *       unreleased.
 *   <li>Draw selection and noise with {@link ReleaseKernel#noise}, once per partition, then {@link
 *       #record(long)} the number of released partitions: the release is appended to the ledger and
 *       the caller gets the warnings {@link AggregationResult#warnings()} would give.
 * </ol>
 *
 * <p>Obtained from {@link BoundedAggregation#distributedRelease()}. Not for end users: a release
 * computed this way has the aggregation's guarantee only if the engine meets the obligations in
 * {@link ReleaseKernel}. Thread-safe.
 *
 * @param <K> the partition key type
 */
public final class DistributedRelease<K> {
  private final BoundedAggregation<K> aggregation;
  private final ReleaseKernel kernel;
  private boolean charged;
  private boolean recorded;

  DistributedRelease(BoundedAggregation<K> aggregation, ReleaseKernel kernel) {
    this.aggregation = aggregation;
    this.kernel = kernel;
  }

  /**
   * The serializable arithmetic to ship to the machines that bound, sum and noise.
   *
   * @return the kernel
   */
  public ReleaseKernel kernel() {
    return kernel;
  }

  /**
   * The public partitions (every one is released, empty ones from a zero state; records of other
   * keys are dropped), or null with private partition selection or an ungrouped aggregation.
   *
   * @return an unmodifiable set, or null
   */
  public Set<K> publicPartitions() {
    return kernel.ungrouped() ? null : aggregation.publicPartitionsOrNull();
  }

  /**
   * The aggregation's randomness (secure by default): the engine draws the secrets of its
   * executors' randomness from it, on the driver.
   *
   * @return the randomness
   */
  public Randomness randomness() {
    return aggregation.randomness();
  }

  /**
   * The guarantee of the release.
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return aggregation.guarantee();
  }

  /**
   * Whether {@link #charge()} would succeed now: the aggregation is unreleased and the accountant
   * (if any) admits the loss. Advisory (another release may charge in between); lets an engine
   * refuse before running anything.
   *
   * @return true if the charge would currently succeed
   */
  public boolean canCharge() {
    return aggregation.canCharge();
  }

  /**
   * Marks the aggregation released (single use) and charges its accountant, before any noise is
   * drawn.
   *
   * @throws IllegalStateException if the aggregation was already released, or this was already
   *     charged
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses;
   *     nothing is spent and the aggregation stays unreleased
   */
  public synchronized void charge() {
    if (charged) {
      throw new IllegalStateException("this distributed release was already charged");
    }
    aggregation.markReleasedAndCharge();
    charged = true;
  }

  /**
   * Records the release in the aggregation's ledger (if any), after the noise was drawn.
   *
   * @param partitionsReleased how many partitions were released (1 for ungrouped)
   * @return the warnings of the release (see {@link AggregationResult#warnings()})
   * @throws IllegalStateException if not charged yet, or already recorded
   * @throws IllegalArgumentException if partitionsReleased is negative
   */
  public synchronized List<String> record(long partitionsReleased) {
    if (!charged) {
      throw new IllegalStateException("record() must follow charge()");
    }
    if (recorded) {
      throw new IllegalStateException("this distributed release was already recorded");
    }
    if (partitionsReleased < 0) {
      throw new IllegalArgumentException(
          "partitionsReleased must be >= 0, got " + partitionsReleased);
    }
    recorded = true;
    return aggregation.recordRelease((int) Math.min(Integer.MAX_VALUE, partitionsReleased));
  }
}
