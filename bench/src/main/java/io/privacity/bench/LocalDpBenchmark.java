package io.privacity.bench;

import io.privacity.dp.local.FrequencyOracle;
import io.privacity.dp.local.KrrClient;
import io.privacity.dp.local.KrrReport;
import io.privacity.dp.local.OlhClient;
import io.privacity.dp.local.OlhReport;
import io.privacity.dp.local.OlhServer;
import io.privacity.dp.local.OueClient;
import io.privacity.dp.local.OueReport;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Randomizations per second of the local-DP frequency oracles (k = 30 bus lines, ε = 1, default
 * secure randomness) on the device side, and OLH aggregation per report on the server side, beside
 * a bare {@link SplittableRandom#nextInt(int)} (the cost of drawing one non-private random value).
 * Targets in bench/targets.tsv.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocalDpBenchmark {
  private static final int K = 30;

  private KrrClient krr;
  private OueClient oue;
  private OlhClient olh;
  private OlhServer olhServer;
  private OlhReport olhReport;
  private SplittableRandom splittable;
  private int value;

  /** Clients, a server and a report to aggregate. */
  @Setup
  public void setUp() {
    krr = KrrClient.of(FrequencyOracle.directEncoding(K, 1));
    oue = OueClient.of(FrequencyOracle.optimizedUnaryEncoding(K, 1));
    FrequencyOracle o = FrequencyOracle.optimizedLocalHashing(K, 1);
    olh = OlhClient.of(o);
    olhServer = OlhServer.of(o);
    olhReport = olh.randomize(7);
    splittable = new SplittableRandom(1);
  }

  private int nextValue() {
    value = value == K - 1 ? 0 : value + 1;
    return value;
  }

  /**
   * One k-ary randomized response report.
   *
   * @return the report
   */
  @Benchmark
  public KrrReport krrRandomize() {
    return krr.randomize(nextValue());
  }

  /**
   * One optimized-unary-encoding report (30 bits).
   *
   * @return the report
   */
  @Benchmark
  public OueReport oueRandomize() {
    return oue.randomize(nextValue());
  }

  /**
   * One optimized-local-hashing report.
   *
   * @return the report
   */
  @Benchmark
  public OlhReport olhRandomize() {
    return olh.randomize(nextValue());
  }

  /**
   * Server side: aggregating one OLH report (hashes all 30 values).
   *
   * @return the number of reports so far
   */
  @Benchmark
  public long olhServerAdd() {
    olhServer.add(olhReport);
    return olhServer.reports();
  }

  /**
   * Baseline: one non-private uniform value.
   *
   * @return a value in [0, 30)
   */
  @Benchmark
  public int baselineSplittableRandomNextInt() {
    return splittable.nextInt(K);
  }
}
