package io.privacity.dp.aggregate;

import io.privacity.core.internal.Checks;
import java.util.List;

/**
 * The released statistics of one partition. Statistics that were not requested are null; their
 * accessors throw.
 *
 * @param key the partition key
 * @param count the noisy number of (bounded) contributions, a {@code long}, or null
 * @param sum the noisy sum of clamped values, or null
 * @param mean the noisy mean of clamped values, or null
 * @param variance the noisy variance of clamped values, or null
 * @param quantiles the noisy quantiles, in the order of the requested ranks, or null
 * @param <K> the partition key type
 */
public record PartitionResult<K>(
    K key, DpCount count, DpValue sum, DpValue mean, DpValue variance, List<DpValue> quantiles) {

  /**
   * Validates and freezes the components.
   *
   * @param key the key, not null
   * @param count the count or null
   * @param sum the sum or null
   * @param mean the mean or null
   * @param variance the variance or null
   * @param quantiles the quantiles or null
   */
  public PartitionResult {
    Checks.notNull("key", key);
    quantiles = quantiles == null ? null : List.copyOf(quantiles);
  }

  /**
   * The noisy count.
   *
   * @return the count
   * @throws IllegalStateException if the count was not requested
   */
  @Override
  public DpCount count() {
    Checks.state(count != null, "count was not requested");
    return count;
  }

  /**
   * The noisy sum.
   *
   * @return the sum
   * @throws IllegalStateException if the sum was not requested
   */
  @Override
  public DpValue sum() {
    Checks.state(sum != null, "sum was not requested");
    return sum;
  }

  /**
   * The noisy mean.
   *
   * @return the mean
   * @throws IllegalStateException if the mean was not requested
   */
  @Override
  public DpValue mean() {
    Checks.state(mean != null, "mean was not requested");
    return mean;
  }

  /**
   * The noisy variance.
   *
   * @return the variance
   * @throws IllegalStateException if the variance was not requested
   */
  @Override
  public DpValue variance() {
    Checks.state(variance != null, "variance was not requested");
    return variance;
  }

  /**
   * The noisy quantiles.
   *
   * @return the quantiles, one per requested rank
   * @throws IllegalStateException if quantiles were not requested
   */
  @Override
  public List<DpValue> quantiles() {
    Checks.state(quantiles != null, "quantiles were not requested");
    return quantiles;
  }
}
