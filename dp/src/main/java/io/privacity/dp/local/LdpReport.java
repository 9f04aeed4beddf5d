package io.privacity.dp.local;

/**
 * One device's randomized report. It reveals nothing beyond what ε-local DP allows about the
 * device's value, and names the {@link FrequencyOracle} it was made for so that a server refuses
 * reports of another protocol or other parameters.
 */
public sealed interface LdpReport permits KrrReport, OueReport, OlhReport {
  /**
   * The parameters this report was made with.
   *
   * @return the oracle
   */
  FrequencyOracle oracle();
}
