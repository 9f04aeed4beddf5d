package io.privacity.dp.aggregate;

import io.privacity.core.internal.Checks;
import io.privacity.dp.mechanism.Guarantee;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@link BoundedAggregation#release}: the released partitions with their
 * statistics (or the whole-dataset statistics of an {@link BoundedAggregation.Builder#ungrouped()
 * ungrouped} aggregation), the guarantee of the whole release, and what the caller should know
 * about it: the partition-selection threshold and warnings.
 *
 * <p>Everything here is differentially private output or a public parameter. In particular the
 * result never says how many partitions selection dropped or how many there were: that number
 * counts the non-empty partitions of the private data.
 *
 * @param <K> the partition key type
 */
public final class AggregationResult<K> {
  private final Map<K, PartitionResult<K>> partitions;
  private final PartitionResult<?> total;
  private final Guarantee guarantee;
  private final long selectionThreshold;
  private final List<String> warnings;

  AggregationResult(
      Map<K, PartitionResult<K>> partitions,
      PartitionResult<?> total,
      Guarantee guarantee,
      long selectionThreshold,
      List<String> warnings) {
    this.partitions = Collections.unmodifiableMap(new HashMap<>(partitions));
    this.total = total;
    this.guarantee = Checks.notNull("guarantee", guarantee);
    this.selectionThreshold = selectionThreshold;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The released partitions. Iteration order depends on the released keys only. Empty for an
   * ungrouped aggregation (see {@link #total()}).
   *
   * @return an unmodifiable map from key to result
   */
  public Map<K, PartitionResult<K>> partitions() {
    return partitions;
  }

  /**
   * The result of one partition.
   *
   * @param key the key
   * @return its result, or null if the partition was not released
   */
  public PartitionResult<K> get(K key) {
    return partitions.get(key);
  }

  /**
   * The whole-dataset statistics of an {@link BoundedAggregation.Builder#ungrouped() ungrouped}
   * aggregation (its {@code key()} is a marker printing as "total").
   *
   * @return the statistics
   * @throws IllegalStateException if the aggregation is grouped
   */
  public PartitionResult<?> total() {
    Checks.state(total != null, "total() is for ungrouped aggregations; use partitions()");
    return total;
  }

  /**
   * The guarantee of the whole release: (ε, δ) w.r.t. adding or removing one privacy unit, with the
   * contribution bounds, ε split and selection threshold in its parameters.
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return guarantee;
  }

  /**
   * The threshold τ of private partition selection, in privacy units: a partition is released only
   * if its noisy number of distinct units (after contribution bounding) is at least τ; a partition
   * with τ units is released with probability just over ½, one with τ − 1 with probability just
   * under ½. 0 with public partitions or an ungrouped aggregation (no selection).
   *
   * @return τ
   */
  public long selectionThreshold() {
    return selectionThreshold;
  }

  /**
   * What the caller should know about this release, in plain sentences; empty if nothing. Private
   * partition selection that released few (fewer than 10) or no partitions says so, with the
   * threshold τ in units and how to release more. Derived from the released output and public
   * parameters only, so reading or publishing it costs no privacy.
   *
   * @return an unmodifiable list of warnings
   */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "AggregationResult{"
        + (total != null ? "total=" + total : "partitions=" + partitions.size())
        + (selectionThreshold > 0 ? ", selectionThreshold=" + selectionThreshold : "")
        + (warnings.isEmpty() ? "" : ", warnings=" + warnings)
        + ", guarantee="
        + guarantee.toJson()
        + "}";
  }
}
