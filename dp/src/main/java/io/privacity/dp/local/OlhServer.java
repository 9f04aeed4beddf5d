package io.privacity.dp.local;

/**
 * The server half of optimized local hashing: aggregates {@link OlhReport}s and estimates each
 * value's count without bias (Wang, Blocki, Li and Jha 2017), with the exact variance of {@link
 * FrequencyOracle#variance(long, double)} evaluated at the estimate. Refuses reports of another
 * protocol or other parameters. Thread-safe.
 */
public final class OlhServer extends SupportCountingServer {
  private OlhServer(FrequencyOracle oracle) {
    super(oracle, FrequencyOracle.Protocol.OPTIMIZED_LOCAL_HASHING, OlhReport.class);
  }

  /**
   * A server with no reports.
   *
   * @param oracle the parameters the devices use
   * @return the server
   * @throws IllegalArgumentException if the oracle is null or of another protocol
   */
  public static OlhServer of(FrequencyOracle oracle) {
    return new OlhServer(oracle);
  }

  @Override
  void accumulate(LdpReport report, long[] support) {
    OlhReport r = (OlhReport) report;
    int k = support.length;
    int[] hashes = new int[k];
    new SeededHash(r.seed(), oracle().hashRange()).hashAll(k, hashes);
    for (int v = 0; v < k; v++) {
      if (hashes[v] == r.bucket()) {
        support[v]++;
      }
    }
  }
}
