package io.privacity.dp.local;

import io.privacity.core.internal.Checks;

/** Counts, for each value, the reports that support it; estimates by (support − nq*)/(p* − q*). */
abstract class SupportCountingServer implements FrequencyAggregator {
  private final FrequencyOracle oracle;
  private final Class<? extends LdpReport> reportType;
  private final long[] support;
  private long n;

  SupportCountingServer(
      FrequencyOracle oracle,
      FrequencyOracle.Protocol protocol,
      Class<? extends LdpReport> reportType) {
    Checks.notNull("oracle", oracle).checkProtocol(protocol);
    this.oracle = oracle;
    this.reportType = reportType;
    this.support = new long[oracle.domainSize()];
  }

  /** Adds 1 to support[v] for every value v the report supports. */
  abstract void accumulate(LdpReport report, long[] support);

  @Override
  public final synchronized void add(LdpReport report) {
    Checks.notNull("report", report);
    if (!reportType.isInstance(report) || !report.oracle().equals(oracle)) {
      throw new IllegalArgumentException(
          "report must come from "
              + oracle
              + ", got a "
              + report.getClass().getSimpleName()
              + " from "
              + report.oracle());
    }
    accumulate(report, support);
    n++;
  }

  @Override
  public final synchronized long reports() {
    return n;
  }

  @Override
  public final synchronized FrequencyEstimate estimate() {
    double p = oracle.supportProbability();
    double q = oracle.falseSupportProbability();
    double[] counts = new double[support.length];
    double[] variances = new double[support.length];
    for (int v = 0; v < support.length; v++) {
      counts[v] = (support[v] - n * q) / (p - q);
      // Plug-in variance: the exact formula at the estimate clamped to [0, n].
      variances[v] = oracle.variance(n, Math.max(0, Math.min(n, counts[v])));
    }
    return new FrequencyEstimate(oracle, n, counts, variances);
  }

  @Override
  public final FrequencyOracle oracle() {
    return oracle;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + oracle + ", n=" + reports() + "}";
  }
}
