package io.privacity.dp.mechanism;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.ExactSamplers;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sparse vector technique (AboveThreshold with up to c positive answers): answers a stream of
 * adaptively chosen queries with "above the threshold" or "below", paying only for the c positive
 * answers, in the form Lyu, Su and Li (2017) prove correct (their Algorithm 1, with the budget
 * split of their Section 4.2).
 *
 * <pre>
 *   ε₁ = ε / (1 + (2c)^(2/3))   (ε / (1 + c^(2/3)) for monotone queries),  ε₂ = ε − ε₁
 *   ρ  ~ Lap(Δ/ε₁)                                        drawn once per session
 *   for each query q_i:  ν_i ~ Lap(2cΔ/ε₂)   (Lap(cΔ/ε₂) for monotone queries)
 *       if q_i(D) + ν_i ≥ T + ρ:  answer ⊤; after the c-th ⊤ the session halts
 *       else                      answer ⊥
 * </pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>A whole {@link Session} — every answer it gives, however many queries are asked — is
 * <b>ε-DP</b>, provided each query has sensitivity at most Δ (|q_i(D) − q_i(D′)| ≤ Δ for neighbours
 * D, D′, under the caller's neighbouring relation) and the queries are chosen without access to the
 * private data other than through earlier answers. For <em>monotone</em> queries (for every pair of
 * neighbours, either all q_i(D) ≥ q_i(D′) or all ≤) the query noise can be halved ({@link
 * Builder#monotoneQueries(boolean)}). The noisy values themselves are never released. Omitting the
 * threshold noise ρ, or re-drawing it per query, breaks the guarantee (Lyu et al., Section 3); this
 * class draws it exactly once per session.
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>Both noises are exact discrete Laplace variables (Canonne, Kamath and Steinke 2020, Algorithm
 * 2) on the lattice gℤ, g = 2^(⌊log₂ Δ⌋ − 20), with scales in lattice units t_ρ = ⌈Δ_g/ε₁⌉ and t_ν
 * = ⌈2cΔ_g/ε₂⌉ (⌈cΔ_g/ε₂⌉ monotone), where Δ_g = ⌈Δ/g⌉ is the sensitivity rounded up to the
 * lattice. The comparison q − T ≥ ρ − ν is evaluated exactly in {@link BigDecimal} arithmetic. The
 * proof of the continuous version then applies verbatim: it only shifts ρ by Δ_g·g and ν by up to
 * 2Δ_g·g, which stay on the lattice and change the discrete Laplace densities by at most
 * e^(Δ_g/t_ρ) ≤ e^ε₁ and e^(2Δ_g/t_ν) ≤ e^(ε₂/c). See {@code docs/proofs/sparse-vector.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>Every query's sensitivity must be at most Δ; the threshold must not depend on the data.
 *   <li>Treat the session as one release: it has been paid for once, at {@link #start()}.
 * </ul>
 *
 * <p>If an accountant is configured, {@link #start()} charges ε to it before any noise is drawn and
 * throws {@link io.privacity.core.accounting.PrivacyBudgetExceededException} — starting nothing —
 * if the budget does not allow it.
 *
 * <p>{@code SparseVector} is immutable and thread-safe. A {@link Session} is stateful; its methods
 * are synchronized, so it may be shared between threads, but its answers then depend on the order
 * in which threads ask. <b>Warning:</b> after the c-th positive answer a session is halted for
 * good: further queries throw {@link IllegalStateException}; start (and pay for) a new session.
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>M. Lyu, D. Su, N. Li. Understanding the Sparse Vector Technique for Differential Privacy.
 *       PVLDB 10(6), 2017.
 *   <li>C. Dwork, A. Roth. The Algorithmic Foundations of Differential Privacy, Section 3.6.
 *   <li>C. Canonne, G. Kamath, T. Steinke. The Discrete Gaussian for Differential Privacy. NeurIPS
 *       2020 (exact discrete Laplace sampling).
 * </ul>
 */
public final class SparseVector {
  /** Bits of resolution of the noise lattice relative to the sensitivity. */
  static final int GRANULARITY_BITS = 20;

  /** Largest accepted number of positive answers per session. */
  public static final int MAX_POSITIVES = 1 << 20;

  private static final String NAME = "SparseVector";

  private final double epsilon;
  private final double thresholdEpsilon;
  private final double sensitivity;
  private final double threshold;
  private final int maxPositives;
  private final boolean monotone;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final BigDecimal granularity;
  private final double granularityValue;
  private final long thresholdScale;
  private final long queryScale;
  private final Guarantee guarantee;

  private SparseVector(Builder b) {
    this.epsilon = b.epsilon;
    this.sensitivity = b.sensitivity;
    this.threshold = b.threshold;
    this.maxPositives = b.maxPositives;
    this.monotone = b.monotone;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
    double fraction =
        Double.isNaN(b.thresholdFraction)
            ? 1 / (1 + Math.pow(monotone ? maxPositives : 2.0 * maxPositives, 2.0 / 3))
            : b.thresholdFraction;
    this.thresholdEpsilon = epsilon * fraction;
    // Rounded down so that ε₁ + ε₂ ≤ ε holds exactly, not just in floating point.
    double queryEpsilon = Math.nextDown(epsilon - thresholdEpsilon);
    int gExp = Math.getExponent(sensitivity) - GRANULARITY_BITS;
    this.granularityValue = Math.scalb(1.0, gExp);
    this.granularity = new BigDecimal(granularityValue);
    long sensitivityUnits = (long) Math.ceil(Math.scalb(sensitivity, -gExp));
    this.thresholdScale = scale(sensitivityUnits, thresholdEpsilon, "threshold");
    this.queryScale =
        scale(
            Math.multiplyExact(sensitivityUnits, (monotone ? 1L : 2L) * maxPositives),
            queryEpsilon,
            "query");
    // The proof needs Δ_g/t_ρ + c·(shift)/t_ν ≤ ε; ceil-rounding of the scales only lowers it.
    double effective =
        (double) sensitivityUnits / thresholdScale
            + (double) maxPositives * (monotone ? 1 : 2) * sensitivityUnits / queryScale;
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("sensitivity", sensitivity);
    params.put("threshold", threshold);
    params.put("maxPositives", maxPositives);
    params.put("monotoneQueries", monotone);
    params.put("thresholdEpsilon", thresholdEpsilon);
    params.put("granularity", Math.scalb(1.0, gExp));
    params.put("thresholdNoiseScale", Math.scalb((double) thresholdScale, gExp));
    params.put("queryNoiseScale", Math.scalb((double) queryScale, gExp));
    params.put("effectiveEpsilonBeforeRounding", effective);
    this.guarantee = new Guarantee(NAME, PrivacyLoss.pure(epsilon), params);
  }

  /** ⌈units / eps⌉ as a discrete Laplace scale in lattice units, never below the exact value. */
  private static long scale(long units, double eps, String which) {
    double t = Math.ceil(Math.nextUp(units / eps));
    if (!(t < 0x1.0p62)) {
      throw new IllegalArgumentException(
          "epsilon is too small for the "
              + which
              + " noise scale to be represented (scale "
              + t
              + " lattice units >= 2^62), got epsilon="
              + eps);
    }
    return Math.max(1, (long) t);
  }

  /**
   * A builder (required: epsilon, sensitivity, threshold; defaults: one positive answer, general
   * queries, Lyu–Su–Li budget split, secure randomness, no accountant).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a session: charges ε to the accountant (if any), then draws the threshold noise.
   *
   * @return a new session answering queries until the c-th positive answer
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   */
  public Session start() {
    Accounting.charge(accountant, guarantee);
    return new Session(ExactSamplers.discreteLaplace(randomness, thresholdScale, 1));
  }

  /**
   * The guarantee of one session: ε-DP, with Δ, threshold, c and the noise scales.
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return guarantee;
  }

  /**
   * The part ε₁ of ε spent on the threshold noise.
   *
   * @return ε₁
   */
  public double thresholdEpsilon() {
    return thresholdEpsilon;
  }

  /**
   * The threshold noise's scale Δ_g·g/ε₁ (rounded up onto the lattice).
   *
   * @return the scale b of ρ ~ Lap(b), in query units
   */
  public double thresholdNoiseScale() {
    return (Double) guarantee.parameters().get("thresholdNoiseScale");
  }

  /**
   * Each query noise's scale (2)cΔ_g·g/ε₂ (rounded up onto the lattice).
   *
   * @return the scale b of ν ~ Lap(b), in query units
   */
  public double queryNoiseScale() {
    return (Double) guarantee.parameters().get("queryNoiseScale");
  }

  @Override
  public String toString() {
    return NAME
        + "{ε="
        + epsilon
        + ", Δ="
        + sensitivity
        + ", T="
        + threshold
        + ", c="
        + maxPositives
        + (monotone ? ", monotone" : "")
        + "}";
  }

  /**
   * One run of the sparse vector technique: a fixed noisy threshold and a count of positive
   * answers. Thread-safe (synchronized); halts after the c-th positive answer.
   */
  public final class Session {
    private final long thresholdNoise;
    private int positives;
    private long queries;

    private Session(long thresholdNoise) {
      this.thresholdNoise = thresholdNoise;
    }

    /**
     * Whether the (noisy) query answer is above the (noisy) threshold.
     *
     * @param queryAnswer q_i(D), the exact answer of a query with sensitivity ≤ Δ; finite
     * @return true (⊤) if q_i(D) + ν_i ≥ T + ρ
     * @throws IllegalArgumentException if the answer is NaN or infinite
     * @throws IllegalStateException if the session has already given c positive answers
     */
    public synchronized boolean isAbove(double queryAnswer) {
      Checks.finite("queryAnswer", queryAnswer);
      Checks.state(
          positives < maxPositives,
          "sparse vector session halted after "
              + maxPositives
              + " positive answer(s); start (and pay for) a new session");
      long queryNoise = ExactSamplers.discreteLaplace(randomness, queryScale, 1);
      queries++;
      boolean above = isAtLeast(queryAnswer, threshold, thresholdNoise, queryNoise);
      if (above) {
        positives++;
      }
      return above;
    }

    /**
     * Whether the session has given its c positive answers and accepts no more queries.
     *
     * @return true once halted
     */
    public synchronized boolean isHalted() {
      return positives >= maxPositives;
    }

    /**
     * Positive answers given so far.
     *
     * @return the count, in [0, c]
     */
    public synchronized int positives() {
      return positives;
    }

    /**
     * Queries answered so far.
     *
     * @return the count
     */
    public synchronized long queries() {
      return queries;
    }
  }

  /**
   * Whether q − T ≥ g·(ρ − ν) exactly.
   *
   * <p>The fast path is exact: with lhs = fl(q − T) and d = ρ − ν, rhs = d·g is exact (|d| &lt;
   * 2^53, g a power of two) or overflows to an infinity of the right sign, and the exact q − T lies
   * strictly between nextDown(lhs) and nextUp(lhs) because lhs is q − T correctly rounded; so a gap
   * beyond those neighbours decides the comparison. Otherwise the exact rational comparison is made
   * in {@link BigDecimal}.
   */
  boolean isAtLeast(double q, double t, long rho, long nu) {
    double lhs = q - t;
    if (Double.isFinite(lhs) && Math.abs(rho) < (1L << 52) && Math.abs(nu) < (1L << 52)) {
      double rhs = (rho - nu) * granularityValue;
      if (rhs < Math.nextDown(lhs)) {
        return true;
      }
      if (rhs > Math.nextUp(lhs)) {
        return false;
      }
    }
    BigDecimal exactLhs = new BigDecimal(q).subtract(new BigDecimal(t));
    BigDecimal exactRhs =
        granularity.multiply(BigDecimal.valueOf(rho).subtract(BigDecimal.valueOf(nu)));
    return exactLhs.compareTo(exactRhs) >= 0;
  }

  /** Builds a {@link SparseVector}; each setter validates its argument at once. */
  public static final class Builder {
    private double epsilon = Double.NaN;
    private double sensitivity = Double.NaN;
    private double threshold = Double.NaN;
    private int maxPositives = 1;
    private boolean monotone;
    private double thresholdFraction = Double.NaN;
    private Randomness randomness = Randomness.secure();
    private PrivacyAccountant accountant;

    private Builder() {}

    /**
     * ε of one whole session.
     *
     * @param epsilon finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder epsilon(double epsilon) {
      this.epsilon = Checks.positiveFinite("epsilon", epsilon);
      return this;
    }

    /**
     * Δ: the largest change of any query's answer between neighbouring datasets.
     *
     * @param sensitivity finite, in [2^−1000, 2^1000]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder sensitivity(double sensitivity) {
      Checks.positiveFinite("sensitivity", sensitivity);
      if (sensitivity < 0x1.0p-1000 || sensitivity > 0x1.0p1000) {
        throw new IllegalArgumentException(
            "sensitivity must be in [2^-1000, 2^1000], got " + sensitivity);
      }
      this.sensitivity = sensitivity;
      return this;
    }

    /**
     * The public threshold T.
     *
     * @param threshold finite
     * @return this builder
     * @throws IllegalArgumentException if NaN or infinite
     */
    public Builder threshold(double threshold) {
      this.threshold = Checks.finite("threshold", threshold);
      return this;
    }

    /**
     * c: the number of positive answers after which a session halts (default 1, AboveThreshold).
     *
     * @param maxPositives in [1, {@link #MAX_POSITIVES}]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxPositives(int maxPositives) {
      Checks.inRange("maxPositives", maxPositives, 1, MAX_POSITIVES);
      this.maxPositives = maxPositives;
      return this;
    }

    /**
     * Declares the queries monotone (between any two neighbours, all answers move in the same
     * direction), which halves the query noise. Default false.
     *
     * @param monotone whether the queries are monotone
     * @return this builder
     */
    public Builder monotoneQueries(boolean monotone) {
      this.monotone = monotone;
      return this;
    }

    /**
     * Overrides the budget split: the fraction ε₁/ε spent on the threshold noise (default 1/(1 +
     * (2c)^(2/3)), or 1/(1 + c^(2/3)) for monotone queries, as Lyu, Su and Li recommend).
     *
     * @param fraction in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder thresholdBudgetFraction(double fraction) {
      this.thresholdFraction = Checks.openUnit("thresholdBudgetFraction", fraction);
      return this;
    }

    /**
     * The randomness (default {@link Randomness#secure()}).
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
     * An accountant charged ε when each session starts (default: none).
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
     * Builds the mechanism.
     *
     * @return an immutable, thread-safe mechanism
     * @throws IllegalStateException if epsilon, sensitivity or threshold was not set
     * @throws IllegalArgumentException if ε is so small that a noise scale overflows
     */
    public SparseVector build() {
      Checks.state(!Double.isNaN(epsilon), "epsilon must be set");
      Checks.state(!Double.isNaN(sensitivity), "sensitivity must be set");
      Checks.state(!Double.isNaN(threshold), "threshold must be set");
      return new SparseVector(this);
    }
  }
}
