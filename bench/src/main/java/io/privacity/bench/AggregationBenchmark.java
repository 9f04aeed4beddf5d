package io.privacity.bench;

import io.privacity.core.random.Randomness;
import io.privacity.dp.aggregate.Accumulator;
import io.privacity.dp.aggregate.AggregationResult;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.ContributionBounds;
import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A DP bounded sum with grouping over 10^7 smart-meter records (100,000 households × 100 readings,
 * 240 district-hour partitions), beside a plain {@link HashMap} sum of the same records. Both
 * report records per second ({@link OperationsPerInvocation} = 10^7). The DP path does per-unit
 * reservoirs, L0/L∞ bounding, clamping, exact integer sums, partition selection and noise.
 *
 * <p>Records are pre-generated in {@link Setup} as primitive arrays (time-major order, as readings
 * arrive), so only aggregation is measured. Household ids are numbers, so the DP path adds them
 * with {@link Accumulator#addByUnitId} (no boxing), as a meter platform would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class AggregationBenchmark {
  private static final int RECORDS = 10_000_000;
  private static final int HOUSEHOLDS = 100_000;
  private static final int DISTRICTS = 10;

  private int[] unit;
  private int[] partition;
  private double[] value;

  /** Generates the records with a fixed seed. */
  @Setup(Level.Trial)
  public void generate() {
    unit = new int[RECORDS];
    partition = new int[RECORDS];
    value = new double[RECORDS];
    SplittableRandom r = new SplittableRandom(42);
    int readingsPerHousehold = RECORDS / HOUSEHOLDS;
    int i = 0;
    for (int t = 0; t < readingsPerHousehold; t++) {
      int hour = (t / 2) % 24;
      for (int h = 0; h < HOUSEHOLDS; h++) {
        unit[i] = h;
        partition[i] = (h % DISTRICTS) * 24 + hour;
        value[i] = r.nextDouble() * 2.5;
        i++;
      }
    }
  }

  /**
   * DP sum per district-hour with per-household bounding (L0 = 24, L∞ = 6, values in [0, 5]) and
   * private partition selection.
   *
   * @return the released result
   */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public AggregationResult<Integer> boundedSumByPartition() {
    BoundedAggregation<Integer> sum =
        BoundedAggregation.<Integer>builder()
            .epsilon(1)
            .delta(1e-6)
            .contributionBounds(
                ContributionBounds.builder()
                    .maxPartitionsContributed(24)
                    .maxContributionsPerPartition(6)
                    .valueBounds(0, 5)
                    .build())
            .sum()
            .randomness(Randomness.secure())
            .build();
    Accumulator<Integer> acc = sum.newAccumulator();
    for (int i = 0; i < RECORDS; i++) {
      acc.addByUnitId(unit[i], partition[i], value[i]);
    }
    return sum.release(acc);
  }

  /**
   * Baseline: exact (non-private) sum per partition in a HashMap, no bounding.
   *
   * @return the sums
   */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public HashMap<Integer, Double> baselineHashMapSum() {
    HashMap<Integer, Double> sums = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      sums.merge(partition[i], value[i], Double::sum);
    }
    return sums;
  }
}
