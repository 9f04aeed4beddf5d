package io.privacity.dp.local;

import io.privacity.core.internal.Checks;
import io.privacity.dp.mechanism.ConfidenceInterval;
import io.privacity.dp.mechanism.Guarantee;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A frequency oracle's estimate: for each value 0..k−1 the unbiased estimate of how many devices
 * hold it (possibly negative or above n: clamping would bias it) and the variance of that estimate.
 * Immutable value.
 */
public final class FrequencyEstimate {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

  private final FrequencyOracle oracle;
  private final long reports;
  private final double[] counts;
  private final double[] variances;

  FrequencyEstimate(FrequencyOracle oracle, long reports, double[] counts, double[] variances) {
    this.oracle = oracle;
    this.reports = reports;
    this.counts = counts;
    this.variances = variances;
  }

  /**
   * The parameters of the reports.
   *
   * @return the oracle
   */
  public FrequencyOracle oracle() {
    return oracle;
  }

  /**
   * How many reports the estimate is based on.
   *
   * @return n
   */
  public long reports() {
    return reports;
  }

  /**
   * The unbiased estimate of how many devices hold {@code value}.
   *
   * @param value the value, in [0, k)
   * @return the estimated count
   * @throws IllegalArgumentException if the value is out of range
   */
  public double count(int value) {
    oracle.checkValue(value);
    return counts[value];
  }

  /**
   * The variance of {@link #count(int)}: the exact formula {@link FrequencyOracle#variance(long,
   * double)} evaluated at the estimate clamped to [0, n] (a plug-in estimate of the variance).
   *
   * @param value the value, in [0, k)
   * @return the variance
   * @throws IllegalArgumentException if the value is out of range
   */
  public double variance(int value) {
    oracle.checkValue(value);
    return variances[value];
  }

  /**
   * All estimated counts.
   *
   * @return a copy, indexed by value
   */
  public double[] counts() {
    return counts.clone();
  }

  /**
   * A normal-approximation interval {@code count ± z·sqrt(variance)}: approximate (central limit
   * theorem over the n independent reports), accurate when n·q* is large.
   *
   * @param value the value, in [0, k)
   * @param level the confidence level, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if value or level is out of range
   */
  public ConfidenceInterval confidenceInterval(int value, double level) {
    Checks.openUnit("level", level);
    double z = NORMAL.inverseCumulativeProbability(0.5 + level / 2);
    double half = z * Math.sqrt(variance(value));
    return new ConfidenceInterval(count(value) - half, count(value) + half, level);
  }

  /**
   * The guarantee of each report the estimate is based on.
   *
   * @return the oracle's guarantee
   */
  public Guarantee guarantee() {
    return oracle.guarantee();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("FrequencyEstimate{").append(oracle);
    sb.append(", n=").append(reports).append(", counts=[");
    for (int v = 0; v < counts.length && v < 20; v++) {
      sb.append(v == 0 ? "" : ", ")
          .append(String.format("%.1f±%.1f", counts[v], Math.sqrt(variances[v])));
    }
    return sb.append(counts.length > 20 ? ", …]}" : "]}").toString();
  }
}
