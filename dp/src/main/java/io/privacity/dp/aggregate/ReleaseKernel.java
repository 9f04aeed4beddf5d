package io.privacity.dp.aggregate;

import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The data-independent arithmetic of one {@link BoundedAggregation}, for engines that compute a
 * release on other machines (the {@code privacity-spark} module): value clamping, the integer
 * lattice encoding of kept records into exact per-partition sums, the uniform choice of at most L0
 * partitions per unit, and — bound to a randomness on the machine that draws it — partition
 * selection and the noisy statistics. Obtained from {@link DistributedRelease#kernel()}.
 *
 * <p>A partition's pre-noise state is a {@code long[]} of {@link #stateLength()} exact sums (units,
 * count, sum, normalized sum, normalized sum of squares, then the 1024-bucket histogram when
 * quantiles are released): states merge by exact addition ({@link #merge}), so any merge tree on
 * any machines gives the same sums. The encoding is the one {@link Accumulator} uses, so the same
 * kept records give the same states on one machine and on many.
 *
 * <h2>Caller obligations (the engine's)</h2>
 *
 * <p>The guarantee of {@code docs/proofs/aggregation.md} holds only if the engine does what an
 * {@link Accumulator} does: every record of one privacy unit reaches one place before the unit is
 * bounded; each unit contributes to at most {@link #maxPartitionsContributed()} partitions (choose
 * them with {@link #keptPartitions}) and, in each, {@link #addUnit} once with at most {@link
 * #maxContributionsPerPartition()} uniformly sampled records; each partition's state is noised
 * once. {@link #addUnit} enforces the per-partition limit and clamps values itself, so a faulty
 * engine cannot exceed L∞ or the value bounds; the L0 limit and "once per unit" are the engine's.
 *
 * <p>Serializable (the parameters only; the lattice is rebuilt where the kernel is used, and
 * checked against the driver's, so mismatched library versions on driver and executors fail instead
 * of releasing inconsistent sums). Immutable and thread-safe.
 *
 * @serial exclude
 */
public final class ReleaseKernel implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int UNITS = 0;
  private static final int COUNT = 1;
  private static final int SUM = 2;
  private static final int NORM = 3;
  private static final int SQ = 4;
  private static final int HIST = 5;

  private final int l0;
  private final int linf;
  private final double lower;
  private final double upper;
  private final boolean count;
  private final boolean sum;
  private final boolean mean;
  private final boolean variance;
  private final double[] ranks;
  private final double level;
  private final double selectionEpsilon;
  private final double measurementEpsilon;
  private final double delta;
  private final boolean selects;
  private final boolean ungrouped;
  private final String descriptor;
  private transient volatile Plan plan;

  ReleaseKernel(
      ContributionBounds bounds,
      boolean[] statistics,
      List<Double> ranks,
      double level,
      double selectionEpsilon,
      double measurementEpsilon,
      double delta,
      boolean selects,
      boolean ungrouped,
      Plan plan) {
    this.l0 = bounds.maxPartitionsContributed();
    this.linf = bounds.maxContributionsPerPartition();
    this.lower = bounds.lower();
    this.upper = bounds.upper();
    this.count = statistics[0];
    this.sum = statistics[1];
    this.mean = statistics[2];
    this.variance = statistics[3];
    this.ranks = ranks.stream().mapToDouble(Double::doubleValue).toArray();
    this.level = level;
    this.selectionEpsilon = selectionEpsilon;
    this.measurementEpsilon = measurementEpsilon;
    this.delta = delta;
    this.selects = selects;
    this.ungrouped = ungrouped;
    this.descriptor = plan.descriptor;
    this.plan = plan;
  }

  private ContributionBounds bounds() {
    ContributionBounds.Builder b =
        ContributionBounds.builder()
            .maxPartitionsContributed(l0)
            .maxContributionsPerPartition(linf);
    if (!Double.isNaN(lower)) {
      b.valueBounds(lower, upper);
    }
    return b.build();
  }

  /** The lattice, rebuilt from the parameters on first use where the kernel was deserialized. */
  private Plan plan() {
    Plan p = plan;
    if (p == null) {
      p =
          new Plan(
              bounds(),
              sum,
              mean || variance,
              variance,
              ranks.length > 0,
              measurementEpsilon,
              measurementEpsilon,
              measurementEpsilon,
              ranks(),
              ungrouped);
      if (!p.descriptor.equals(descriptor)) {
        throw new IllegalStateException(
            "the aggregation's lattice differs on this machine (["
                + p.descriptor
                + "] vs the driver's ["
                + descriptor
                + "]): run the same privacity-dp version on the driver and the executors");
      }
      plan = p;
    }
    return p;
  }

  /**
   * L0: the most partitions one unit contributes to.
   *
   * @return L0
   */
  public int maxPartitionsContributed() {
    return l0;
  }

  /**
   * L∞: the most records one unit contributes to one partition.
   *
   * @return L∞
   */
  public int maxContributionsPerPartition() {
    return linf;
  }

  /**
   * Whether records carry values (sum, mean, variance or quantiles); false for count-only.
   *
   * @return true if values are used
   */
  public boolean needsValues() {
    return plan().values;
  }

  /**
   * A value clamped to the value bounds (returned unchanged by count-only aggregations).
   *
   * @param value a finite value
   * @return the clamped value
   */
  public double clamp(double value) {
    Plan p = plan();
    return p.values ? p.clamp(value) : value;
  }

  /**
   * Whether the count is released.
   *
   * @return true if so
   */
  public boolean releasesCount() {
    return count;
  }

  /**
   * Whether the sum is released.
   *
   * @return true if so
   */
  public boolean releasesSum() {
    return sum;
  }

  /**
   * Whether the mean is released.
   *
   * @return true if so
   */
  public boolean releasesMean() {
    return mean;
  }

  /**
   * Whether the variance is released.
   *
   * @return true if so
   */
  public boolean releasesVariance() {
    return variance;
  }

  /**
   * The ranks of the released quantiles, in order.
   *
   * @return an immutable list, empty if none
   */
  public List<Double> ranks() {
    return Arrays.stream(ranks).boxed().toList();
  }

  /**
   * Whether partitions are selected privately (false with public partitions or ungrouped).
   *
   * @return true if {@link Noise#selects} must be consulted
   */
  public boolean selectsPartitions() {
    return selects;
  }

  /**
   * Whether the aggregation is ungrouped (one implicit partition: the whole dataset).
   *
   * @return true if ungrouped
   */
  public boolean ungrouped() {
    return ungrouped;
  }

  /**
   * The number of longs in a partition state.
   *
   * @return the state length
   */
  public int stateLength() {
    return HIST + (plan().wantHist ? Plan.HISTOGRAM_BUCKETS : 0);
  }

  /**
   * An empty partition state (all zeros): the state of a public partition no unit contributed to.
   *
   * @return a new state
   */
  public long[] newState() {
    return new long[stateLength()];
  }

  /**
   * Adds one unit's kept records in one partition to that partition's state: one more unit, {@code
   * kept} more records and their encoded values.
   *
   * @param state the partition's state
   * @param kept the unit's kept records there, in [1, L∞]: min(records seen, L∞)
   * @param values the kept values (each clamped again here), or null for count-only aggregations
   * @param offset where the kept values start in {@code values}
   * @throws IllegalArgumentException if kept is outside [1, L∞], the state has the wrong length, or
   *     values are missing or short
   * @throws ArithmeticException if a sum overflows a long
   */
  public void addUnit(long[] state, int kept, double[] values, int offset) {
    Plan p = plan();
    checkState(state);
    Checks.inRange("kept", kept, 1, linf);
    state[UNITS] = Math.addExact(state[UNITS], 1);
    state[COUNT] = Math.addExact(state[COUNT], kept);
    if (!p.values) {
      return;
    }
    Checks.notNull("values", values);
    if (offset < 0 || offset > values.length - kept) {
      throw new IllegalArgumentException(
          "values must hold kept=" + kept + " values from offset " + offset);
    }
    for (int i = offset; i < offset + kept; i++) {
      double v = p.clamp(values[i]);
      if (p.wantSum) {
        state[SUM] = Math.addExact(state[SUM], p.sumUnits(v));
      }
      if (p.wantNorm) {
        state[NORM] = Math.addExact(state[NORM], p.normUnits(v));
      }
      if (p.wantSq) {
        state[SQ] = Math.addExact(state[SQ], p.sqUnits(v));
      }
      if (p.wantHist) {
        state[HIST + p.bucket(v)]++;
      }
    }
  }

  /**
   * Adds {@code from} into {@code into}, exactly.
   *
   * @param into the state to add to
   * @param from the state added
   * @throws IllegalArgumentException if a state has the wrong length
   * @throws ArithmeticException if a sum overflows a long
   */
  public void merge(long[] into, long[] from) {
    checkState(into);
    checkState(from);
    for (int i = 0; i < into.length; i++) {
      into[i] = Math.addExact(into[i], from[i]);
    }
  }

  private void checkState(long[] state) {
    Checks.notNull("state", state);
    if (state.length != stateLength()) {
      throw new IllegalArgumentException(
          "state must have " + stateLength() + " longs, got " + state.length);
    }
  }

  /**
   * The indices of the partitions one unit keeps: all of {@code 0..partitions−1} if there are at
   * most L0, otherwise a uniformly random L0-subset (partial Fisher–Yates shuffle). Index {@code i}
   * refers to the unit's i-th partition in any order the engine fixes.
   *
   * @param partitions the number of distinct partitions of the unit, ≥ 1
   * @param randomness the randomness (drawn from only when partitions &gt; L0)
   * @return the kept indices
   * @throws IllegalArgumentException if partitions &lt; 1 or randomness is null
   */
  public int[] keptPartitions(int partitions, Randomness randomness) {
    Checks.positive("partitions", partitions);
    Checks.notNull("randomness", randomness);
    int[] order = new int[partitions];
    Arrays.setAll(order, i -> i);
    int keep = Math.min(partitions, l0);
    for (int i = 0; i < keep && keep < partitions; i++) {
      int j = i + randomness.nextInt(partitions - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return Arrays.copyOf(order, keep);
  }

  /**
   * Partition selection and the noisy statistics, drawing from {@code randomness}: build one per
   * task (thread) on the machine that draws the noise.
   *
   * @param randomness the randomness for selection and noise, not null
   * @return the noise of this aggregation
   */
  public Noise noise(Randomness randomness) {
    Checks.notNull("randomness", randomness);
    Plan p = plan();
    Measurements m =
        new Measurements(
            p,
            bounds(),
            new boolean[] {count, sum, mean, variance},
            ranks(),
            level,
            measurementEpsilon,
            randomness);
    PartitionSelection s =
        selects ? new PartitionSelection(selectionEpsilon, delta, l0, randomness) : null;
    return new Noise(this, p, m, s);
  }

  @Override
  public String toString() {
    return "ReleaseKernel[" + descriptor + "]";
  }

  /**
   * Selection and noise of one aggregation, bound to one randomness. Not thread-safe if the
   * randomness is not.
   */
  public static final class Noise {
    private final ReleaseKernel kernel;
    private final Plan plan;
    private final Measurements measurements;
    private final PartitionSelection selection;

    private Noise(ReleaseKernel k, Plan p, Measurements m, PartitionSelection s) {
      this.kernel = k;
      this.plan = p;
      this.measurements = m;
      this.selection = s;
    }

    /**
     * Whether private partition selection releases a partition with this state: its number of
     * distinct units plus discrete Laplace noise reaches the threshold τ (noise drawn here). Always
     * true with public partitions or ungrouped (nothing drawn).
     *
     * @param state the partition's merged state
     * @return whether the partition is released
     */
    public boolean selects(long[] state) {
      kernel.checkState(state);
      return selection == null || selection.selects(state[UNITS]);
    }

    /**
     * The released statistics of a partition: noise drawn here, once per measurement.
     *
     * @param key the partition key (carried into the result)
     * @param state the partition's merged state (zeros for an empty public partition)
     * @param <K> the key type
     * @return the released statistics with their guarantees and intervals
     */
    public <K> PartitionResult<K> release(K key, long[] state) {
      kernel.checkState(state);
      PartitionState s = new PartitionState(plan);
      s.units = state[UNITS];
      s.count = state[COUNT];
      s.sum = state[SUM];
      s.norm = state[NORM];
      s.sq = state[SQ];
      if (s.hist != null) {
        System.arraycopy(state, HIST, s.hist, 0, s.hist.length);
      }
      return measurements.noisy(key, s);
    }
  }
}
