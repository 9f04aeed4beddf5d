package io.privacity.dp.aggregate;

import io.privacity.core.internal.Checks;

/**
 * How much one privacy unit (a household, a card, a vehicle) may contribute to a release: at most
 * {@link #maxPartitionsContributed()} partitions (L0), at most {@link
 * #maxContributionsPerPartition()} records per partition (L∞), each value clamped to [{@link
 * #lower()}, {@link #upper()}].
 *
 * <p>Value bounds are needed only for value statistics (sum, mean, variance, quantiles); a
 * count-only aggregation may leave them unset. The bounds must not depend on the private data.
 *
 * <p>Immutable and thread-safe.
 */
public final class ContributionBounds {
  /** Largest accepted L0 and L∞ (keeps sensitivities and reservoirs small and exact). */
  public static final int MAX_LIMIT = 1 << 20;

  private final int maxPartitionsContributed;
  private final int maxContributionsPerPartition;
  private final double lower;
  private final double upper;

  private ContributionBounds(Builder b) {
    this.maxPartitionsContributed = b.maxPartitionsContributed;
    this.maxContributionsPerPartition = b.maxContributionsPerPartition;
    this.lower = b.lower;
    this.upper = b.upper;
  }

  /**
   * A builder; the two contribution limits are required, the value bounds optional.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * L0: the most partitions one privacy unit contributes to.
   *
   * @return the limit, in [1, {@link #MAX_LIMIT}]
   */
  public int maxPartitionsContributed() {
    return maxPartitionsContributed;
  }

  /**
   * L∞: the most records one privacy unit contributes to one partition.
   *
   * @return the limit, in [1, {@link #MAX_LIMIT}]
   */
  public int maxContributionsPerPartition() {
    return maxContributionsPerPartition;
  }

  /**
   * Whether value bounds were set.
   *
   * @return true if {@link #lower()} and {@link #upper()} are set
   */
  public boolean hasValueBounds() {
    return !Double.isNaN(lower);
  }

  /**
   * The lower value bound (NaN if unset).
   *
   * @return the lower bound
   */
  public double lower() {
    return lower;
  }

  /**
   * The upper value bound (NaN if unset).
   *
   * @return the upper bound
   */
  public double upper() {
    return upper;
  }

  @Override
  public String toString() {
    return "ContributionBounds{maxPartitionsContributed="
        + maxPartitionsContributed
        + ", maxContributionsPerPartition="
        + maxContributionsPerPartition
        + (hasValueBounds() ? ", lower=" + lower + ", upper=" + upper : "")
        + "}";
  }

  /** Builds {@link ContributionBounds}; each setter validates at once. */
  public static final class Builder {
    private int maxPartitionsContributed;
    private int maxContributionsPerPartition;
    private double lower = Double.NaN;
    private double upper = Double.NaN;

    private Builder() {}

    /**
     * L0: the most partitions one unit contributes to; extra partitions are dropped, keeping a
     * uniformly random subset of the unit's partitions.
     *
     * @param limit in [1, {@link #MAX_LIMIT}]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxPartitionsContributed(int limit) {
      this.maxPartitionsContributed =
          (int) Checks.inRange("maxPartitionsContributed", limit, 1, MAX_LIMIT);
      return this;
    }

    /**
     * L∞: the most records one unit contributes to one partition; extra records are dropped,
     * keeping a uniformly random subset (reservoir sampling).
     *
     * @param limit in [1, {@link #MAX_LIMIT}]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxContributionsPerPartition(int limit) {
      this.maxContributionsPerPartition =
          (int) Checks.inRange("maxContributionsPerPartition", limit, 1, MAX_LIMIT);
      return this;
    }

    /**
     * Value bounds: every value is clamped to [lower, upper].
     *
     * @param lower finite, &lt; upper
     * @param upper finite, &gt; lower
     * @return this builder
     * @throws IllegalArgumentException if either is NaN or infinite, or lower ≥ upper (inverted or
     *     empty bounds), or upper − lower overflows
     */
    public Builder valueBounds(double lower, double upper) {
      Checks.finite("lower", lower);
      Checks.finite("upper", upper);
      if (!(lower < upper)) {
        throw new IllegalArgumentException(
            "lower must be < upper (bounds inverted or empty), got lower="
                + lower
                + ", upper="
                + upper);
      }
      if (!Double.isFinite(upper - lower)) {
        throw new IllegalArgumentException(
            "upper - lower must be finite, got lower=" + lower + ", upper=" + upper);
      }
      this.lower = lower;
      this.upper = upper;
      return this;
    }

    /**
     * Builds the bounds.
     *
     * @return the bounds
     * @throws IllegalStateException if a contribution limit was not set
     */
    public ContributionBounds build() {
      Checks.state(maxPartitionsContributed > 0, "maxPartitionsContributed must be set");
      Checks.state(maxContributionsPerPartition > 0, "maxContributionsPerPartition must be set");
      return new ContributionBounds(this);
    }
  }
}
