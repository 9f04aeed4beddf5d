package io.privacity.dp.stream;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.ConfidenceInterval;
import io.privacity.dp.mechanism.Guarantee;

/**
 * Continual release of a running count: a sensor (traffic loop, footfall counter, bike dock)
 * reports how many events happened in each interval, for ever, and after every interval the counter
 * releases a differentially private estimate of the total so far.
 *
 * <pre>{@code
 * ContinualCounter counter = ContinualCounter.builder()
 *     .epsilon(1.0)
 *     .horizon(24 * 365)        // or .unboundedHorizon()
 *     .accountant(cityBudget)   // charged once, in build()
 *     .build();
 * long released = counter.next(tripsThisHour);
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p><b>Event-level</b> pure ε-DP (Dwork, Naor, Pitassi and Rothblum 2010; Chan, Shi and Song 2011)
 * for the whole, possibly infinite, sequence of releases: two input streams are neighbours if they
 * differ in the increment of <em>one</em> time step, by at most {@link Builder#sensitivity(long)
 * sensitivity} Δ (default 1: one event). The privacy unit is one event (e.g. one trip), not one
 * person: a person who contributes to m time steps is protected with mε. {@link #guarantee()}
 * reports the realized ε, which is never larger than the requested one. With {@link
 * Builder#rho(double)} instead of ε the same holds for ρ-zCDP, with discrete Gaussian noise.
 *
 * <h2>Algorithms</h2>
 *
 * <ul>
 *   <li>{@link Algorithm#BINARY_TREE} (default with a horizon T): every dyadic interval of time
 *       gets one discrete Laplace noise draw of scale LΔ/ε, L = ⌈log2 T⌉+1; each event lies in at
 *       most L noised intervals. The released count is Honaker's variance-optimal combination
 *       (Honaker 2015) of the noisy intervals available so far ({@link Estimator#HONAKER}), or the
 *       plain sum of at most L noisy intervals ({@link Estimator#STANDARD}). Error O(log^1.5 T /
 *       ε); O(log T) work per step.
 *   <li>{@link Algorithm#HYBRID} (default with {@link Builder#unboundedHorizon()}): for streams of
 *       unknown length (Chan, Shi and Song 2011, §4): ε/2 on a logarithmic mechanism releasing the
 *       count at every power of two, ε/2 on a binary tree per epoch [2^k, 2^{k+1}). Error O(log^1.5
 *       t / ε) at every time t.
 *   <li>{@link Algorithm#NAIVE_NOISY_INCREMENTS}, for comparison: every increment gets its own
 *       noise of scale Δ/ε and the release is the sum of the noisy increments; error grows as √t/ε.
 *   <li>{@link Algorithm#NAIVE_SPLIT_BUDGET}, for comparison: every release is the exact running
 *       count plus fresh noise of scale TΔ/ε (ε/T per release, basic composition); error T/ε.
 * </ul>
 *
 * <p>Proofs: {@code docs/proofs/continual-counting.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <p>Increments are non-negative counts, and one event (the privacy unit) must change the increment
 * of at most one time step, by at most Δ. Call {@link #next(long)} once per interval, also when
 * nothing happened (increment 0): skipping intervals leaks timing.
 *
 * <p><b>Warning:</b> the guarantee protects one event, not one person. A commuter who passes the
 * same sensor every day for a year contributes to hundreds of steps and is protected only with that
 * multiple of ε; use {@link WEventPublisher} to protect every window of w intervals, or bound each
 * person's contributions before counting.
 *
 * <p><b>Warning:</b> the released values are correlated over time by design (they share noisy tree
 * nodes); do not add further noise per release "for safety" — it only adds error.
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>All noise is integer (exact discrete Laplace or discrete Gaussian sampling from integer
 * randomness, Canonne, Kamath and Steinke 2020); the released count is a deterministic function of
 * the integer noisy interval sums (post-processing), rounded to the nearest integer.
 *
 * <p>Thread-safety: {@link #next(long)} is synchronized; a counter may be shared but its releases
 * form one sequence.
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>T.-H. H. Chan, E. Shi, D. Song. Private and Continual Release of Statistics. ACM TISSEC
 *       14(3), 2011.
 *   <li>C. Dwork, M. Naor, T. Pitassi, G. N. Rothblum. Differential Privacy under Continual
 *       Observation. STOC 2010.
 *   <li>J. Honaker. Efficient Use of Differentially Private Binary Trees. TPDP 2015.
 * </ul>
 */
