package io.privacity.dp.local;

import io.privacity.core.internal.Checks;

/**
 * A k-ary randomized response report: a value in 0..k−1.
 *
 * @param oracle the parameters (direct encoding)
 * @param value the reported value
 */
public record KrrReport(FrequencyOracle oracle, int value) implements LdpReport {
  /**
   * Validates the report.
   *
   * @param oracle the parameters, with protocol direct encoding
   * @param value the reported value, in [0, k)
   * @throws IllegalArgumentException if the oracle is null or of another protocol, or the value is
   *     out of range
   */
  public KrrReport {
    Checks.notNull("oracle", oracle);
    oracle.checkProtocol(FrequencyOracle.Protocol.DIRECT_ENCODING);
    oracle.checkValue(value);
  }
}
