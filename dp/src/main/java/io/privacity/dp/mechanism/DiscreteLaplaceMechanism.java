package io.privacity.dp.mechanism;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.Descriptions;
import io.privacity.dp.internal.ExactSamplers;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The discrete Laplace (geometric) mechanism on integers: adds Z with P(Z = z) ∝ exp(−|z|/t), t ≥
 * Δ/ε, sampled exactly by Canonne, Kamath and Steinke's Algorithm 2.
 *
 * <pre>{@code
 * DiscreteLaplaceMechanism dl =
 *     DiscreteLaplaceMechanism.builder().epsilon(1).l1Sensitivity(1).build();
 * long noisyCount = dl.addNoise(1234L);
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>Each call is ε-differentially private (pure DP) for integer values that change by at most the
 * integer L1 sensitivity Δ between neighbours (e.g. a count under add/remove of one record whose
 * contribution is bounded by Δ). The output ratio for a shift of d ≤ Δ is at most exp(d/t) ≤ e^ε.
 * Proof: {@code docs/proofs/discrete.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>Δ must bound the change of the value between neighbours.
 *   <li>Every call spends ε; pass a {@link PrivacyAccountant} to have each call charged before any
 *       noise is drawn.
 * </ul>
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>Inputs and outputs are integers and every random decision compares random integers with
 * integers; no floating-point value is ever derived from randomness. The scale is rationalised
 * conservatively: t = num/2^20 with num = ⌈Δ·2^20/ε⌉ + 1 (computed with a relative margin that
 * covers the rounding of the division), so t ≥ Δ/ε.
 *
 * <p>Every long input is released correctly (no clamping): the sum is computed exactly and
 * saturates only at the ends of the long range (a move towards the input, so the confidence
 * interval still covers it).
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Citations</h2>
 *
 * <ul>
 *   <li>C. Canonne, G. Kamath, T. Steinke. The Discrete Gaussian for Differential Privacy. NeurIPS
 *       2020 (Algorithms 1 and 2).
 *   <li>A. Ghosh, T. Roughgarden, M. Sundararajan. Universally Utility-Maximizing Privacy
 *       Mechanisms. STOC 2009 (the geometric mechanism).
 *   <li>I. Mironov. On Significance of the Least Significant Bits for Differential Privacy. CCS
 *       2012.
 * </ul>
 */
public final class DiscreteLaplaceMechanism {
  private static final String NAME = "DiscreteLaplaceMechanism";
  private static final int SCALE_BITS = 20;

  private final double epsilon;
  private final long l1Sensitivity;
  private final long scaleNum;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final Guarantee guarantee;

  private DiscreteLaplaceMechanism(Builder b) {
    this.epsilon = b.epsilon;
    this.l1Sensitivity = b.l1Sensitivity;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
    double scale = l1Sensitivity / epsilon;
    if (!(scale <= 0x1p40)) {
      throw new IllegalArgumentException("l1Sensitivity/epsilon must be <= 2^40, got " + scale);
    }
    this.scaleNum = (long) Math.ceil(Math.scalb(scale, SCALE_BITS) * (1 + 1e-12)) + 1;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("l1Sensitivity", l1Sensitivity);
    p.put("granularity", 1);
    p.put("scale", scale());
    p.put("sampler", "exact discrete Laplace (CKS 2020 Alg. 2)");
    // Describes the noise drawn (scale scaleNum/2^20, rounded down once more for the double) so
    // that curve-based accountants compose the discrete Laplace's exact curve.
    this.guarantee =
        new Guarantee(
            NAME,
            Descriptions.calibrated(
                () ->
                    PrivacyLoss.discreteLaplace(
                        Math.nextDown(Math.scalb((double) scaleNum, -SCALE_BITS)), l1Sensitivity),
                PrivacyLoss.pure(epsilon)),
            p);
  }

  /**
   * A builder; {@link Builder#epsilon} and {@link Builder#l1Sensitivity} are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds discrete Laplace noise.
   *
   * @param value the true value
   * @return the noisy value
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   *     the charge (no noise is drawn)
   */
  public long addNoise(long value) {
    Accounting.charge(accountant, guarantee);
    long z = ExactSamplers.discreteLaplace(randomness, scaleNum, 1L << SCALE_BITS);
    if (Math.abs(z) < Lattice.SATURATION) {
      return Lattice.releaseLong(value, 0, z);
    }
    BigInteger m =
        ExactSamplers.discreteLaplaceBeyondSaturation(randomness, scaleNum, 1L << SCALE_BITS);
    return Lattice.releaseLong(value, 0, z < 0 ? m.negate() : m);
  }

  /**
   * What one call guarantees: pure ε-DP, with the sensitivity and scale.
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return guarantee;
  }

  /**
   * The scale t ≥ Δ/ε actually used (exactly num/2^20, shown as a double).
   *
   * @return the scale
   */
  public double scale() {
    return Math.scalb((double) scaleNum, -SCALE_BITS);
  }

  /**
   * An interval that contains the true value with probability at least {@code level}: value ± w
   * with w the smallest integer with P(|Z| &gt; w) ≤ 1 − level, from the exact tail 2q^{w+1}/(1+q),
   * q = exp(−1/t).
   *
   * @param noisyValue a value released by this mechanism
   * @param level the confidence level, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if noisyValue is not finite or level is not in (0, 1)
   */
  public ConfidenceInterval confidenceInterval(double noisyValue, double level) {
    Checks.finite("noisyValue", noisyValue);
    Lattice.level(level);
    double gamma = Math.scalb(1.0, SCALE_BITS) / scaleNum;
    long w = Lattice.geometricHalfWidth(gamma, level);
    return Lattice.integerInterval(noisyValue, w, level);
  }

  @Override
  public String toString() {
    return "DiscreteLaplaceMechanism{epsilon="
        + epsilon
        + ", l1Sensitivity="
        + l1Sensitivity
        + ", scale="
        + scale()
        + ", randomness="
        + randomness
        + "}";
  }

  /** Builds a {@link DiscreteLaplaceMechanism}; each setter validates its argument at once. */
  public static final class Builder {
    private double epsilon = Double.NaN;
    private long l1Sensitivity;
    private Randomness randomness = Randomness.secure();
    private PrivacyAccountant accountant;

    private Builder() {}

    /**
     * The privacy parameter ε.
     *
     * @param epsilon ε, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if ε is NaN, infinite or ≤ 0
     */
    public Builder epsilon(double epsilon) {
      this.epsilon = Checks.positiveFinite("epsilon", epsilon);
      return this;
    }

    /**
     * The integer L1 sensitivity Δ.
     *
     * @param l1Sensitivity Δ, &gt;= 1
     * @return this builder
     * @throws IllegalArgumentException if Δ &lt; 1
     */
    public Builder l1Sensitivity(long l1Sensitivity) {
      this.l1Sensitivity = Checks.positive("l1Sensitivity", l1Sensitivity);
      return this;
    }

    /**
     * The randomness; defaults to {@link Randomness#secure()}.
     *
     * @param randomness the source of random bits, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder randomness(Randomness randomness) {
      this.randomness = Checks.notNull("randomness", randomness);
      return this;
    }

    /**
     * An accountant charged ε before each release; optional.
     *
     * @param accountant the accountant, not null
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
     * @return the mechanism
     * @throws IllegalStateException if ε or Δ was not set
     * @throws IllegalArgumentException if Δ/ε &gt; 2^40
     */
    public DiscreteLaplaceMechanism build() {
      Checks.state(!Double.isNaN(epsilon), "epsilon must be set");
      Checks.state(l1Sensitivity != 0, "l1Sensitivity must be set");
      return new DiscreteLaplaceMechanism(this);
    }
  }
}
