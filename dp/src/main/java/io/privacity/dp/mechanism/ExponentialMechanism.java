package io.privacity.dp.mechanism;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.ExactSamplers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Private selection from a finite candidate set: the exponential mechanism (equivalently, report
 * noisy max with Gumbel noise) and permute-and-flip, both sampled exactly.
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>Given a utility u(D, r) for each candidate r whose sensitivity is at most Δ (for neighbouring
 * datasets D, D′ and every r, |u(D, r) − u(D′, r)| ≤ Δ, under the neighbouring relation of the
 * caller's choice), one {@link #selectIndex(double[])} is <b>ε-DP</b>, with ε exactly as configured
 * (the discretization below changes utility, not privacy). If the utility is <b>monotone</b> —
 * between any two neighbours all utilities move in the same direction (e.g. counts under adding or
 * removing one record) — {@link Builder#monotoneUtility(boolean)} halves the internal scale (ε/Δ
 * instead of ε/(2Δ)), and the selection is still ε-DP: the usual factor-2 improvement.
 *
 * <h2>Variants</h2>
 *
 * <ul>
 *   <li>{@link Variant#EXPONENTIAL} — P[r] ∝ exp(ε u_r / (2Δ)) (McSherry and Talwar 2007). Report
 *       noisy max with Gumbel(2Δ/ε) noise has exactly this distribution, so this is also
 *       "report-noisy-max with Gumbel noise"; Privacity samples it <b>without</b> Gumbel variates:
 *       a uniformly random candidate is accepted with probability exp(−ε(u* − u_r)/(2Δ)) (u* the
 *       largest utility) and the draw repeats until one is accepted, which yields exactly the
 *       exponential mechanism's distribution (expected k / Σ_r exp(−ε(u* − u_r)/(2Δ)) ≤ k trials
 *       for k candidates).
 *   <li>{@link Variant#PERMUTE_AND_FLIP} (default) — visit the candidates in uniformly random order
 *       and stop at the first r whose coin Bernoulli(exp(−ε(u* − u_r)/(2Δ))) comes up (the best
 *       candidate always stops the walk); ε-DP and never worse in expected utility than the
 *       exponential mechanism (McKenna and Sheldon 2020). It equals report noisy max with
 *       exponential noise (Ding et al. 2021).
 * </ul>
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>All randomness is integer: uniform indices and exact Bernoulli(exp(−γ)) coins for rational γ
 * (Canonne, Kamath and Steinke 2020, Algorithm 1). Utilities are mapped to integers m_r = ⌊u_r / g⌋
 * with the power-of-two granularity g = 2^(⌊log₂ Δ⌋ − 20); the integer utilities have sensitivity
 * Δ_m = ⌈Δ / g⌉, and the coin for r uses the exact rational γ_r = ε·min(m* − m_r, 2^61) / (2Δ_m) (ε
 * is a double, hence an exact dyadic rational). This is precisely the mechanism on the integer
 * utility ũ_r = max(m_r, m* − 2^61), whose sensitivity is at most Δ_m (and which is monotone when u
 * is), so the ε-DP proof applies verbatim. The cost is utility only: scores are resolved to
 * Δ·2^−20, and candidates more than 2^61·g ≥ 2^40·Δ below the best are treated as exactly that far
 * below (their probability is then below exp(−2^38·ε) instead of smaller). See {@code
 * docs/proofs/exponential-mechanism.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>The sensitivity bound Δ must hold for every candidate and every pair of neighbours; the
 *       mechanism cannot check it. Claim monotonicity only if it truly holds.
 *   <li>The candidate set must not depend on the private data.
 *   <li>Utilities must be finite; a NaN or infinite utility is rejected before any budget is
 *       charged.
 * </ul>
 *
 * <p>If an accountant is configured, each selection charges ε to it before any randomness is drawn
 * and throws {@link io.privacity.core.accounting.PrivacyBudgetExceededException} — selecting
 * nothing — if the budget does not allow it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>F. McSherry, K. Talwar. Mechanism Design via Differential Privacy. FOCS 2007.
 *   <li>R. McKenna, D. Sheldon. Permute-and-Flip: A new mechanism for differentially private
 *       selection. NeurIPS 2020.
 *   <li>Z. Ding, D. Kifer, S. Saghaian, T. Steinke, Y. Wang, Y. Xiao, D. Zhang. The
 *       Permute-and-Flip Mechanism is Identical to Report-Noisy-Max with Exponential Noise.
 *       arXiv:2105.07260, 2021.
 *   <li>C. Dwork, A. Roth. The Algorithmic Foundations of Differential Privacy, Section 3.4 (report
 *       noisy max, monotone utilities, the Gumbel equivalence).
 *   <li>C. Canonne, G. Kamath, T. Steinke. The Discrete Gaussian for Differential Privacy. NeurIPS
 *       2020 (exact Bernoulli(exp(−γ))).
 * </ul>
 *
 * @param <T> the candidate type
 */
public final class ExponentialMechanism<T> {
  /** How the selection is sampled. */
  public enum Variant {
    /**
     * The exponential mechanism, P[r] ∝ exp(ε u_r / (2Δ)); identical in distribution to report
     * noisy max with Gumbel noise.
     */
    EXPONENTIAL,
    /** Permute-and-flip (McKenna and Sheldon 2020). */
    PERMUTE_AND_FLIP
  }

  /** Bits of resolution of utilities relative to the sensitivity: g = 2^(⌊log₂ Δ⌋ − 20). */
  static final int GRANULARITY_BITS = 20;

  /** Utility gaps (in units of g) are capped here; see the class comment. */
  static final long MAX_GAP = 1L << 61;

  private static final String NAME = "ExponentialMechanism";

  private final List<T> candidates;
  private final double epsilon;
  private final double sensitivity;
  private final boolean monotone;
  private final Variant variant;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final int granularityExponent;
  private final long integerSensitivity;
  private final BigInteger gammaScaleNum;
  private final BigInteger gammaScaleDen;
  private final Guarantee guarantee;

  private ExponentialMechanism(Builder<T> b) {
    this.candidates = b.candidates;
    this.epsilon = b.epsilon;
    this.sensitivity = b.sensitivity;
    this.monotone = b.monotone;
    this.variant = b.variant;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
    this.granularityExponent = Math.getExponent(sensitivity) - GRANULARITY_BITS;
    // Δ_m = ⌈Δ / g⌉, exact: Δ / g is Δ scaled by a power of two.
    this.integerSensitivity = (long) Math.ceil(Math.scalb(sensitivity, -granularityExponent));
    // γ per unit of integer gap = ε / (factor · Δ_m), as an exact fraction: ε = M · 2^E.
    BigDecimal eps = new BigDecimal(epsilon);
    BigInteger num = eps.unscaledValue();
    BigInteger den = BigInteger.TEN.pow(Math.max(0, eps.scale()));
    if (eps.scale() < 0) {
      num = num.multiply(BigInteger.TEN.pow(-eps.scale()));
    }
    den = den.multiply(BigInteger.valueOf(integerSensitivity * (monotone ? 1 : 2)));
    BigInteger gcd = num.gcd(den);
    this.gammaScaleNum = num.divide(gcd);
    this.gammaScaleDen = den.divide(gcd);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("variant", variant.name());
    params.put("candidates", candidates.size());
    params.put("sensitivity", sensitivity);
    params.put("monotoneUtility", monotone);
    params.put("granularity", Math.scalb(1.0, granularityExponent));
    this.guarantee = new Guarantee(NAME, PrivacyLoss.pure(epsilon), params);
  }

  /**
   * A builder over the given candidates (required: epsilon, sensitivity).
   *
   * @param candidates the candidates, non-empty, no null element; copied
   * @param <T> the candidate type
   * @return a new builder
   * @throws IllegalArgumentException if the list is null, empty or has a null element
   */
  public static <T> Builder<T> builder(List<? extends T> candidates) {
    return new Builder<>(candidates);
  }

  /**
   * Selects a candidate by its utility, evaluated once per candidate.
   *
   * @param utility the utility of each candidate on the private data, with sensitivity ≤ Δ
   * @return the selected candidate
   * @throws IllegalArgumentException if the utility is null or returns a non-finite value
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   */
  public T select(ToDoubleFunction<? super T> utility) {
    Checks.notNull("utility", utility);
    double[] u = new double[candidates.size()];
    for (int i = 0; i < u.length; i++) {
      u[i] = utility.applyAsDouble(candidates.get(i));
    }
    return candidates.get(selectIndex(u));
  }

  /**
   * Selects the index of a candidate from its utilities.
   *
   * @param utilities u_r for each candidate, in candidate order, all finite
   * @return the selected index, in [0, k)
   * @throws IllegalArgumentException if the array is null, has the wrong length or a non-finite
   *     entry
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   */
  public int selectIndex(double[] utilities) {
    long[] gaps = gaps(utilities);
    Accounting.charge(accountant, guarantee);
    return variant == Variant.PERMUTE_AND_FLIP ? permuteAndFlip(gaps) : exponential(gaps);
  }

  /** min(m* − m_r, 2^61) for m_r = ⌊u_r / g⌋, validated. */
  long[] gaps(double[] utilities) {
    Checks.notNull("utilities", utilities);
    int k = candidates.size();
    if (utilities.length != k) {
      throw new IllegalArgumentException(
          "utilities must have length " + k + " (one per candidate), got " + utilities.length);
    }
    long[] m = new long[k];
    boolean fits = true;
    for (int i = 0; i < k; i++) {
      double u = utilities[i];
      if (!Double.isFinite(u)) {
        throw new IllegalArgumentException("utilities[" + i + "] must be finite, got " + u);
      }
      double scaled = Math.floor(Math.scalb(u, -granularityExponent));
      if (u < 0 && scaled == 0) {
        // u/g in (−1, 0) may underflow to −0.0 when g is huge; its floor is −1.
        scaled = -1;
      }
      if (Math.abs(scaled) >= 0x1.0p60) {
        fits = false;
      } else {
        m[i] = (long) scaled;
      }
    }
    long[] gaps = new long[k];
    if (fits) {
      long max = Long.MIN_VALUE;
      for (long v : m) {
        max = Math.max(max, v);
      }
      for (int i = 0; i < k; i++) {
        gaps[i] = Math.min(MAX_GAP, max - m[i]);
      }
      return gaps;
    }
    // Huge utilities relative to Δ: the same integers, computed exactly with BigDecimal.
    BigInteger[] big = new BigInteger[k];
    BigInteger max = null;
    for (int i = 0; i < k; i++) {
      big[i] =
          new BigDecimal(utilities[i])
              .multiply(new BigDecimal(Math.scalb(1.0, -granularityExponent)))
              .setScale(0, RoundingMode.FLOOR)
              .toBigIntegerExact();
      max = max == null ? big[i] : max.max(big[i]);
    }
    BigInteger cap = BigInteger.valueOf(MAX_GAP);
    for (int i = 0; i < k; i++) {
      gaps[i] = max.subtract(big[i]).min(cap).longValueExact();
    }
    return gaps;
  }

  private boolean accept(long gap) {
    if (gap == 0) {
      return true;
    }
    BigInteger num = gammaScaleNum.multiply(BigInteger.valueOf(gap));
    return ExactSamplers.bernoulliExpMinus(randomness, num, gammaScaleDen);
  }

  private int permuteAndFlip(long[] gaps) {
    int k = gaps.length;
    int[] order = new int[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    // Lazy Fisher–Yates: the i-th visited candidate is uniform among those not yet visited.
    for (int i = 0; i < k; i++) {
      int j = i + randomness.nextInt(k - i);
      int r = order[j];
      order[j] = order[i];
      order[i] = r;
      if (accept(gaps[r])) {
        return r;
      }
    }
    throw new AssertionError("the best candidate (gap 0) is always accepted");
  }

  private int exponential(long[] gaps) {
    int k = gaps.length;
    while (true) {
      int r = randomness.nextInt(k);
      if (accept(gaps[r])) {
        return r;
      }
    }
  }

  /**
   * The guarantee of one selection: ε-DP, with variant, candidate count, Δ and monotonicity.
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return guarantee;
  }

  /**
   * The candidates, in order.
   *
   * @return an immutable list
   */
  public List<T> candidates() {
    return candidates;
  }

  /**
   * The probability of each selection under the given utilities: the exact law of the sampler
   * (after the discretization described in the class comment), evaluated in floating point. For
   * tests and accuracy analysis; not used for sampling.
   *
   * <p><b>Warning:</b> the result is a deterministic function of the utilities and is <em>not</em>
   * private; never release it for utilities computed on private data.
   *
   * @param utilities the utilities, as for {@link #selectIndex(double[])}
   * @return P[select r] for each r
   * @throws IllegalArgumentException as for {@link #selectIndex(double[])}
   * @throws IllegalStateException for {@link Variant#PERMUTE_AND_FLIP} with more than 20 candidates
   *     (its exact law needs a sum over subsets)
   */
  public double[] selectionProbabilities(double[] utilities) {
    long[] gaps = gaps(utilities);
    int k = gaps.length;
    double scale =
        new BigDecimal(gammaScaleNum)
            .divide(new BigDecimal(gammaScaleDen), MathContext.DECIMAL64)
            .doubleValue();
    double[] w = new double[k];
    for (int i = 0; i < k; i++) {
      w[i] = Math.exp(-scale * gaps[i]);
    }
    double[] p = new double[k];
    if (variant == Variant.EXPONENTIAL) {
      double sum = 0;
      for (double x : w) {
        sum += x;
      }
      for (int i = 0; i < k; i++) {
        p[i] = w[i] / sum;
      }
      return p;
    }
    Checks.state(k <= 20, "exact permute-and-flip probabilities need k <= 20, got " + k);
    // P[reach subset S rejected, in some order] summed over subsets: the walk visits a uniformly
    // random unvisited candidate next. reach[S] = P[the first |S| visited are S, all rejected].
    double[] reach = new double[1 << k];
    reach[0] = 1;
    for (int s = 0; s < (1 << k); s++) {
      if (reach[s] == 0) {
        continue;
      }
      int remaining = k - Integer.bitCount(s);
      if (remaining == 0) {
        continue;
      }
      for (int r = 0; r < k; r++) {
        if ((s & (1 << r)) != 0) {
          continue;
        }
        double visit = reach[s] / remaining;
        p[r] += visit * w[r];
        reach[s | (1 << r)] += visit * (1 - w[r]);
      }
    }
    return p;
  }

  @Override
  public String toString() {
    return NAME
        + "{"
        + variant
        + ", ε="
        + epsilon
        + ", Δ="
        + sensitivity
        + (monotone ? ", monotone" : "")
        + ", k="
        + candidates.size()
        + "}";
  }

  /**
   * Builds an {@link ExponentialMechanism}; each setter validates its argument at once.
   *
   * @param <T> the candidate type
   */
  public static final class Builder<T> {
    private final List<T> candidates;
    private double epsilon = Double.NaN;
    private double sensitivity = Double.NaN;
    private boolean monotone;
    private Variant variant = Variant.PERMUTE_AND_FLIP;
    private Randomness randomness = Randomness.secure();
    private PrivacyAccountant accountant;

    private Builder(List<? extends T> candidates) {
      Checks.nonEmpty("candidates", candidates);
      List<T> copy = new ArrayList<>(candidates.size());
      for (int i = 0; i < candidates.size(); i++) {
        T c = candidates.get(i);
        if (c == null) {
          throw new IllegalArgumentException("candidates[" + i + "] must not be null");
        }
        copy.add(c);
      }
      this.candidates = Collections.unmodifiableList(copy);
    }

    /**
     * ε of one selection.
     *
     * @param epsilon finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder<T> epsilon(double epsilon) {
      this.epsilon = Checks.positiveFinite("epsilon", epsilon);
      return this;
    }

    /**
     * Δ: the largest change of any candidate's utility between neighbouring datasets.
     *
     * @param sensitivity finite and &gt; 0, in [2^−1000, 2^1000]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder<T> sensitivity(double sensitivity) {
      Checks.positiveFinite("sensitivity", sensitivity);
      if (sensitivity < 0x1.0p-1000 || sensitivity > 0x1.0p1000) {
        throw new IllegalArgumentException(
            "sensitivity must be in [2^-1000, 2^1000], got " + sensitivity);
      }
      this.sensitivity = sensitivity;
      return this;
    }

    /**
     * Declares the utility monotone (all candidates' utilities move in the same direction between
     * neighbours), which permits the scale ε/Δ instead of ε/(2Δ). Default false.
     *
     * @param monotone whether the utility is monotone
     * @return this builder
     */
    public Builder<T> monotoneUtility(boolean monotone) {
      this.monotone = monotone;
      return this;
    }

    /**
     * The sampling variant (default {@link Variant#PERMUTE_AND_FLIP}).
     *
     * @param variant the variant
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder<T> variant(Variant variant) {
      this.variant = Checks.notNull("variant", variant);
      return this;
    }

    /**
     * The randomness (default {@link Randomness#secure()}).
     *
     * @param randomness the randomness
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder<T> randomness(Randomness randomness) {
      this.randomness = Checks.notNull("randomness", randomness);
      return this;
    }

    /**
     * An accountant charged ε before every selection (default: none).
     *
     * @param accountant the accountant
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder<T> accountant(PrivacyAccountant accountant) {
      this.accountant = Checks.notNull("accountant", accountant);
      return this;
    }

    /**
     * Builds the mechanism.
     *
     * @return an immutable, thread-safe mechanism
     * @throws IllegalStateException if epsilon or sensitivity was not set
     */
    public ExponentialMechanism<T> build() {
      Checks.state(!Double.isNaN(epsilon), "epsilon must be set");
      Checks.state(!Double.isNaN(sensitivity), "sensitivity must be set");
      return new ExponentialMechanism<>(this);
    }
  }
}
