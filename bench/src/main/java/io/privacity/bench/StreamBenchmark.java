package io.privacity.bench;

import io.privacity.dp.stream.ContinualCounter;
import io.privacity.dp.stream.ContinualCounter.Algorithm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-event update cost of the continual counters ({@link ContinualCounter#next(long)}): the binary
 * tree mechanism (Honaker estimator, O(log T) per step, two noise draws per step on average) and
 * the hybrid mechanism, beside the naive counter that draws one noise value per step. All use the
 * default secure randomness. Targets in bench/targets.tsv.
 *
 * <p>Counters are rebuilt before each iteration with a horizon of 2^30 steps (L = 31 levels), more
 * than any iteration reaches.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamBenchmark {
  private static final long HORIZON = 1L << 30;

  private ContinualCounter tree;
  private ContinualCounter hybrid;
  private ContinualCounter naive;

  /** Fresh counters before each iteration. */
  @Setup(Level.Iteration)
  public void setUp() {
    tree = ContinualCounter.builder().epsilon(1).horizon(HORIZON).build();
    hybrid = ContinualCounter.builder().epsilon(1).unboundedHorizon().build();
    naive =
        ContinualCounter.builder()
            .epsilon(1)
            .horizon(HORIZON)
            .algorithm(Algorithm.NAIVE_NOISY_INCREMENTS)
            .build();
  }

  /**
   * One step of the binary tree mechanism.
   *
   * @return the released count
   */
  @Benchmark
  public long treeNext() {
    return tree.next(3);
  }

  /**
   * One step of the hybrid mechanism.
   *
   * @return the released count
   */
  @Benchmark
  public long hybridNext() {
    return hybrid.next(3);
  }

  /**
   * Baseline: one step of the naive counter (one noise draw on each increment).
   *
   * @return the released count
   */
  @Benchmark
  public long baselineNaiveNoisyIncrementsNext() {
    return naive.next(3);
  }
}
