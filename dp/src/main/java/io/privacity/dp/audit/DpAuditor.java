package io.privacity.dp.audit;

import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A statistical auditor for differential-privacy claims: it runs a mechanism many times on two
 * neighbouring inputs and returns a lower confidence bound on the ε the mechanism actually spends
 * on that pair. If the bound exceeds the claimed ε, the claim is refuted at the stated confidence —
 * a wrong noise scale, a forgotten sensitivity, a missing noise term or a floating-point leak shows
 * up as an ε lower bound above the claim.
 *
 * <pre>{@code
 * LaplaceMechanism lap = LaplaceMechanism.builder().epsilon(1).l1Sensitivity(1).build();
 * AuditResult r = DpAuditor.builder().samples(400_000).build()
 *     .audit((Double x) -> lap.addNoise(x), 0.0, 1.0);
 * boolean refuted = r.refutes(lap.guarantee().loss()); // true would refute the claim at 95%
 * }</pre>
 *
 * <h2>Method</h2>
 *
 * <ol>
 *   <li>Draw {@code samples} outputs of {@code mechanism(first)} and as many of {@code
 *       mechanism(second)}; shuffle each with the auditor's randomness and split it in two halves.
 *   <li><b>Selection</b> (first halves): among the candidate events — threshold events {@code {o ≥
 *       t}} and {@code {o ≤ t}} at pooled order statistics (dense in the tails) for numeric
 *       outputs, lattice events {@code {o is a multiple of 2^t}} and {@code {o is not a multiple of
 *       2^(t+1)}} on the least significant bit of numeric outputs (the floating-point leaks of
 *       Mironov 2012 show up here), and point events {@code {o = v}} for every repeated value — and
 *       both orders of the two inputs, pick the event E maximising an approximate lower bound of
 *       ln((P[M(x) ∈ E] − δ) / P[M(x′) ∈ E]) (Wilson score intervals at a Bonferroni-corrected
 *       level, so that lucky small-count events are not preferred).
 *   <li><b>Estimation</b> (second halves, independent of the choice of E): count the outputs in E
 *       under both inputs and return ε̲ = ln((p̲ − δ) / p̄), where p̲ is the one-sided
 *       Clopper–Pearson lower bound on P[M(x) ∈ E] and p̄ the upper bound on P[M(x′) ∈ E], each at
 *       level 1 − α/2.
 * </ol>
 *
 * <p>This is the two-phase "search an event, then certify it on fresh samples" design of StatDP
 * (Ding et al., CCS 2018) and DP-Sniper (Bichsel et al., S&amp;P 2021), with DP-Sniper's
 * threshold-type events on one-dimensional outputs.
 *
 * <h2>Validity</h2>
 *
 * <p>If the mechanism is (ε, δ)-DP for the pair, then for every event E, P[M(x) ∈ E] ≤ e^ε P[M(x′)
 * ∈ E] + δ. The event is a function of the selection half only, so conditionally on it the
 * estimation-half counts are binomial; by a union bound both Clopper–Pearson bounds hold with
 * probability ≥ 1 − α, and then ε ≥ ε̲. Hence P[ε̲ &gt; ε] ≤ α = 1 − confidence, however many
 * events were compared: no multiple-testing correction is needed. Numerical steps round ε̲
 * downwards. See {@code docs/proofs/dp-auditor.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>Each call of {@code mechanism} must be an independent run of the mechanism with fresh
 *       randomness (no state carried between calls). For a stateful mechanism (e.g. a sparse vector
 *       session), make the function start a new session per call.
 *   <li>The two inputs must be neighbours under the relation the claim is stated for; the bound is
 *       a statement about that pair only. Choose pairs that stress the mechanism (extreme
 *       sensitivity, boundary values).
 *   <li>The auditor searches only thresholds, lattice (least-significant-bit) events and points. To
 *       test other events, post-process the outputs inside the function (e.g. map an output to
 *       {@code true} if it lies in a set S): post-processing never increases ε, so a bound for the
 *       post-processed mechanism is a bound for the original one.
 * </ul>
 *
 * <p>The auditor gives lower bounds only: a bound below the claim is not a proof of privacy.
 *
 * <p>Instances are immutable and thread-safe; an audit runs the mechanism on the calling thread.
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>Z. Ding, Y. Wang, G. Wang, D. Zhang, D. Kifer. Detecting Violations of Differential
 *       Privacy. CCS 2018.
 *   <li>B. Bichsel, S. Steffen, I. Bogunovic, M. Vechev. DP-Sniper: Black-Box Discovery of
 *       Differential Privacy Violations using Classifiers. IEEE S&amp;P 2021.
 *   <li>C. J. Clopper, E. S. Pearson. The use of confidence or fiducial limits illustrated in the
 *       case of the binomial. Biometrika 26(4), 1934.
 *   <li>I. Mironov. On Significance of the Least Significant Bits for Differential Privacy. CCS
 *       2012 (the floating-point attack the point events can expose).
 * </ul>
 */
public final class DpAuditor {
  /** Default number of samples drawn per input. */
  public static final int DEFAULT_SAMPLES = 200_000;

  /** Default confidence of the lower bound. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  /** Smallest accepted number of samples per input. */
  public static final int MIN_SAMPLES = 100;

  /** Largest accepted number of samples per input (all outputs are held in memory). */
  public static final int MAX_SAMPLES = 20_000_000;

  /** Smallest accepted confidence. */
  public static final double MIN_CONFIDENCE = 0.5;

  /** Largest accepted confidence. */
  public static final double MAX_CONFIDENCE = 0.999999;

  private final int samples;
  private final double confidence;
  private final double delta;
  private final Randomness randomness;

  private DpAuditor(Builder b) {
    this.samples = b.samples;
    this.confidence = b.confidence;
    this.delta = b.delta;
    this.randomness = b.randomness;
  }

  /**
   * A builder with {@link #DEFAULT_SAMPLES} samples, {@link #DEFAULT_CONFIDENCE} confidence, δ = 0
   * and secure randomness for the split.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Samples drawn per input.
   *
   * @return the number of samples per input
   */
  public int samples() {
    return samples;
  }

  /**
   * Confidence of the lower bound.
   *
   * @return the confidence, in [0.5, 0.999999]
   */
  public double confidence() {
    return confidence;
  }

  /**
   * The δ the bound is adjusted for.
   *
   * @return δ, in [0, 1)
   */
  public double delta() {
    return delta;
  }

  /**
   * Audits {@code mechanism} on the neighbouring pair ({@code first}, {@code second}).
   *
   * <p>Outputs that are all {@link Number}s are audited with threshold, lattice and point events on
   * their {@code doubleValue()} (ordered as by {@link Double#compare}, so −0.0 &lt; 0.0 and NaN is
   * largest); any other outputs (booleans, strings, records, …) with point events under {@link
   * Object#equals}. Arrays compare by identity: map them to lists or to a feature first.
   *
   * @param mechanism one independent run of the mechanism per call; must not return null
   * @param first the first input
   * @param second the second input, a neighbour of the first
   * @param <I> the input type
   * @return the lower confidence bound on ε with its witness event
   * @throws IllegalArgumentException if the mechanism is null or returns null
   */
  public <I> AuditResult audit(Function<? super I, ?> mechanism, I first, I second) {
    Checks.notNull("mechanism", mechanism);
    Object[] a = draw(mechanism, first, "first");
    Object[] b = draw(mechanism, second, "second");
    shuffle(a);
    shuffle(b);
    int sel = samples / 2;
    int est = samples - sel;

    boolean numeric = allNumbers(a) && allNumbers(b);
    Selection chosen = numeric ? selectNumeric(a, b, sel) : selectObjects(a, b, sel);

    long countA = 0;
    long countB = 0;
    for (int i = sel; i < samples; i++) {
      if (chosen.event.test(a[i])) {
        countA++;
      }
      if (chosen.event.test(b[i])) {
        countB++;
      }
    }
    long kNum = chosen.numeratorIsFirst ? countA : countB;
    long kDen = chosen.numeratorIsFirst ? countB : countA;
    double half = (1 - confidence) / 2;
    double lower = ClopperPearson.lower(kNum, est, half);
    double upper = ClopperPearson.upper(kDen, est, half);
    double bound = 0;
    double excess = Math.nextDown(lower - delta);
    if (excess > 0) {
      // Round the quotient and the logarithm (error ≤ 1 ulp) downwards.
      bound = Math.max(0, Math.nextDown(Math.nextDown(Math.log(Math.nextDown(excess / upper)))));
    }
    return new AuditResult(
        bound,
        chosen.event.describe(),
        chosen.numeratorIsFirst,
        kNum,
        kDen,
        est,
        lower,
        upper,
        confidence,
        delta,
        chosen.candidates);
  }

  private <I> Object[] draw(Function<? super I, ?> mechanism, I input, String which) {
    Object[] out = new Object[samples];
    for (int i = 0; i < samples; i++) {
      Object o = mechanism.apply(input);
      if (o == null) {
        throw new IllegalArgumentException(
            "mechanism must not return null, but it did on the " + which + " input");
      }
      out[i] = o;
    }
    return out;
  }

  private void shuffle(Object[] xs) {
    for (int i = xs.length - 1; i > 0; i--) {
      int j = randomness.nextInt(i + 1);
      Object t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
  }

  private static boolean allNumbers(Object[] xs) {
    for (Object x : xs) {
      if (!(x instanceof Number)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The candidates of the selection phase with their selection-half counts, and the choice among
   * them.
   */
  private final class Selection {
    private final int n;
    private final List<Event> events = new ArrayList<>();
    private long[] countsA = new long[64];
    private long[] countsB = new long[64];
    Event event;
    boolean numeratorIsFirst;
    int candidates;

    Selection(int n) {
      this.n = n;
    }

    void offer(Event e, long countA, long countB) {
      int i = events.size();
      if (i == countsA.length) {
        countsA = Arrays.copyOf(countsA, 2 * i);
        countsB = Arrays.copyOf(countsB, 2 * i);
      }
      events.add(e);
      countsA[i] = countA;
      countsB[i] = countB;
    }

    /**
     * Picks the event and direction maximising an approximate lower bound of ln((p_num − δ) /
     * p_den), from Wilson score intervals at a Bonferroni-corrected level over all candidates (both
     * directions). The correction does not affect validity — the estimation half does — but keeps
     * the choice away from small-count events whose selection-half ratio is inflated by chance and
     * would not replicate on the estimation half.
     */
    Selection choose() {
      candidates = events.size();
      double zSel =
          new NormalDistribution()
              .inverseCumulativeProbability(1 - (1 - confidence) / (4.0 * Math.max(1, candidates)));
      double best = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < candidates; i++) {
        double forward = score(countsA[i], countsB[i], zSel);
        double backward = score(countsB[i], countsA[i], zSel);
        if (event == null || forward > best) {
          event = events.get(i);
          numeratorIsFirst = true;
          best = forward;
        }
        if (backward > best) {
          event = events.get(i);
          numeratorIsFirst = false;
          best = backward;
        }
      }
      return this;
    }

    private double score(long kNum, long kDen, double zz) {
      double excess = wilson(kNum, -zz) - delta;
      if (excess <= 0) {
        return Double.NEGATIVE_INFINITY;
      }
      return Math.log(excess / wilson(kDen, zz));
    }

    private double wilson(long k, double zz) {
      double z2 = zz * zz;
      double p = (double) k / n;
      double centre = (k + z2 / 2) / (n + z2);
      double half = Math.abs(zz) / (n + z2) * Math.sqrt(n * p * (1 - p) + z2 / 4);
      return zz < 0 ? Math.max(0, centre - half) : Math.min(1, centre + half);
    }
  }

  private Selection selectNumeric(Object[] a, Object[] b, int sel) {
    double[] sa = new double[sel];
    double[] sb = new double[sel];
    for (int i = 0; i < sel; i++) {
      sa[i] = ((Number) a[i]).doubleValue();
      sb[i] = ((Number) b[i]).doubleValue();
    }
    Arrays.sort(sa);
    Arrays.sort(sb);
    Selection s = new Selection(sel);

    // Point events: every distinct value of the pooled selection samples.
    int i = 0;
    int j = 0;
    while (i < sel || j < sel) {
      double v;
      if (j >= sel || (i < sel && Double.compare(sa[i], sb[j]) <= 0)) {
        v = sa[i];
      } else {
        v = sb[j];
      }
      int ca = 0;
      int cb = 0;
      while (i < sel && Double.compare(sa[i], v) == 0) {
        i++;
        ca++;
      }
      while (j < sel && Double.compare(sb[j], v) == 0) {
        j++;
        cb++;
      }
      // A value seen once cannot be a useful witness (its lower bound is below the other's
      // upper bound), so only repeated values become point events.
      if (ca + cb >= 2) {
        s.offer(new NumericPoint(v), ca, cb);
      }
    }

    // Threshold events at pooled order statistics: every rank up to 16 from each end, then
    // geometrically spaced ranks (ratio 1.05) towards the median.
    double[] pooled = merge(sa, sb);
    List<Integer> ranks = new ArrayList<>();
    for (double r = 0; r < pooled.length / 2.0; r = r < 16 ? r + 1 : r * 1.05) {
      ranks.add((int) r);
      ranks.add(pooled.length - 1 - (int) r);
    }
    for (int rank : ranks) {
      double t = pooled[rank];
      int geA = sel - lowerBound(sa, t);
      int geB = sel - lowerBound(sb, t);
      s.offer(new Threshold(t, true), geA, geB);
      int leA = upperBound(sa, t);
      int leB = upperBound(sb, t);
      s.offer(new Threshold(t, false), leA, leB);
    }
    // Lattice events on the least significant set bit: {o is a multiple of 2^t} and its
    // complement-like {o is not a multiple of 2^(t+1)}. Mechanisms whose output grid depends on
    // the input (textbook floating-point noise: Mironov 2012) differ sharply on these.
    int[] la = new int[sel];
    int[] lb = new int[sel];
    for (int k = 0; k < sel; k++) {
      la[k] = lsbExponent(sa[k]);
      lb[k] = lsbExponent(sb[k]);
    }
    Arrays.sort(la);
    Arrays.sort(lb);
    TreeSet<Integer> exponents = new TreeSet<>();
    for (int k = 0; k < sel; k++) {
      exponents.add(la[k]);
      exponents.add(lb[k]);
    }
    for (int t : exponents) {
      int geA = sel - lowerBound(la, t);
      int geB = sel - lowerBound(lb, t);
      s.offer(new Lattice(t, true), geA, geB);
      int leA = upperBound(la, t);
      int leB = upperBound(lb, t);
      s.offer(new Lattice(t, false), leA, leB);
    }
    return s.choose();
  }

  private Selection selectObjects(Object[] a, Object[] b, int sel) {
    Map<Object, long[]> counts = new HashMap<>();
    for (int i = 0; i < sel; i++) {
      counts.computeIfAbsent(a[i], k -> new long[2])[0]++;
      counts.computeIfAbsent(b[i], k -> new long[2])[1]++;
    }
    Selection s = new Selection(sel);
    for (Map.Entry<Object, long[]> e : counts.entrySet()) {
      s.offer(new ObjectPoint(e.getKey()), e.getValue()[0], e.getValue()[1]);
    }
    return s.choose();
  }

  private static double[] merge(double[] x, double[] y) {
    double[] out = new double[x.length + y.length];
    int i = 0;
    int j = 0;
    for (int k = 0; k < out.length; k++) {
      out[k] = j >= y.length || (i < x.length && Double.compare(x[i], y[j]) <= 0) ? x[i++] : y[j++];
    }
    return out;
  }

  /**
   * The exponent of the least significant set bit of v (v is an odd multiple of 2^result), or
   * {@link #LSB_ZERO} for ±0 and {@link #LSB_NON_FINITE} for NaN and infinities.
   */
  static int lsbExponent(double v) {
    if (v == 0) {
      return LSB_ZERO;
    }
    if (!Double.isFinite(v)) {
      return LSB_NON_FINITE;
    }
    long bits = Double.doubleToRawLongBits(v);
    int exponentField = (int) ((bits >>> 52) & 0x7ff);
    long mantissa = bits & ((1L << 52) - 1);
    if (exponentField == 0) {
      return -1074 + Long.numberOfTrailingZeros(mantissa);
    }
    return exponentField - 1075 + Long.numberOfTrailingZeros(mantissa | (1L << 52));
  }

  /** {@link #lsbExponent} of ±0: a multiple of every power of two. */
  static final int LSB_ZERO = 4096;

  /** {@link #lsbExponent} of NaN and infinities. */
  static final int LSB_NON_FINITE = 8192;

  private static int lowerBound(int[] sorted, int t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(int[] sorted, int t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index i with sorted[i] ≥ t (in Double.compare order). */
  private static int lowerBound(double[] sorted, double t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(sorted[mid], t) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index i with sorted[i] &gt; t (in Double.compare order). */
  private static int upperBound(double[] sorted, double t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(sorted[mid], t) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A candidate output event. */
  private interface Event {
    boolean test(Object output);

    String describe();
  }

  private record Threshold(double t, boolean atLeast) implements Event {
    @Override
    public boolean test(Object output) {
      int c = Double.compare(((Number) output).doubleValue(), t);
      return atLeast ? c >= 0 : c <= 0;
    }

    @Override
    public String describe() {
      return "output " + (atLeast ? ">= " : "<= ") + t;
    }
  }

  private record Lattice(int t, boolean atLeast) implements Event {
    @Override
    public boolean test(Object output) {
      int e = lsbExponent(((Number) output).doubleValue());
      return atLeast ? e >= t : e <= t;
    }

    @Override
    public String describe() {
      return atLeast
          ? "output is a multiple of 2^" + t + (t >= LSB_ZERO ? " (output is 0 or not finite)" : "")
          : "output is not a multiple of 2^" + (t + 1);
    }
  }

  private record NumericPoint(double v) implements Event {
    @Override
    public boolean test(Object output) {
      return Double.compare(((Number) output).doubleValue(), v) == 0;
    }

    @Override
    public String describe() {
      return "output == " + v;
    }
  }

  private record ObjectPoint(Object v) implements Event {
    @Override
    public boolean test(Object output) {
      return Objects.equals(output, v);
    }

    @Override
    public String describe() {
      String s = String.valueOf(v);
      return "output equals " + (s.length() > 80 ? s.substring(0, 80) + "…" : s);
    }
  }

  /** Builds a {@link DpAuditor}; each setter validates its argument at once. */
  public static final class Builder {
    private int samples = DEFAULT_SAMPLES;
    private double confidence = DEFAULT_CONFIDENCE;
    private double delta;
    private Randomness randomness = Randomness.secure();

    private Builder() {}

    /**
     * Samples drawn per input; half select the event, half estimate its probabilities.
     *
     * @param samples in [{@link #MIN_SAMPLES}, {@link #MAX_SAMPLES}]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder samples(int samples) {
      Checks.inRange("samples", samples, MIN_SAMPLES, MAX_SAMPLES);
      this.samples = samples;
      return this;
    }

    /**
     * Confidence of the lower bound: the probability that the bound does not exceed the true ε.
     *
     * @param confidence in [{@link #MIN_CONFIDENCE}, {@link #MAX_CONFIDENCE}]
     * @return this builder
     * @throws IllegalArgumentException if out of range or NaN
     */
    public Builder confidence(double confidence) {
      if (!(confidence >= MIN_CONFIDENCE && confidence <= MAX_CONFIDENCE)) {
        throw new IllegalArgumentException(
            "confidence must be in ["
                + MIN_CONFIDENCE
                + ", "
                + MAX_CONFIDENCE
                + "], got "
                + confidence);
      }
      this.confidence = confidence;
      return this;
    }

    /**
     * The δ of an (ε, δ) claim: the bound becomes ln((p̲ − δ)/p̄). Use 0 (the default) for pure DP.
     *
     * @param delta in [0, 1)
     * @return this builder
     * @throws IllegalArgumentException if out of range or NaN
     */
    public Builder delta(double delta) {
      Checks.delta("delta", delta);
      this.delta = delta;
      return this;
    }

    /**
     * Randomness for shuffling the samples before the split (default {@link Randomness#secure()}; a
     * seeded one makes audits of seeded mechanisms reproducible).
     *
     * @param randomness the randomness
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder randomness(Randomness randomness) {
      this.randomness = Checks.notNull("randomness", randomness);
      return this;
    }

    /**
     * Builds the auditor.
     *
     * @return an immutable, thread-safe auditor
     */
    public DpAuditor build() {
      return new DpAuditor(this);
    }
  }
}
