package io.privacity.bench;

import java.util.Arrays;

/**
 * Entry point of {@code bench/target/benchmarks.jar}: with {@code report} as first argument it runs
 * {@link Report}; otherwise it hands every argument to JMH ({@code org.openjdk.jmh.Main}).
 */
public final class BenchMain {
  private BenchMain() {}

  /**
   * Runs JMH or the report.
   *
   * @param args JMH's arguments, or {@code report} followed by {@link Report}'s arguments
   * @throws Exception whatever JMH throws
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("report")) {
      System.exit(Report.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    org.openjdk.jmh.Main.main(args);
  }
}