public interface ContinualCounter {

  /** How the counter spends its budget. */
  enum Algorithm {
    /** Binary tree mechanism over a known horizon T. */
    BINARY_TREE,
    /** Hybrid mechanism for streams of unknown length. */
    HYBRID,
    /** Naive baseline: noise each increment (scale Δ/ε); error ~ √t/ε. */
    NAIVE_NOISY_INCREMENTS,
    /** Naive baseline: noise each release with ε/T (scale TΔ/ε); needs a horizon. */
    NAIVE_SPLIT_BUDGET
  }

  /** How a tree counter turns noisy interval sums into a running count. */
  enum Estimator {
    /** Honaker's variance-optimal (BLUE) bottom-up combination; the default. */
    HONAKER,
    /** The sum of the noisy dyadic intervals that tile [1, t]. */
    STANDARD
  }

  /**
   * A new builder.
   *
   * @return a builder with no ε and no horizon set
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Feeds the increment of the next time step and releases the running count.
   *
   * @param increment how many events happened in this step, &gt;= 0 and &lt;= 2^40
   * @return the released running count (an integer estimate of the sum of all increments so far)
   * @throws IllegalArgumentException if the increment is negative or too large
   * @throws IllegalStateException if the horizon has been reached
   */
  long next(long increment);

  /**
   * The current release before rounding (0 before the first step). Like the rounded release, a
   * function of the noisy values only.
   *
   * @return the unbiased estimate of the running count
   */
  double estimate();

  /**
   * The exact variance of {@link #estimate()} at the current time, from the noise distribution.
   *
   * @return the variance (0 before the first step)
   */
  double variance();

  /**
   * An interval that contains the true running count with probability at least {@code level}, by
   * Chebyshev's inequality on the exact variance (valid for any noise distribution, not an
   * approximation).
   *
   * @param level confidence level in (0, 1)
   * @return the interval around {@link #estimate()}
   * @throws IllegalArgumentException if level is not in (0, 1)
   */
  default ConfidenceInterval confidenceInterval(double level) {
    Checks.openUnit("level", level);
    double half = Math.sqrt(variance() / (1 - level));
    return new ConfidenceInterval(estimate() - half, estimate() + half, level);
  }

  /**
   * How many steps have been fed so far.
   *
   * @return the current time t (0 before the first step)
   */
  long time();

  /**
   * The guarantee of the whole sequence of releases (the budget charged once in {@link
   * Builder#build()}).
   *
   * @return the guarantee, with the algorithm, horizon, sensitivity and noise scale
   */
  Guarantee guarantee();

  /**
   * Builds a {@link ContinualCounter}. Not thread-safe; the built counter is.
   *
   * <p>Required: {@link #epsilon(double)} and either {@link #horizon(long)} or {@link
   * #unboundedHorizon()}.
   */
  final class Builder {
    private double epsilon = Double.NaN;
    private double rho = Double.NaN;
    private long horizon;
    private boolean unbounded;
    private long sensitivity = 1;
    private Algorithm algorithm;
    private Estimator estimator = Estimator.HONAKER;
    private Randomness randomness = Randomness.secure();
    private PrivacyAccountant accountant;

    private Builder() {}

    /**
     * The total ε of the whole release sequence.
     *
     * @param epsilon ε, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if ε is NaN, infinite or &lt;= 0
     */
    public Builder epsilon(double epsilon) {
      this.epsilon = Checks.positiveFinite("epsilon", epsilon);
      return this;
    }

    /**
     * A ρ-zCDP budget for the whole release sequence instead of ε: the counter then uses exact
     * discrete Gaussian noise (Canonne, Kamath and Steinke 2020), whose error is smaller than
     * Laplace's for the same (ε, δ) once converted with {@link PrivacyLoss#toApproximate(double)}.
     *
     * @param rho ρ, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if ρ is NaN, infinite or &lt;= 0
     */
    public Builder rho(double rho) {
      this.rho = Checks.positiveFinite("rho", rho);
      return this;
    }

