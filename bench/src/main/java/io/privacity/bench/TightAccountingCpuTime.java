package io.privacity.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * One-core CPU time of {@link TightAccountingBenchmark}'s queries, measured with the thread's CPU
 * clock (not wall time, which a loaded machine inflates): for each number of distinct descriptions,
 * the best of five PLD queries from scratch after two warm-up ones, and the Rényi baseline's, with
 * both ε. The target is PLD ≤ 1 s of one core's CPU time.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.privacity.bench.TightAccountingCpuTime
 * [distinct…]} (default 16 256 1024 10000).
 */
public final class TightAccountingCpuTime {
  private TightAccountingCpuTime() {}

  /**
   * Prints one line per case.
   *
   * @param args numbers of distinct descriptions
   */
  public static void main(String[] args) {
    int[] cases = {16, 256, 1024, 10_000};
    if (args.length > 0) {
      cases = new int[args.length];
      for (int i = 0; i < args.length; i++) {
        cases[i] = Integer.parseInt(args[i]);
      }
    }
    ThreadMXBean clock = ManagementFactory.getThreadMXBean();
    for (int distinct : cases) {
      TightAccountingBenchmark b = new TightAccountingBenchmark();
      b.record(distinct);
      double pld = 0;
      double rdp = 0;
      long bestPld = Long.MAX_VALUE;
      long bestRdp = Long.MAX_VALUE;
      for (int i = 0; i < 7; i++) {
        long t0 = clock.getCurrentThreadCpuTime();
        pld = b.pldQuery();
        long t1 = clock.getCurrentThreadCpuTime();
        rdp = b.baselineRdpQuery();
        long t2 = clock.getCurrentThreadCpuTime();
        if (i >= 2) {
          bestPld = Math.min(bestPld, t1 - t0);
          bestRdp = Math.min(bestRdp, t2 - t1);
        }
      }
      System.out.printf(
          "distinct=%d pld: %.1f ms CPU (eps %.4f)  rdp: %.1f ms CPU (eps %.4f)  ratio rdp/pld %.4f%n",
          distinct, bestPld / 1e6, pld, bestRdp / 1e6, rdp, (double) bestRdp / bestPld);
    }
  }
}
