package io.privacity.dp.local;

import io.privacity.core.internal.Checks;

/**
 * An optimized-local-hashing report: the seed of the hash function the device drew, and a
 * randomized bucket in 0..g−1.
 *
 * @param oracle the parameters (OLH)
 * @param seed the 64-bit hash seed
 * @param bucket the reported bucket, in [0, g)
 */
public record OlhReport(FrequencyOracle oracle, long seed, int bucket) implements LdpReport {
  /**
   * Validates the report.
   *
   * @param oracle the parameters, with protocol OLH
   * @param seed the hash seed
   * @param bucket the bucket, in [0, g)
   * @throws IllegalArgumentException if the oracle is null or of another protocol, or the bucket is
   *     out of range
   */
  public OlhReport {
    Checks.notNull("oracle", oracle);
    oracle.checkProtocol(FrequencyOracle.Protocol.OPTIMIZED_LOCAL_HASHING);
    Checks.inRange("bucket", bucket, 0, oracle.hashRange() - 1L);
  }
}
