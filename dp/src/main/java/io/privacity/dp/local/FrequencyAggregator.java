package io.privacity.dp.local;

/**
 * The server half of a local-DP frequency oracle: collects reports, never values, and estimates how
 * many devices hold each value. Implementations are thread-safe.
 */
public interface FrequencyAggregator {
  /**
   * Adds one report.
   *
   * @param report a report made with this aggregator's {@link #oracle()}
   * @throws IllegalArgumentException if the report is null or was made with another protocol or
   *     other parameters
   */
  void add(LdpReport report);

  /**
   * How many reports have been added.
   *
   * @return n
   */
  long reports();

  /**
   * The unbiased estimate of each value's count, with variances.
   *
   * @return the estimate
   */
  FrequencyEstimate estimate();

  /**
   * The parameters.
   *
   * @return the oracle
   */
  FrequencyOracle oracle();
}
