package io.privacity.dp.aggregate;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.ConfidenceInterval;
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
 *       makes any of them appear with probability at most δ.
 *   <li>Composition of all parts gives (ε, δ); derivation in {@code docs/proofs/aggregation.md}.
 * </ul>
 *
 * <h2>Results</h2>
 *
 * <p>Each statistic is a {@link DpValue}: the noisy value, its {@link Guarantee} and a confidence
 * interval at the configured level: exact discrete-Laplace tails for count and sum, an exact test
 * inversion for the mean (coverage ≥ level), a union bound (coverage ≥ level, conservative) for the
 * variance, none for quantiles. Mean is clamped to [lower, upper], variance to [0, ((upper −
 * lower)/2)^2]. The sum's interval covers the sum of the clamped values rounded to the lattice g_s
 * (≤ 2^−29 of max(|lower|, |upper|)); it differs from the exact sum of clamped values by at most
 * n·g_s/2.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>All records of one unit go to one {@link Accumulator} (shard by unit; see there).
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
  private final boolean count;
  private final boolean sum;
  private final boolean mean;
  private final boolean variance;
  private final List<Double> ranks;
  private final Set<K> publicPartitions;
  private final double level;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final TransparencyLedger ledger;
  private final Plan plan;
  private final double selectionEpsilon;
  private final double measurementEpsilon;
  private final DiscreteLaplaceMechanism unitNoise;
  private final long threshold;
  private final double selectionDelta;
  private final DiscreteLaplaceMechanism countNoise;
  private final DiscreteLaplaceMechanism sumNoise;
  private final DiscreteLaplaceMechanism normNoise;
  private final DiscreteLaplaceMechanism sqNoise;
  private final ExponentialMechanism<Double> quantileMechanism;
  private final Guarantee guarantee;
  private final AtomicBoolean released = new AtomicBoolean();

  private BoundedAggregation(Builder<K> b) {
    this.name = b.name;
    this.epsilon = b.epsilon;
    this.bounds = b.bounds;
    this.count = b.count;
    this.sum = b.sum;
    this.mean = b.mean;
    this.variance = b.variance;
    this.ranks = List.copyOf(b.ranks);
    this.publicPartitions =
        b.publicPartitions == null ? null : Collections.unmodifiableSet(b.publicPartitions);
    this.delta = publicPartitions == null ? b.delta : 0;
    this.level = b.level;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
    this.ledger = b.ledger;
    boolean needCount = count || mean || variance;
    boolean needNorm = mean || variance;
    int measurements =
        (needCount ? 1 : 0)
            + (sum ? 1 : 0)
            + (needNorm ? 1 : 0)
            + (variance ? 1 : 0)
            + ranks.size();
    this.selectionEpsilon = publicPartitions == null ? epsilon / 2 : 0;
    this.measurementEpsilon = (epsilon - selectionEpsilon) / measurements;
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
            ranks);
    long contributions = plan.contributions();
    this.countNoise = needCount ? laplace(contributions) : null;
    this.sumNoise = sum ? laplace(plan.sumSensitivity()) : null;
    this.normNoise = needNorm ? laplace(plan.normSensitivity()) : null;
    this.sqNoise = variance ? laplace(plan.sqSensitivity()) : null;
    if (!ranks.isEmpty()) {
      List<Double> edges = new ArrayList<>();
      for (int j = 0; j <= Plan.HISTOGRAM_BUCKETS; j++) {
        edges.add(plan.edge(j));
      }
      this.quantileMechanism =
          ExponentialMechanism.builder(edges)
              .epsilon(measurementEpsilon / bounds.maxPartitionsContributed())
              .sensitivity(bounds.maxContributionsPerPartition())
              .randomness(randomness)
              .build();
    } else {
      this.quantileMechanism = null;
    }
    if (publicPartitions == null) {
      this.unitNoise =
          DiscreteLaplaceMechanism.builder()
              .epsilon(selectionEpsilon)
              .l1Sensitivity(bounds.maxPartitionsContributed())
              .randomness(randomness)
              .build();
      double t = unitNoise.scale();
      double q = Math.exp(-1 / t);
      int l0 = bounds.maxPartitionsContributed();
      // Union bound target per partition; the exact δ achieved is recomputed below.
      double perPartition = delta / l0;
      long m = (long) Math.ceil(t * Math.log(1 / (perPartition * (1 + q))) * (1 + 1e-12)) + 1;
      this.threshold = Math.max(2, m + 1);
      this.selectionDelta = selectionDelta(threshold, q, l0);
      if (!(selectionDelta <= delta)) {
        throw new IllegalStateException(
            "threshold computation failed: delta " + selectionDelta + " > " + delta);
      }
    } else {
      this.unitNoise = null;
      this.threshold = 0;
      this.selectionDelta = 0;
    }
    this.guarantee = releaseGuarantee();
  }

  /** 1 − (1 − P(Z ≥ τ − 1))^L0, with P(Z ≥ m) = q^m/(1+q), rounded upwards. */
  static double selectionDelta(long threshold, double q, int l0) {
    double p = Math.pow(q, threshold - 1) / (1 + q) * (1 + 1e-12);
    return Math.min(1, -Math.expm1(l0 * Math.log1p(-p)) * (1 + 1e-12));
  }

  private DiscreteLaplaceMechanism laplace(long sensitivity) {
    return DiscreteLaplaceMechanism.builder()
        .epsilon(measurementEpsilon)
        .l1Sensitivity(Math.max(1, sensitivity))
        .randomness(randomness)
        .build();
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
    p.put("statistics", statistics());
    p.put("selectionEpsilon", selectionEpsilon);
    p.put("measurementEpsilon", measurementEpsilon);
    if (publicPartitions == null) {
      p.put("partitionSelection", "discrete Laplace thresholding of distinct-unit counts");
      p.put("selectionScale", unitNoise.scale());
      p.put("selectionThreshold", threshold);
      p.put("selectionDelta", selectionDelta);
    } else {
      p.put("publicPartitions", publicPartitions.size());
    }
    p.put("confidenceLevel", level);
    PrivacyLoss loss =
        publicPartitions == null
            ? PrivacyLoss.approximate(epsilon, delta)
            : PrivacyLoss.pure(epsilon);
    return new Guarantee(name, loss, p);
  }

  private List<String> statistics() {
    List<String> s = new ArrayList<>();
    if (count) {
      s.add("count");
    }
    if (sum) {
      s.add("sum");
    }
    if (mean) {
      s.add("mean");
    }
    if (variance) {
      s.add("variance");
    }
    for (double r : ranks) {
      s.add("quantile(" + r + ")");
    }
    return s;
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
    return new Accumulator<>(plan, publicPartitions, randomness);
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
   * The selection threshold τ on the noisy distinct-unit count (0 with public partitions).
   *
   * @return τ
   */
  public long selectionThreshold() {
    return threshold;
  }

  /**
   * The exact δ of partition selection, ≤ the configured δ (0 with public partitions).
   *
   * @return the selection δ
   */
  public double selectionDelta() {
    return selectionDelta;
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
    if (!released.compareAndSet(false, true)) {
      throw new IllegalStateException("this aggregation was already released (single use)");
    }
    accumulator.closeUnits();
    if (accountant != null) {
      try {
        accountant.charge(name, guarantee.loss());
      } catch (RuntimeException e) {
        released.set(false);
        throw e;
      }
    }
    Map<K, PartitionState> states = accumulator.closedPartitions();
    Map<K, PartitionResult<K>> out = new HashMap<>();
    if (publicPartitions != null) {
      for (K key : publicPartitions) {
        PartitionState s = states.get(key);
        out.put(key, noisy(key, s == null ? new PartitionState(plan) : s));
      }
    } else {
      for (Map.Entry<K, PartitionState> e : states.entrySet()) {
        if (unitNoise.addNoise(e.getValue().units) >= threshold) {
          out.put(e.getKey(), noisy(e.getKey(), e.getValue()));
        }
      }
    }
    AggregationResult<K> result = new AggregationResult<>(out, guarantee);
    if (ledger != null) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("guarantee", guarantee.toJson());
      details.put("partitionsReleased", Integer.toString(out.size()));
      ledger.append(
          LedgerEventType.RELEASE,
          name + ": DP aggregation of " + out.size() + " partitions",
          details);
    }
    return result;
  }

  private PartitionResult<K> noisy(K key, PartitionState s) {
    long c = countNoise != null ? countNoise.addNoise(s.count) : 0;
    DpValue countValue = null;
    if (count) {
      countValue =
          new DpValue(c, countNoise.confidenceInterval(c, level), part("count", countNoise, 0));
    }
    DpValue sumValue = null;
    if (sum) {
      long n = sumNoise.addNoise(s.sum);
      ConfidenceInterval ci = sumNoise.confidenceInterval(n, level);
      double g = Math.scalb(1.0, plan.kSum);
      sumValue =
          new DpValue(
              Math.scalb((double) n, plan.kSum),
              new ConfidenceInterval(
                  Math.nextDown(ci.lower() * g), Math.nextUp(ci.upper() * g), level),
              part("sum", sumNoise, plan.kSum));
    }
    DpValue meanValue = null;
    DpValue varianceValue = null;
    if (mean || variance) {
      long n = normNoise.addNoise(s.norm);
      double gN = Math.scalb(1.0, plan.kNorm);
      double h = Math.max(Math.abs(plan.minNormUnits), Math.abs(plan.maxNormUnits));
      double cc = Math.max(1, c);
      double normMean = Math.max(-h, Math.min(h, n / cc));
      if (mean) {
        MeanInterval mi = new MeanInterval(normNoise.scale(), countNoise.scale(), 1 - level);
        double[] a = mi.interval(n, c, h);
        double lo = Math.max(plan.lower, plan.mid + (a[0] - 0.5) * gN);
        double hi = Math.min(plan.upper, plan.mid + (a[1] + 0.5) * gN);
        meanValue =
            new DpValue(
                clamp(plan.mid + normMean * gN, plan.lower, plan.upper),
                new ConfidenceInterval(Math.nextDown(lo), Math.nextUp(Math.max(lo, hi)), level),
                composite("mean", 2, "noisy normalized sum / noisy count + midpoint"));
      }
      if (variance) {
        long sq = sqNoise.addNoise(s.sq);
        double gQ = Math.scalb(1.0, plan.kSq);
        double maxVar = plan.half * plan.half;
        double m = normMean * gN;
        double v = clamp(Math.max(0, sq / cc) * gQ - m * m, 0, maxVar);
        varianceValue =
            new DpValue(
                v,
                varianceInterval(c, n, sq, gN, gQ, maxVar),
                composite("variance", 3, "noisy normalized sum of squares / noisy count − mean^2"));
      }
    }
    List<DpValue> quantiles = null;
    if (!ranks.isEmpty()) {
      quantiles = new ArrayList<>();
      long total = 0;
      for (long x : s.hist) {
        total += x;
      }
      for (double r : ranks) {
        double[] utilities = new double[Plan.HISTOGRAM_BUCKETS + 1];
        long below = 0;
        for (int j = 0; j <= Plan.HISTOGRAM_BUCKETS; j++) {
          utilities[j] = -Math.abs(below - r * total);
          if (j < Plan.HISTOGRAM_BUCKETS) {
            below += s.hist[j];
          }
        }
        int idx = quantileMechanism.selectIndex(utilities);
        Map<String, Object> p = bounded();
        p.put("statistic", "quantile");
        p.put("rank", r);
        p.put("grid", (Plan.HISTOGRAM_BUCKETS + 1) + " edges of [lower, upper]");
        p.put("utility", "-|#{x < c} - rank*n|, sensitivity maxContributionsPerPartition");
        p.put("perPartitionEpsilon", measurementEpsilon / bounds.maxPartitionsContributed());
        quantiles.add(
            new DpValue(
                plan.edge(idx),
                null,
                new Guarantee(
                    "ExponentialMechanism(permute-and-flip)",
                    PrivacyLoss.pure(measurementEpsilon),
                    p)));
      }
    }
    return new PartitionResult<>(key, countValue, sumValue, meanValue, varianceValue, quantiles);
  }

  /**
   * Interval arithmetic over the three noisy sums, each at level 1 − α/3 (union bound), plus the
   * lattice rounding; the whole range if the count's interval reaches 0.
   */
  private ConfidenceInterval varianceInterval(
      long c, long n, long sq, double gN, double gQ, double maxVar) {
    double a3 = (1 - level) / 3;
    ConfidenceInterval ci = countNoise.confidenceInterval(c, 1 - a3);
    ConfidenceInterval ni = normNoise.confidenceInterval(n, 1 - a3);
    ConfidenceInterval si = sqNoise.confidenceInterval(sq, 1 - a3);
    double cLo = Math.max(1, Math.ceil(ci.lower()));
    if (ci.lower() < 1) {
      return new ConfidenceInterval(0, maxVar, level);
    }
    double cHi = ci.upper();
    double sqLo = Math.max(0, si.lower()) / cHi * gQ;
    double sqHi = Math.max(0, si.upper()) / cLo * gQ;
    double mLo = ni.lower() >= 0 ? ni.lower() / cHi : ni.lower() / cLo;
    double mHi = ni.upper() <= 0 ? ni.upper() / cHi : ni.upper() / cLo;
    mLo *= gN;
    mHi *= gN;
    double m2Lo = (mLo <= 0 && mHi >= 0) ? 0 : Math.min(mLo * mLo, mHi * mHi);
    double m2Hi = Math.max(mLo * mLo, mHi * mHi);
    double slack = gQ / 2 + (2 * plan.half + gN) * gN / 2;
    double lo = Math.max(0, sqLo - m2Hi - slack);
    double hi = Math.min(maxVar, sqHi - m2Lo + slack);
    return new ConfidenceInterval(Math.nextDown(lo), Math.nextUp(Math.max(lo, hi)), level);
  }

  private static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  private Map<String, Object> bounded() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("maxPartitionsContributed", bounds.maxPartitionsContributed());
    p.put("maxContributionsPerPartition", bounds.maxContributionsPerPartition());
    if (bounds.hasValueBounds()) {
      p.put("lower", bounds.lower());
      p.put("upper", bounds.upper());
    }
    return p;
  }

  private Guarantee part(String statistic, DiscreteLaplaceMechanism m, int k) {
    Map<String, Object> p = bounded();
    p.put("statistic", statistic);
    p.put("l1Sensitivity", m.guarantee().parameters().get("l1Sensitivity"));
    p.put("granularity", Math.scalb(1.0, k));
    p.put("scale", Math.scalb(m.scale(), k));
    return new Guarantee("DiscreteLaplaceMechanism", PrivacyLoss.pure(measurementEpsilon), p);
  }

  private Guarantee composite(String statistic, int measurements, String method) {
    Map<String, Object> p = bounded();
    p.put("statistic", statistic);
    p.put("method", method);
    p.put("countScale", countNoise.scale());
    p.put("normalizedGranularity", Math.scalb(1.0, plan.kNorm));
    p.put("normalizedScale", Math.scalb(normNoise.scale(), plan.kNorm));
    return new Guarantee(
        "DiscreteLaplaceMechanism", PrivacyLoss.pure(measurementEpsilon * measurements), p);
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
     *     value statistics lack value bounds, or delta is unset without public partitions
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
          publicPartitions != null || !Double.isNaN(delta),
          "delta must be set for private partition selection (or give publicPartitions)");
      return new BoundedAggregation<>(this);
    }
  }
}
