package io.privacity.dp.local;

/**
 * The device half of a local-DP protocol: turns the device's value into a randomized report.
 * Implementations never keep or send the value.
 *
 * @param <R> the report type
 */
public interface LocalRandomizer<R extends LdpReport> {
  /**
   * Randomizes one value.
   *
   * @param value the device's value, in [0, k)
   * @return the report (ε-local DP)
   * @throws IllegalArgumentException if the value is out of range
   */
  R randomize(int value);

  /**
   * The parameters.
   *
   * @return the oracle
   */
  FrequencyOracle oracle();
}
