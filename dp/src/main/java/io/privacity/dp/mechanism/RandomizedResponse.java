package io.privacity.dp.mechanism;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.Descriptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Randomized response over k categories (k-RR, "direct encoding"; binary randomized response when k
 * = 2): each respondent reports their true category with probability p = e^ε/(e^ε + k − 1) and each
 * other category with probability q = 1/(e^ε + k − 1). The collector de-biases the report counts
 * with {@link #estimateCounts(long[])}.
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>Each call of {@link #respond(int)} is ε-<em>local</em> DP for the respondent's value: for any
 * two true values v, v′ and any report y, P[y | v] ≤ e^ε P[y | v′]. The ε is the <em>effective</em>
 * ε reported by {@link #guarantee()}, which is at most the requested one (see below). The privacy
 * unit is one respondent's single value; a respondent who answers t times spends t·ε.
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>No floating-point number is involved in the random decision. The ratio e^ε is rationalized
 * downwards as A / 2^s (A an integer, s chosen so that A + (k−1)·2^s &lt; 2^62); a report is one
 * uniform integer r in [0, A + (k−1)·2^s): the truth if r &lt; A, otherwise the other category with
 * index ⌊(r − A) / 2^s⌋. Hence p = A/(A + (k−1)2^s) and q = 2^s/(A + (k−1)2^s) exactly, and the
 * effective ε = ln(A / 2^s) ≤ the requested ε. {@link #guarantee()} reports that effective ε
 * rounded upwards (so it is never under-reported), and {@link #truthNumerator()} etc. expose the
 * exact integers. See {@code docs/proofs/randomized-response.md}.
 *
 * <h2>Estimation</h2>
 *
 * <p>With n reports of which c_v name category v, n̂_v = (c_v − n q)/(p − q) is an unbiased
 * estimate of the number n_v of respondents whose true value is v, with variance (n_v p(1−p) + (n −
 * n_v) q(1−q))/(p − q)² (Wang, Blocki, Li and Jha 2017, Section 4.1). Estimates can be negative;
 * clip only if bias is acceptable.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>Run {@link #respond(int)} where the respondent's raw value is (on their device); only the
 *       report may leave.
 *   <li>Never re-randomize the same value with fresh randomness and release both reports unless the
 *       budget covers it: t reports cost t·ε.
 * </ul>
 *
 * <p>If an accountant is configured, every {@link #respond} first charges the effective ε to it and
 * throws {@link io.privacity.core.accounting.PrivacyBudgetExceededException} — drawing no
 * randomness — if the budget does not allow it.
 *
 * <p>Instances are immutable and thread-safe (the accountant and randomness are thread-safe).
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>S. L. Warner. Randomized response: a survey technique for eliminating evasive answer bias.
 *       JASA 60(309), 1965.
 *   <li>T. Wang, J. Blocki, N. Li, S. Jha. Locally Differentially Private Protocols for Frequency
 *       Estimation. USENIX Security 2017 (direct encoding, its variance).
 *   <li>P. Kairouz, S. Oh, P. Viswanath. Extremal Mechanisms for Local Differential Privacy.
 *       NeurIPS 2014.
 * </ul>
 */
public final class RandomizedResponse {
  /** Largest accepted ε: beyond it randomized response is the identity for all practical use. */
  public static final double MAX_EPSILON = 30;

  /** Largest accepted number of categories. */
  public static final int MAX_CATEGORIES = 1 << 24;

  private static final String NAME = "RandomizedResponse";

  private final int categories;
  private final double requestedEpsilon;
  private final double effectiveEpsilon;
  private final long truthNumerator;
  private final int shift;
  private final long denominator;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final Guarantee guarantee;

  private RandomizedResponse(Builder b) {
    this.categories = b.categories;
    this.requestedEpsilon = b.epsilon;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
    double expEps = Math.exp(b.epsilon);
    // Largest s <= 52 with A + (k-1)·2^s < 2^62, where A < e^ε·2^s + 1.
    int s = 52;
    while (s > 0 && (expEps + categories) * Math.scalb(1.0, s) >= 0x1.0p61) {
      s--;
    }
    long unit = 1L << s;
    // Aim slightly (relative 2^-44) below e^ε so that the rounded-up effective ε fits the request.
    long a = (long) Math.floor(Math.scalb(expEps * (1 - 0x1.0p-44), s));
    double eff = effectiveEpsilon(a, s);
    // Math.exp may round up: step A down until the reported (rounded-up) ε is within the request.
    while (a > unit && eff > b.epsilon) {
      a--;
      eff = effectiveEpsilon(a, s);
    }
    if (a <= unit) {
      throw new IllegalArgumentException(
          "epsilon must be large enough that e^epsilon > 1 + 2^-"
              + s
              + " (no randomization would be informative), got "
              + b.epsilon);
    }
    this.truthNumerator = a;
    this.shift = s;
    this.denominator = a + (categories - 1) * unit;
    this.effectiveEpsilon = eff;
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("categories", categories);
    params.put("requestedEpsilon", requestedEpsilon);
    params.put("truthNumerator", truthNumerator);
    params.put("otherNumerator", unit);
    params.put("denominator", denominator);
    params.put("neighbouring", "any two values of one respondent (local DP)");
    // Describes the exact truth probability A/D (rounded up: more truth is more loss) so that
    // curve-based accountants compose randomized response's exact curve.
    this.guarantee =
        new Guarantee(
            NAME,
            Descriptions.calibrated(
                () ->
                    PrivacyLoss.randomizedResponse(
                        Math.nextUp((double) truthNumerator / denominator), categories),
                PrivacyLoss.pure(effectiveEpsilon)),
            params);
  }

  /** ln(A / 2^s), computed in floating point and rounded upwards. */
  private static double effectiveEpsilon(long a, int s) {
    double x = Math.scalb((double) (a - (1L << s)), -s);
    double eps = Math.log1p(Math.nextUp(x));
    return Math.nextUp(eps * (1 + 0x1.0p-50));
  }

  /**
   * Binary randomized response with ε-local DP and secure randomness.
   *
   * @param epsilon requested ε, finite, in (0, {@link #MAX_EPSILON}]
   * @return the mechanism
   * @throws IllegalArgumentException if ε is out of range
   */
  public static RandomizedResponse binary(double epsilon) {
    return builder().epsilon(epsilon).categories(2).build();
  }

  /**
   * k-ary randomized response with ε-local DP and secure randomness.
   *
   * @param epsilon requested ε, finite, in (0, {@link #MAX_EPSILON}]
   * @param categories k, in [2, {@link #MAX_CATEGORIES}]
   * @return the mechanism
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static RandomizedResponse kAry(double epsilon, int categories) {
    return builder().epsilon(epsilon).categories(categories).build();
  }

  /**
   * A builder (required: epsilon; default: 2 categories, secure randomness, no accountant).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Randomizes one category.
   *
   * @param category the true category, in [0, k)
   * @return the reported category, in [0, k)
   * @throws IllegalArgumentException if the category is out of range
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   */
  public int respond(int category) {
    Checks.inRange("category", category, 0, categories - 1);
    Accounting.charge(accountant, guarantee);
    long r = randomness.nextLong(denominator);
    if (r < truthNumerator) {
      return category;
    }
    int other = (int) ((r - truthNumerator) >>> shift);
    return other < category ? other : other + 1;
  }

  /**
   * Randomizes one bit (binary randomized response; category 1 is {@code true}).
   *
   * @param truth the true bit
   * @return the reported bit
   * @throws IllegalStateException if this mechanism has more than 2 categories
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   */
  public boolean respond(boolean truth) {
    Checks.state(categories == 2, "respond(boolean) needs 2 categories, this has " + categories);
    return respond(truth ? 1 : 0) == 1;
  }

  /**
   * The guarantee: effective ε (≤ requested, rounded up), categories and the exact integers.
   *
   * @return the guarantee of one report
   */
  public Guarantee guarantee() {
    return guarantee;
  }

  /**
   * Number of categories k.
   *
   * @return k
   */
  public int categories() {
    return categories;
  }

  /**
   * The effective ε = ln(A/2^s), rounded upwards; at most the requested ε.
   *
   * @return the effective ε
   */
  public double effectiveEpsilon() {
    return effectiveEpsilon;
  }

  /**
   * A: the truth is reported with probability A / {@link #denominator()}.
   *
   * @return A
   */
  public long truthNumerator() {
    return truthNumerator;
  }

  /**
   * 2^s: each other category is reported with probability 2^s / {@link #denominator()}.
   *
   * @return 2^s
   */
  public long otherNumerator() {
    return 1L << shift;
  }

  /**
   * A + (k − 1)·2^s.
   *
   * @return the common denominator of the report probabilities
   */
  public long denominator() {
    return denominator;
  }

  /**
   * p: the probability of reporting the true category.
   *
   * @return p
   */
  public double truthProbability() {
    return (double) truthNumerator / denominator;
  }

  /**
   * q: the probability of reporting one given other category.
   *
   * @return q
   */
  public double otherProbability() {
    return (double) otherNumerator() / denominator;
  }

  /**
   * Unbiased estimates of how many respondents hold each category, from the report counts.
   *
   * @param reportCounts c_v for v in [0, k): how many reports named v; each &ge; 0
   * @return n̂_v = (c_v − n q)/(p − q), where n = Σ c_v
   * @throws IllegalArgumentException if the array is null, has the wrong length or a negative entry
   */
  public double[] estimateCounts(long[] reportCounts) {
    long n = total(reportCounts);
    double p = truthProbability();
    double q = otherProbability();
    double[] est = new double[categories];
    for (int v = 0; v < categories; v++) {
      est[v] = (reportCounts[v] - n * q) / (p - q);
    }
    return est;
  }

  /**
   * The exact variance of one count estimate n̂_v.
   *
   * @param respondents n, &ge; 1
   * @param trueCount n_v, in [0, n]
   * @return (n_v p(1−p) + (n − n_v) q(1−q)) / (p − q)²
   * @throws IllegalArgumentException if out of range
   */
  public double countVariance(long respondents, double trueCount) {
    Checks.positive("respondents", respondents);
    if (!(trueCount >= 0 && trueCount <= respondents)) {
      throw new IllegalArgumentException(
          "trueCount must be in [0, " + respondents + "], got " + trueCount);
    }
    double p = truthProbability();
    double q = otherProbability();
    double d = p - q;
    return (trueCount * p * (1 - p) + (respondents - trueCount) * q * (1 - q)) / (d * d);
  }

  /**
   * Plug-in estimates of the variances of {@link #estimateCounts(long[])}: {@link
   * #countVariance(long, double)} at the estimated count clipped to [0, n].
   *
   * @param reportCounts the report counts, as for {@link #estimateCounts(long[])}
   * @return estimated variances, one per category
   * @throws IllegalArgumentException as for {@link #estimateCounts(long[])}, or if all counts are 0
   */
  public double[] estimateCountVariances(long[] reportCounts) {
    double[] est = estimateCounts(reportCounts);
    long n = Checks.positive("total report count", total(reportCounts));
    double[] var = new double[categories];
    for (int v = 0; v < categories; v++) {
      var[v] = countVariance(n, Math.min(n, Math.max(0, est[v])));
    }
    return var;
  }

  private long total(long[] reportCounts) {
    Checks.notNull("reportCounts", reportCounts);
    if (reportCounts.length != categories) {
      throw new IllegalArgumentException(
          "reportCounts must have length " + categories + ", got " + reportCounts.length);
    }
    long n = 0;
    for (int v = 0; v < categories; v++) {
      if (reportCounts[v] < 0) {
        throw new IllegalArgumentException(
            "reportCounts[" + v + "] must be >= 0, got " + reportCounts[v]);
      }
      n = Math.addExact(n, reportCounts[v]);
    }
    return n;
  }

  @Override
  public String toString() {
    return NAME
        + "{k="
        + categories
        + ", ε="
        + effectiveEpsilon
        + " (requested "
        + requestedEpsilon
        + "), p="
        + truthNumerator
        + "/"
        + denominator
        + "}";
  }

  /** Builds a {@link RandomizedResponse}; each setter validates its argument at once. */
  public static final class Builder {
    private double epsilon = Double.NaN;
    private int categories = 2;
    private Randomness randomness = Randomness.secure();
    private PrivacyAccountant accountant;

    private Builder() {}

    /**
     * The requested ε; the effective ε is at most this.
     *
     * @param epsilon finite, in (0, {@link #MAX_EPSILON}]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder epsilon(double epsilon) {
      Checks.positiveFinite("epsilon", epsilon);
      if (epsilon > MAX_EPSILON) {
        throw new IllegalArgumentException(
            "epsilon must be in (0, " + MAX_EPSILON + "], got " + epsilon);
      }
      this.epsilon = epsilon;
      return this;
    }

    /**
     * The number of categories k (2 for binary randomized response).
     *
     * @param categories in [2, {@link #MAX_CATEGORIES}]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder categories(int categories) {
      Checks.inRange("categories", categories, 2, MAX_CATEGORIES);
      this.categories = categories;
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
     * An accountant charged the effective ε before every report (default: none).
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
     * @throws IllegalStateException if epsilon was not set
     * @throws IllegalArgumentException if ε is too small to be represented
     */
    public RandomizedResponse build() {
      Checks.state(!Double.isNaN(epsilon), "epsilon must be set");
      return new RandomizedResponse(this);
    }
  }
}
