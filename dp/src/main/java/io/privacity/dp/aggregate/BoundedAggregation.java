package io.privacity.dp.aggregate;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.Descriptions;
import io.privacity.dp.mechanism.DiscreteLaplaceMechanism;
import io.privacity.dp.mechanism.ExponentialMechanism;
import io.privacity.dp.mechanism.Guarantee;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A differentially private group-by aggregation — count, sum, mean, variance and quantiles per
 * partition — with per-unit contribution bounding and private partition selection.
 *
 * <pre>{@code
 * BoundedAggregation<String> q = BoundedAggregation.<String>builder()
 *     .epsilon(1).delta(1e-6)
 *     .contributionBounds(ContributionBounds.builder()
 *         .maxPartitionsContributed(4).maxContributionsPerPartition(2)
 *         .valueBounds(0, 5).build())
 *     .count().sum().mean()
 *     .build();
 * Accumulator<String> acc = q.newAccumulator();
 * acc.add(householdId, district, kWh);              // for every record, in any order
 * AggregationResult<String> r = q.release(acc);      // once
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>The privacy unit is the unit id passed with each record (a household, a card, a bike); two
 * inputs are neighbours if one has all records of one extra unit. Given the caller obligations
 * below, one {@link #release} is <b>(ε, δ)-DP</b> for that relation with private partition
 * selection, and <b>ε-DP</b> (δ = 0) with {@link Builder#publicPartitions public partitions}:
 *
 * <ul>
 *   <li><b>Bounding.</b> A unit keeps a uniformly random subset of at most L0 of its partitions
 *       and, in each, of at most L∞ records (reservoir sampling); values are clamped to [lower,
 *       upper].
 *   <li><b>Noise.</b> ε is split: half to partition selection (if keys are not public), the rest
 *       equally among the measurements — the count (needed by count, mean, variance), the sum, the
 *       normalized sum Σ(x − mid) (mean, variance), the normalized sum of squares (variance) and
 *       each quantile. Each count/sum measurement adds exact discrete Laplace noise on an integer
 *       lattice with L1 sensitivity L0·L∞·(largest per-record magnitude) to every partition, which
 *       is ε_m-DP for the whole vector of partitions. Each quantile runs the exponential mechanism
 *       (permute-and-flip) per partition over the 1025 edges of a fixed 1024-bucket grid of [lower,
 *       upper], with rank utility −|#{x &lt; c} − q·n| (sensitivity L∞) at ε_m/L0, so the ≤ L0
 *       partitions a unit touches compose to ε_m.
 *   <li><b>Partition selection</b> (Laplace thresholding, as in Google's library and Wilson et al.
 *       2020): the number of distinct units of each non-empty partition gets discrete Laplace noise
 *       of scale t ≥ L0/ε_sel, and the partition is released iff the noisy count is at least τ. The
 *       threshold τ is the smallest integer with 1 − (1 − P(Z ≥ τ − 1))^L0 ≤ δ, computed from the
 *       exact discrete tail P(Z ≥ m) = q^m/(1+q), q = e^(−1/t): a unit alone in up to L0 partitions
 *       makes any of them appear with probability at most δ. A partition with τ units is released
 *       with probability about ½; the result says so ({@link
 *       AggregationResult#selectionThreshold()}, {@link AggregationResult#warnings()}) when few or
 *       no partitions were released.
 *   <li>Composition of all parts gives (ε, δ); derivation in {@code docs/proofs/aggregation.md}.
 * </ul>
 *
 * <h2>Results</h2>
 *
 * <p>Each statistic is a {@link DpValue} — counts a {@link DpCount}, whose value and interval ends
 * are integers — with the noisy value, its {@link Guarantee} and a confidence interval at the
 * configured level: exact discrete-Laplace tails for count and sum, an exact test inversion for the
 * mean (coverage ≥ level), a union bound (coverage ≥ level, conservative) for the variance, none
 * for quantiles. Mean is clamped to [lower, upper], variance to [0, ((upper − lower)/2)^2]. The
 * sum's interval covers the sum of the clamped values rounded to the lattice g_s (≤ 2^−29 of
 * max(|lower|, |upper|)); it differs from the exact sum of clamped values by at most n·g_s/2.
 *
 * <h2>Statistics of the whole dataset</h2>
 *
 * <p>{@link Builder#ungrouped()} releases a count, sum, mean, variance or quantiles over all
 * records without a partition key ({@link Accumulator#addToTotal}, {@link
 * AggregationResult#total()}): pure ε-DP, no selection.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>All records of one unit go to one {@link Accumulator} (shard by unit; see there). Merging
 *       the same shard twice is refused ({@link DuplicateShardException}).
 *   <li>Bounds, ranks and public partitions must not depend on the private data.
 * </ul>
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>Values are rounded to power-of-two lattices chosen from the parameters only, summed as exact
 * longs, and noised by exact integer samplers ({@link DiscreteLaplaceMechanism}, {@link
 * ExponentialMechanism}); no floating-point noise is released.
 *
 * <p><b>Single use:</b> {@link #release} succeeds once; a second call throws {@link
 * IllegalStateException}, so a budget cannot be silently spent twice. The accountant (if any) is
 * charged (ε, δ) before any noise is drawn; a refused charge draws nothing and the aggregation can
 * be released later. The release is then appended to the {@link TransparencyLedger} (if any).
 *
 * <p>Thread-safe; accumulators are not (see {@link Accumulator}).
 *
 * <h2>Citations</h2>
 *
 * <ul>
 *   <li>R. Wilson, C. Zhang, W. Lam, D. Desfontaines, D. Simmons-Marengo, B. Gipson. Differentially
 *       Private SQL with Bounded User Contribution. PoPETs 2020.
 *   <li>D. Desfontaines, J. Voss, B. Gipson, C. Mandayam. Differentially private partition
 *       selection. PoPETs 2022.
 *   <li>J. Vitter. Random Sampling with a Reservoir. ACM TOMS 1985.
 *   <li>A. Smith. Privacy-preserving statistical estimation with optimal convergence rates. STOC
 *       2011 (exponential mechanism for quantiles).
 *   <li>R. McKenna, D. Sheldon. Permute-and-Flip. NeurIPS 2020.
 *   <li>Google differential-privacy library: BoundedMean (normalized sum), BoundedVariance.
 * </ul>
 *
 * @param <K> the partition key type
 */
public final class BoundedAggregation<K> {
  private final String name;
  private final double epsilon;
  private final double delta;
  private final ContributionBounds bounds;
  private final Set<K> publicPartitions;
  private final double level;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final TransparencyLedger ledger;
  private final Plan plan;
  private final double selectionEpsilon;
  private final double measurementEpsilon;
  private final PartitionSelection selection;
  private final Measurements measurements;
  private final boolean ungrouped;
  private final Guarantee guarantee;
  private final ReleaseKernel kernel;
  private final AtomicBoolean released = new AtomicBoolean();

  private BoundedAggregation(Builder<K> b) {
    this.name = b.name;
    this.epsilon = b.epsilon;
    this.bounds = b.bounds;
    boolean count = b.count;
    boolean sum = b.sum;
    boolean mean = b.mean;
    boolean variance = b.variance;
    List<Double> ranks = List.copyOf(b.ranks);
    this.ungrouped = b.ungrouped;
    this.publicPartitions =
        ungrouped
            ? Set.of(BoundedAggregation.<K>total())
            : b.publicPartitions == null ? null : Collections.unmodifiableSet(b.publicPartitions);
    this.delta = publicPartitions == null ? b.delta : 0;
    this.level = b.level;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
    this.ledger = b.ledger;
    boolean needCount = count || mean || variance;
    boolean needNorm = mean || variance;
    int measured =
        (needCount ? 1 : 0)
            + (sum ? 1 : 0)
            + (needNorm ? 1 : 0)
            + (variance ? 1 : 0)
            + ranks.size();
    this.selectionEpsilon = publicPartitions == null ? epsilon / 2 : 0;
    this.measurementEpsilon = (epsilon - selectionEpsilon) / measured;
    this.plan =
        new Plan(
            bounds,
            sum,
            needNorm,
            variance,
            !ranks.isEmpty(),
            measurementEpsilon,
            measurementEpsilon,
            measurementEpsilon,
            ranks,
            ungrouped);
    this.measurements =
        new Measurements(
            plan,
            bounds,
            new boolean[] {count, sum, mean, variance},
            ranks,
            level,
            measurementEpsilon,
            randomness);
    this.selection =
        publicPartitions == null
            ? new PartitionSelection(
                selectionEpsilon, delta, bounds.maxPartitionsContributed(), randomness)
            : null;
    this.guarantee = releaseGuarantee();
    this.kernel =
        new ReleaseKernel(
            bounds,
            new boolean[] {count, sum, mean, variance},
            ranks,
            level,
            selectionEpsilon,
            measurementEpsilon,
            delta,
            selection != null,
            ungrouped,
            plan);
  }

  /** The one implicit partition of an ungrouped aggregation: a marker, printed as "total". */
  private static final Object TOTAL =
      new Object() {
        @Override
        public String toString() {
          return "total";
        }
      };

  @SuppressWarnings("unchecked")
  static <K> K total() {
    return (K) TOTAL;
  }

  private Guarantee releaseGuarantee() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("privacyUnit", "all records of one unit id (add/remove one unit)");
    p.put("maxPartitionsContributed", bounds.maxPartitionsContributed());
    p.put("maxContributionsPerPartition", bounds.maxContributionsPerPartition());
    if (bounds.hasValueBounds()) {
      p.put("lower", bounds.lower());
      p.put("upper", bounds.upper());
    }
    p.put("statistics", measurements.statistics());
    p.put("selectionEpsilon", selectionEpsilon);
    p.put("measurementEpsilon", measurementEpsilon);
    if (selection != null) {
      p.put("partitionSelection", "discrete Laplace thresholding of distinct-unit counts");
      p.put("selectionScale", selection.scale());
      p.put("selectionThreshold", selection.threshold());
      p.put("selectionDelta", selection.delta());
    } else if (ungrouped) {
      p.put("partitions", "none (ungrouped: the whole dataset)");
    } else {
      p.put("publicPartitions", publicPartitions.size());
    }
    p.put("confidenceLevel", level);
    PrivacyLoss stated =
        publicPartitions == null
            ? PrivacyLoss.approximate(epsilon, delta)
            : PrivacyLoss.pure(epsilon);
    // The charge describes the measurements (and the selection's generic (ε_s, δ)) so that Rényi
    // and PLD accounting compose their curves; basic, advanced and zCDP charge the stated loss.
    List<PrivacyLoss> parts = new ArrayList<>(measurements.descriptions());
    if (selection != null) {
      parts.add(PrivacyLoss.approximate(selectionEpsilon, delta));
    }
    return new Guarantee(
        name, Descriptions.calibrated(() -> PrivacyLoss.composition(parts), stated), p);
  }

  /**
   * A builder (required: epsilon, contribution bounds, at least one statistic, and delta unless
   * partitions are public).
   *
   * @param <K> the partition key type
   * @return a new builder
   */
  public static <K> Builder<K> builder() {
    return new Builder<>();
  }

  /**
   * A new, empty accumulator for one shard (see {@link Accumulator} for the shard-by-unit rule).
   *
   * @return the accumulator
   */
  public Accumulator<K> newAccumulator() {
    return new Accumulator<>(plan, publicPartitions, ungrouped, randomness);
  }

  /**
   * An accumulator restored from {@link Accumulator#toBytes} of an aggregation with the same
   * parameters.
   *
   * @param bytes the bytes, not null
   * @param codec decodes partition keys, not null
   * @return the accumulator
   * @throws IllegalArgumentException if the bytes are malformed (wrong magic, version or
   *     parameters, truncated, trailing bytes, inconsistent or out-of-range sums, duplicate keys)
   */
  public Accumulator<K> accumulatorFromBytes(byte[] bytes, PartitionCodec<K> codec) {
    Checks.notNull("bytes", bytes);
    Checks.notNull("codec", codec);
    Accumulator<K> a = newAccumulator();
    a.read(bytes, codec);
    return a;
  }

  /**
   * What one release guarantees: (ε, δ) (or ε with public partitions) w.r.t. adding or removing one
   * privacy unit, with bounds, ε split and selection threshold.
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return guarantee;
  }

  /**
   * The selection threshold τ on the noisy distinct-unit count: the smallest integer that meets δ
   * exactly (0 with public partitions or ungrouped). A partition needs τ units to be released with
   * probability ½ (see {@link AggregationResult#selectionThreshold()}).
   *
   * @return τ
   */
  public long selectionThreshold() {
    return selection == null ? 0 : selection.threshold();
  }

  /**
   * The exact δ of partition selection, ≤ the configured δ (0 with public partitions or ungrouped).
   *
   * @return the selection δ
   */
  public double selectionDelta() {
    return selection == null ? 0 : selection.delta();
  }

  /**
   * Releases the aggregate of {@code accumulator}: closes its open units, charges the accountant,
   * selects partitions (or takes the public ones), adds noise once, and records the release in the
   * ledger. Succeeds at most once per aggregation.
   *
   * @param accumulator an accumulator of this aggregation (or one with the same parameters)
   * @return the released partitions and the guarantee
   * @throws IllegalArgumentException if accumulator is null or belongs to a different aggregation
   * @throws IllegalStateException if this aggregation was already released
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   *     the charge; nothing is drawn and the aggregation stays unreleased
   */
  public AggregationResult<K> release(Accumulator<K> accumulator) {
    Checks.notNull("accumulator", accumulator);
    if (!accumulator.plan().descriptor.equals(plan.descriptor)) {
      throw new IllegalArgumentException("accumulator belongs to a different aggregation");
    }
    markReleased();
    accumulator.closeUnits();
    chargeOrUnmark();
    Map<K, PartitionState> states = accumulator.closedPartitions();
    Map<K, PartitionResult<K>> out = new HashMap<>();
    if (publicPartitions != null) {
      for (K key : publicPartitions) {
        PartitionState s = states.get(key);
        out.put(key, measurements.noisy(key, s == null ? new PartitionState(plan) : s));
      }
    } else {
      for (Map.Entry<K, PartitionState> e : states.entrySet()) {
        if (selection.selects(e.getValue().units)) {
          out.put(e.getKey(), measurements.noisy(e.getKey(), e.getValue()));
        }
      }
    }
    List<String> warnings = recordRelease(out.size());
    return ungrouped
        ? new AggregationResult<>(
            Map.of(), out.get(BoundedAggregation.<K>total()), guarantee, 0, warnings)
        : new AggregationResult<>(out, null, guarantee, selectionThreshold(), warnings);
  }

  /**
   * The driver's side of a release computed on other machines — the {@code privacity-spark}
   * module's {@code SparkAggregation} — with this aggregation's single use, charge and ledger
   * entry. Not for end users (see {@link DistributedRelease} and {@link ReleaseKernel} for the
   * engine's obligations).
   *
   * @return the distributed release
   * @throws IllegalStateException if this aggregation was already released
   */
  public DistributedRelease<K> distributedRelease() {
    if (released.get()) {
      throw new IllegalStateException("this aggregation was already released (single use)");
    }
    return new DistributedRelease<>(this, kernel);
  }

  Set<K> publicPartitionsOrNull() {
    return publicPartitions;
  }

  Randomness randomness() {
    return randomness;
  }

  boolean canCharge() {
    return !released.get() && (accountant == null || accountant.canCharge(guarantee.loss()));
  }

  /** Single use, then the charge; a refused charge leaves the aggregation unreleased. */
  void markReleasedAndCharge() {
    markReleased();
    chargeOrUnmark();
  }

  private void markReleased() {
    if (!released.compareAndSet(false, true)) {
      throw new IllegalStateException("this aggregation was already released (single use)");
    }
  }

  private void chargeOrUnmark() {
    if (accountant != null) {
      try {
        accountant.charge(name, guarantee.loss());
      } catch (RuntimeException e) {
        released.set(false);
        throw e;
      }
    }
  }

  /** The warnings of a release of that many partitions, and its ledger entry (if any). */
  List<String> recordRelease(int partitionsReleased) {
    List<String> warnings = selection == null ? List.of() : selection.warnings(partitionsReleased);
    if (ledger != null) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("guarantee", guarantee.toJson());
      details.put("partitionsReleased", ungrouped ? "total" : Integer.toString(partitionsReleased));
      if (!warnings.isEmpty()) {
        details.put("warnings", String.join(" ", warnings));
      }
      ledger.append(
          LedgerEventType.RELEASE,
          name
              + (ungrouped
                  ? ": DP aggregation of the whole dataset"
                  : ": DP aggregation of " + partitionsReleased + " partitions"),
          details);
    }
    return warnings;
  }

  @Override
  public String toString() {
    return "BoundedAggregation{" + guarantee.toJson() + "}";
  }

  /**
   * Builds a {@link BoundedAggregation}; setters validate at once, {@link #build()} checks
   * combinations.
   *
   * @param <K> the partition key type
   */
  public static final class Builder<K> {
    private String name = "BoundedAggregation";
    private double epsilon = Double.NaN;
    private double delta = Double.NaN;
    private ContributionBounds bounds;
    private boolean count;
    private boolean sum;
    private boolean mean;
    private boolean variance;
    private final List<Double> ranks = new ArrayList<>();
    private Set<K> publicPartitions;
    private boolean ungrouped;
    private double level = 0.95;
    private Randomness randomness = Randomness.secure();
    private PrivacyAccountant accountant;
    private TransparencyLedger ledger;

    private Builder() {}

    /**
     * A label for the accountant's charge and the ledger entry; defaults to "BoundedAggregation".
     *
     * @param name non-blank
     * @return this builder
     * @throws IllegalArgumentException if null or blank
     */
    public Builder<K> name(String name) {
      this.name = Checks.nonBlank("name", name);
      return this;
    }

    /**
     * The total ε of the release.
     *
     * @param epsilon finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if NaN, infinite or ≤ 0
     */
    public Builder<K> epsilon(double epsilon) {
      this.epsilon = Checks.positiveFinite("epsilon", epsilon);
      return this;
    }

    /**
     * The δ of partition selection: the probability bound of releasing a partition that one unit
     * alone makes appear. Required unless partitions are public (then unused).
     *
     * @param delta in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if not in (0, 1)
     */
    public Builder<K> delta(double delta) {
      this.delta = Checks.openUnit("delta", delta);
      return this;
    }

    /**
     * The per-unit contribution bounds.
     *
     * @param bounds not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder<K> contributionBounds(ContributionBounds bounds) {
      this.bounds = Checks.notNull("contributionBounds", bounds);
      return this;
    }

    /**
     * Release the number of bounded contributions per partition.
     *
     * @return this builder
     */
    public Builder<K> count() {
      this.count = true;
      return this;
    }

    /**
     * Release the sum of clamped values per partition.
     *
     * @return this builder
     */
    public Builder<K> sum() {
      this.sum = true;
      return this;
    }

    /**
     * Release the mean of clamped values (normalized-sum method).
     *
     * @return this builder
     */
    public Builder<K> mean() {
      this.mean = true;
      return this;
    }

    /**
     * Release the variance of clamped values.
     *
     * @return this builder
     */
    public Builder<K> variance() {
      this.variance = true;
      return this;
    }

    /**
     * Release quantiles of the clamped values at the given ranks (each costs one measurement).
     *
     * @param ranks each in [0, 1], at least one, at most 16
     * @return this builder
     * @throws IllegalArgumentException if null, empty, more than 16, or a rank is NaN or outside
     *     [0, 1]
     */
    public Builder<K> quantiles(double... ranks) {
      Checks.notNull("ranks", ranks);
      if (ranks.length == 0 || ranks.length > 16) {
        throw new IllegalArgumentException(
            "ranks must have between 1 and 16 entries, got " + ranks.length);
      }
      this.ranks.clear();
      for (double r : ranks) {
        if (!(r >= 0 && r <= 1)) {
          throw new IllegalArgumentException("rank must be in [0, 1], got " + r);
        }
        this.ranks.add(r);
      }
      return this;
    }

    /**
     * Public partitions: keys known in advance, independent of the data. Every one is released
     * (empty ones too), records of other keys are dropped, and no selection δ is spent.
     *
     * @param keys the keys, not null, non-empty, no null element; copied
     * @return this builder
     * @throws IllegalArgumentException if null, empty or holding null
     */
    public Builder<K> publicPartitions(Collection<? extends K> keys) {
      Checks.nonEmpty("publicPartitions", keys);
      Set<K> copy = new HashSet<>();
      for (K k : keys) {
        copy.add(Checks.notNull("publicPartitions element", k));
      }
      this.publicPartitions = copy;
      return this;
    }

    /**
     * Releases statistics of the whole dataset instead of per partition: a count, sum, mean,
     * variance or quantiles over all records, without inventing a partition key. Records are added
     * with {@link Accumulator#addToTotal(Object, double)} (or {@link
     * Accumulator#addToTotal(Object)} for counts, {@link Accumulator#addToTotalByUnitId(long,
     * double)} for numeric unit ids), and the statistics read from {@link
     * AggregationResult#total()}. There is no partition selection, so the release is pure ε-DP (no
     * δ). Each unit contributes at most L∞ records: set {@code maxPartitionsContributed(1)} in the
     * bounds (a larger L0 would only add noise).
     *
     * <pre>{@code
     * BoundedAggregation<Object> total = BoundedAggregation.builder()
     *     .epsilon(1)
     *     .contributionBounds(ContributionBounds.builder()
     *         .maxPartitionsContributed(1).maxContributionsPerPartition(48)
     *         .valueBounds(0, 5).build())
     *     .count().sum().mean()
     *     .ungrouped()
     *     .build();
     * Accumulator<Object> acc = total.newAccumulator();
     * acc.addToTotal(household, kWh);                    // for every record
     * DpValue meanKWh = total.release(acc).total().mean();
     * }</pre>
     *
     * @return this builder
     */
    public Builder<K> ungrouped() {
      this.ungrouped = true;
      return this;
    }

    /**
     * The level of the confidence intervals; defaults to 0.95.
     *
     * @param level in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if not in (0, 1)
     */
    public Builder<K> confidenceLevel(double level) {
      this.level = Checks.openUnit("confidenceLevel", level);
      return this;
    }

    /**
     * The randomness for noise and sampling; defaults to {@link Randomness#secure()}.
     *
     * @param randomness not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder<K> randomness(Randomness randomness) {
      this.randomness = Checks.notNull("randomness", randomness);
      return this;
    }

    /**
     * An accountant charged the release's loss before any noise is drawn; optional.
     *
     * @param accountant not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder<K> accountant(PrivacyAccountant accountant) {
      this.accountant = Checks.notNull("accountant", accountant);
      return this;
    }

    /**
     * A ledger that records each release with its guarantee; optional.
     *
     * @param ledger not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder<K> ledger(TransparencyLedger ledger) {
      this.ledger = Checks.notNull("ledger", ledger);
      return this;
    }

    /**
     * Builds the aggregation.
     *
     * @return the aggregation
     * @throws IllegalStateException if epsilon or the bounds are unset, no statistic is requested,
     *     value statistics lack value bounds, delta is unset without public partitions (and not
     *     ungrouped), or an ungrouped aggregation has public partitions or L0 &gt; 1
     * @throws IllegalArgumentException if the parameters give a noise scale beyond the samplers'
     *     range (e.g. an extremely small ε with huge contribution limits)
     */
    public BoundedAggregation<K> build() {
      Checks.state(!Double.isNaN(epsilon), "epsilon must be set");
      Checks.state(bounds != null, "contributionBounds must be set");
      Checks.state(
          count || sum || mean || variance || !ranks.isEmpty(),
          "at least one statistic (count, sum, mean, variance, quantiles) must be requested");
      Checks.state(
          bounds.hasValueBounds() || !(sum || mean || variance || !ranks.isEmpty()),
          "value statistics need contributionBounds with valueBounds(lower, upper)");
      Checks.state(
          !(ungrouped && publicPartitions != null),
          "an ungrouped aggregation has no partitions: do not set publicPartitions");
      Checks.state(
          !ungrouped || bounds.maxPartitionsContributed() == 1,
          "an ungrouped aggregation has one partition: set maxPartitionsContributed(1), got "
              + bounds.maxPartitionsContributed());
      Checks.state(
          ungrouped || publicPartitions != null || !Double.isNaN(delta),
          "delta must be set for private partition selection (or give publicPartitions, or"
              + " make the aggregation ungrouped)");
      return new BoundedAggregation<>(this);
    }
  }
}
