package io.privacity.dp.aggregate;

import io.privacity.core.internal.Checks;
import io.privacity.dp.mechanism.Guarantee;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The outcome of one {@link BoundedAggregation#release}: the released partitions with their
 * statistics, and the guarantee of the whole release.
 *
 * @param <K> the partition key type
 */
public final class AggregationResult<K> {
  private final Map<K, PartitionResult<K>> partitions;
  private final Guarantee guarantee;

  AggregationResult(Map<K, PartitionResult<K>> partitions, Guarantee guarantee) {
    this.partitions = Collections.unmodifiableMap(new HashMap<>(partitions));
    this.guarantee = Checks.notNull("guarantee", guarantee);
  }

  /**
   * The released partitions. Iteration order depends on the released keys only.
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
   * The guarantee of the whole release: (ε, δ) w.r.t. adding or removing one privacy unit, with the
   * contribution bounds, ε split and selection threshold in its parameters.
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return guarantee;
  }

  @Override
  public String toString() {
    return "AggregationResult{partitions="
        + partitions.size()
        + ", guarantee="
        + guarantee.toJson()
        + "}";
  }
}
