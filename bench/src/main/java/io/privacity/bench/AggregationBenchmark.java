package io.privacity.bench;

import io.privacity.core.random.Randomness;
import io.privacity.dp.aggregate.Accumulator;
import io.privacity.dp.aggregate.AggregationResult;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.ContributionBounds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * Grouped DP aggregations with per-unit contribution bounding beside a plain {@link HashMap} of the
 * same records, two workloads (issues 4 and 22), each reporting records per second ({@link
 * OperationsPerInvocation} = the record count):
 *
 * <ul>
 *   <li>{@code boundedSumByPartition} vs {@code baselineHashMapSum}: a DP sum over 10^7 smart-meter
 *       records (100,000 households × 100 readings, 240 district-hour partitions), private
 *       partition selection.
 *   <li>{@code meterCountAndSum} vs {@code baselineHashMapCountSum}: the peer comparison of issue
 *       22 (bench/PEERS.md): DP count and sum over 10^6 meter records (10,000 meters × 100
 *       quarter-hour readings over 25 hours, so the first hour gets 8 readings and L∞ = 6 samples
 *       it; 1 meter in 100 alternates between two districts, so it reports in 48 partitions and L0
 *       = 24 samples them), 240 public partitions. The baseline is two {@code HashMap.merge} calls
 *       per record (count and sum), the idiom of {@code baselineHashMapSum}; {@code
 *       baselineHashMapCountSumHolder} (one map of mutable {count, sum} pairs) is reported beside
 *       it for reference.
 * </ul>
 *
 * <p>The DP path does per-unit reservoirs, uniformly random L0/L∞ bounding, clamping, exact integer
 * sums, partition selection or public partitions, and noise. Records are pre-generated in {@link
 * Setup} as primitive arrays (time-major order, as readings arrive), so only aggregation is
 * measured. Household ids and partition keys are numbers, so the DP path adds them with {@link
 * Accumulator#addByIds(long, int, double)} (neither is boxed), as a meter platform would.
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

  private static final int METER_RECORDS = 1_000_000;
  // Both workloads: L0 = 24 partitions, L∞ = 6 records per partition, values in [0, 5].
  private static final ContributionBounds BOUNDS =
      ContributionBounds.builder()
          .maxPartitionsContributed(24)
          .maxContributionsPerPartition(6)
          .valueBounds(0, 5)
          .build();
  private static final int METERS = 10_000;

  private int[] unit;
  private int[] partition;
  private double[] value;
  private int[] meterUnit;
  private int[] meterPartition;
  private double[] meterValue;
  private List<Integer> districtHours;

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
    generateMeters();
  }

  /** The issue-22 workload (see the class comment), with a fixed seed. */
  private void generateMeters() {
    meterUnit = new int[METER_RECORDS];
    meterPartition = new int[METER_RECORDS];
    meterValue = new double[METER_RECORDS];
    SplittableRandom r = new SplittableRandom(22);
    int i = 0;
    for (int t = 0; t < METER_RECORDS / METERS; t++) {
      int hour = (t / 4) % 24;
      for (int m = 0; m < METERS; m++) {
        int district = m % 100 == 0 ? (m + t) % DISTRICTS : m % DISTRICTS;
        meterUnit[i] = m;
        meterPartition[i] = district * 24 + hour;
        meterValue[i] = r.nextDouble() * 2.5;
        i++;
      }
    }
    districtHours = new ArrayList<>();
    for (int p = 0; p < DISTRICTS * 24; p++) {
      districtHours.add(p);
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
            .contributionBounds(BOUNDS)
            .sum()
            .randomness(Randomness.secure())
            .build();
    Accumulator<Integer> acc = sum.newAccumulator();
    for (int i = 0; i < RECORDS; i++) {
      acc.addByIds(unit[i], partition[i], value[i]);
    }
    return sum.release(acc);
  }

  /**
   * DP count and sum per district-hour (240 public partitions) with per-meter bounding (L0 = 24, L∞
   * = 6, values in [0, 5]): the issue-22 peer workload.
   *
   * @return the released result
   */
  @Benchmark
  @OperationsPerInvocation(METER_RECORDS)
  public AggregationResult<Integer> meterCountAndSum() {
    BoundedAggregation<Integer> agg =
        BoundedAggregation.<Integer>builder()
            .epsilon(1)
            .contributionBounds(BOUNDS)
            .count()
            .sum()
            .publicPartitions(districtHours)
            .randomness(Randomness.secure())
            .build();
    Accumulator<Integer> acc = agg.newAccumulator();
    for (int i = 0; i < METER_RECORDS; i++) {
      acc.addByIds(meterUnit[i], meterPartition[i], meterValue[i]);
    }
    return agg.release(acc);
  }

  /**
   * Baseline of {@code meterCountAndSum}: exact (non-private) count and sum per partition, two
   * {@code HashMap.merge} calls per record, no bounding.
   *
   * @return the sums (the counts are in the second map, kept alive by the first's use)
   */
  @Benchmark
  @OperationsPerInvocation(METER_RECORDS)
  public Object[] baselineHashMapCountSum() {
    HashMap<Integer, Long> counts = new HashMap<>();
    HashMap<Integer, Double> sums = new HashMap<>();
    for (int i = 0; i < METER_RECORDS; i++) {
      counts.merge(meterPartition[i], 1L, Long::sum);
      sums.merge(meterPartition[i], meterValue[i], Double::sum);
    }
    return new Object[] {counts, sums};
  }

  /**
   * Reference for {@code meterCountAndSum}: one map of mutable {count, sum} pairs (one lookup per
   * record instead of two), no bounding.
   *
   * @return the pairs
   */
  @Benchmark
  @OperationsPerInvocation(METER_RECORDS)
  public HashMap<Integer, double[]> baselineHashMapCountSumHolder() {
    HashMap<Integer, double[]> pairs = new HashMap<>();
    for (int i = 0; i < METER_RECORDS; i++) {
      double[] p = pairs.computeIfAbsent(meterPartition[i], k -> new double[2]);
      p[0]++;
      p[1] += meterValue[i];
    }
    return pairs;
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