    /**
     * A known horizon: at most T calls to {@link ContinualCounter#next(long)}.
     *
     * @param horizon T, in [1, 2^40]
     * @return this builder
     * @throws IllegalArgumentException if T is out of range
     */
    public Builder horizon(long horizon) {
      this.horizon = Checks.inRange("horizon", horizon, 1, 1L << 40);
      this.unbounded = false;
      return this;
    }

    /**
     * No known horizon: the stream may run for ever (up to 2^40 steps); selects {@link
     * Algorithm#HYBRID} unless another algorithm is chosen.
     *
     * @return this builder
     */
    public Builder unboundedHorizon() {
      this.unbounded = true;
      this.horizon = 0;
      return this;
    }

    /**
     * Δ: by how much one event can change one step's increment (default 1).
     *
     * @param sensitivity Δ, in [1, 2^20]
     * @return this builder
     * @throws IllegalArgumentException if Δ is out of range
     */
    public Builder sensitivity(long sensitivity) {
      this.sensitivity = Checks.inRange("sensitivity", sensitivity, 1, 1L << 20);
      return this;
    }

    /**
     * The algorithm (default: {@link Algorithm#BINARY_TREE} with a horizon, {@link
     * Algorithm#HYBRID} without).
     *
     * @param algorithm the algorithm
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = Checks.notNull("algorithm", algorithm);
      return this;
    }

    /**
     * The estimator of tree-based algorithms (default {@link Estimator#HONAKER}).
     *
     * @param estimator the estimator
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder estimator(Estimator estimator) {
      this.estimator = Checks.notNull("estimator", estimator);
      return this;
    }

    /**
     * The source of randomness (default {@link Randomness#secure()}).
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
     * An accountant to charge, once, in {@link #build()} with the counter's whole loss.
     *
     * @param accountant the accountant
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder accountant(PrivacyAccountant accountant) {
      this.accountant = Checks.notNull("accountant", accountant);
      return this;
    }

    /**
     * Validates, charges the accountant (if any) and builds the counter. Fails closed: if the
     * charge is refused, no counter exists.
     *
     * @return the counter
     * @throws IllegalStateException if neither or both of ε and ρ are set, the horizon is missing,
     *     or the algorithm needs a horizon and none was given
     * @throws IllegalArgumentException if the noise would be too large (ε/(LΔ) below 2^−40, or σ²
     *     above 2^60)
     * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
     *     the charge
     */
    public ContinualCounter build() {
      Checks.state(!Double.isNaN(epsilon) || !Double.isNaN(rho), "epsilon or rho must be set");
      Checks.state(
          Double.isNaN(epsilon) || Double.isNaN(rho), "set either epsilon or rho, not both");
      PrivacyLoss budget = Double.isNaN(rho) ? PrivacyLoss.pure(epsilon) : PrivacyLoss.zcdp(rho);
      Checks.state(unbounded || horizon > 0, "horizon(T) or unboundedHorizon() must be set");
      Algorithm alg =
          algorithm != null ? algorithm : unbounded ? Algorithm.HYBRID : Algorithm.BINARY_TREE;
      Checks.state(
          !unbounded || alg == Algorithm.HYBRID || alg == Algorithm.NAIVE_NOISY_INCREMENTS,
          alg + " needs a known horizon; use horizon(T)");
      long limit = unbounded ? 1L << 40 : horizon;
      ContinualCounter counter;
      switch (alg) {
        case BINARY_TREE:
          counter = BinaryTreeCounter.create(budget, horizon, sensitivity, estimator, randomness);
          break;
        case HYBRID:
          counter = new HybridCounter(budget, limit, sensitivity, estimator, randomness);
          break;
        default:
          counter = NaiveCounter.create(alg, budget, limit, sensitivity, randomness);
          break;
      }
      if (accountant != null) {
        accountant.charge(
            "ContinualCounter " + alg + (unbounded ? " unbounded" : " T=" + horizon),
            counter.guarantee().loss());
      }
      return counter;
    }
  }
}
