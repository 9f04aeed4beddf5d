package io.privacity.dp.local;

/**
 * The server half of k-ary randomized response (direct encoding): aggregates {@link KrrReport}s and
 * estimates each value's count without bias (Wang, Blocki, Li and Jha 2017), with the exact
 * variance of {@link FrequencyOracle#variance(long, double)} evaluated at the estimate. Refuses
 * reports of another protocol or other parameters. Thread-safe.
 */
public final class KrrServer extends SupportCountingServer {
  private KrrServer(FrequencyOracle oracle) {
    super(oracle, FrequencyOracle.Protocol.DIRECT_ENCODING, KrrReport.class);
  }

  /**
   * A server with no reports.
   *
   * @param oracle the parameters the devices use
   * @return the server
   * @throws IllegalArgumentException if the oracle is null or of another protocol
   */
  public static KrrServer of(FrequencyOracle oracle) {
    return new KrrServer(oracle);
  }

  @Override
  void accumulate(LdpReport report, long[] support) {
    support[((KrrReport) report).value()]++;
  }
}
