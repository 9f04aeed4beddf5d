package io.privacity.dp.local;

/**
 * The server half of optimized unary encoding: aggregates {@link OueReport}s and estimates each
 * value's count without bias (Wang, Blocki, Li and Jha 2017), with the exact variance of {@link
 * FrequencyOracle#variance(long, double)} evaluated at the estimate. Refuses reports of another
 * protocol or other parameters. Thread-safe.
 */
public final class OueServer extends SupportCountingServer {
  private OueServer(FrequencyOracle oracle) {
    super(oracle, FrequencyOracle.Protocol.OPTIMIZED_UNARY_ENCODING, OueReport.class);
  }

  /**
   * A server with no reports.
   *
   * @param oracle the parameters the devices use
   * @return the server
   * @throws IllegalArgumentException if the oracle is null or of another protocol
   */
  public static OueServer of(FrequencyOracle oracle) {
    return new OueServer(oracle);
  }

  @Override
  void accumulate(LdpReport report, long[] support) {
    long[] words = ((OueReport) report).words();
    for (int w = 0; w < words.length; w++) {
      for (long bits = words[w]; bits != 0; bits &= bits - 1) {
        support[(w << 6) + Long.numberOfTrailingZeros(bits)]++;
      }
    }
  }
}
