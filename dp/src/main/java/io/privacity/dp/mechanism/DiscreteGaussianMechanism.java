package io.privacity.dp.mechanism;

import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The discrete Gaussian mechanism on integers: adds Y ~ N_Z(0, σ²), P(Y = y) ∝ exp(−y²/(2σ²)),
 * sampled exactly by Canonne, Kamath and Steinke's Algorithm 3.
 *
 * <pre>{@code
 * DiscreteGaussianMechanism dg =
 *     DiscreteGaussianMechanism.builder().rho(0.5).l2Sensitivity(1).build();
 * long noisyCount = dg.addNoise(1234L);
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>Each call is ρ-zCDP (built with {@link Builder#rho}; σ² ≥ Δ²/(2ρ), CKS 2020 Theorem 4) or (ε,
 * δ)-DP (built with ε and δ; σ from a rigorous upper bound on the discrete Gaussian's exact privacy
 * profile, CKS 2020 Theorem 7), for integer values that change by at most the integer sensitivity Δ
 * between neighbours. Proof: {@code docs/proofs/discrete.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>Δ must bound the change of the value between neighbours.
 *   <li>Every call spends the guarantee once; pass a {@link PrivacyAccountant} to have each call
 *       charged before any noise is drawn. <b>Warning:</b> the basic accountant composes (ε, δ)
 *       only and refuses (fail closed) a ρ-zCDP charge.
 * </ul>
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>Integers in, integers out; every random decision compares random integers with integers. σ² is
 * a rational rounded <em>up</em> from the calibrated value: n/2^(29 − 2L) for σ ≤ 2^L &lt; 4096
 * (relative excess below 2^−27), else a·2^j with 2^j within a factor √2 of σ (relative excess below
 * √2/σ) (see {@code docs/proofs/discrete.md}); the exact value is reported as {@code sigma}.
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
 *       2020.
 *   <li>B. Balle, Y.-X. Wang. Improving the Gaussian Mechanism for Differential Privacy. ICML 2018.
 * </ul>
 */
public final class DiscreteGaussianMechanism {
  private static final String NAME = "DiscreteGaussianMechanism";

  private final long l2Sensitivity;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final GaussianNoise noise;
  private final Guarantee guarantee;

  private DiscreteGaussianMechanism(Builder b, GaussianLoss target) {
    this.l2Sensitivity = b.l2Sensitivity;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
    this.noise = target.noise(l2Sensitivity, 0);
    if (!(noise.sigma() <= 0x1p30)) {
      throw new IllegalArgumentException(
          "the calibrated sigma must be <= 2^30, got " + noise.sigma());
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("l2Sensitivity", l2Sensitivity);
    p.put("granularity", 1);
    p.put("sigma", noise.sigma());
    p.put("calibration", target.calibration());
    p.put("sampler", "exact discrete Gaussian (CKS 2020 Alg. 3)");
    this.guarantee = new Guarantee(NAME, target.loss(noise), p);
  }

  /**
   * A builder: set {@link Builder#l2Sensitivity} and either ε and δ, or ρ.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds discrete Gaussian noise.
   *
   * @param value the true value
   * @return the noisy value
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   *     the charge (no noise is drawn)
   */
  public long addNoise(long value) {
    Accounting.charge(accountant, guarantee);
    return Lattice.releaseLong(value, 0, noise.sample(randomness));
  }

  /**
   * What one call guarantees, with the sensitivity and σ.
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return guarantee;
  }

  /**
   * σ: the square root of the exact rational σ² used.
   *
   * @return σ
   */
  public double sigma() {
    return noise.sigma();
  }

  /**
   * An interval that contains the true value with probability at least {@code level}: value ± w,
   * with w from the exact tail of N_Z(0, σ²) (summation for σ ≤ 256, a rigorous bound above).
   *
   * @param noisyValue a value released by this mechanism
   * @param level the confidence level, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if noisyValue is not finite or level is not in (0, 1)
   */
  public ConfidenceInterval confidenceInterval(double noisyValue, double level) {
    Checks.finite("noisyValue", noisyValue);
    Lattice.level(level);
    long w = noise.halfWidth(level);
    return Lattice.integerInterval(noisyValue, w, level);
  }

  @Override
  public String toString() {
    return "DiscreteGaussianMechanism{"
        + guarantee.loss()
        + ", l2Sensitivity="
        + l2Sensitivity
        + ", sigma="
        + sigma()
        + ", randomness="
        + randomness
        + "}";
  }

  /** Builds a {@link DiscreteGaussianMechanism}; each setter validates its argument at once. */
  public static final class Builder {
    private double epsilon = Double.NaN;
    private double delta = Double.NaN;
    private double rho = Double.NaN;
    private long l2Sensitivity;
    private Randomness randomness = Randomness.secure();
    private PrivacyAccountant accountant;

    private Builder() {}

    /**
     * ε of an (ε, δ) guarantee (set δ too; do not set ρ).
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
     * δ of an (ε, δ) guarantee.
     *
     * @param delta δ, in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if δ is not in (0, 1)
     */
    public Builder delta(double delta) {
      this.delta = GaussianNoise.checkDelta(delta);
      return this;
    }

    /**
     * ρ of a ρ-zCDP guarantee (instead of ε and δ).
     *
     * @param rho ρ, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if ρ is NaN, infinite or ≤ 0
     */
    public Builder rho(double rho) {
      this.rho = Checks.positiveFinite("rho", rho);
      return this;
    }

    /**
     * The integer L2 sensitivity Δ.
     *
     * @param l2Sensitivity Δ, &gt;= 1
     * @return this builder
     * @throws IllegalArgumentException if Δ &lt; 1
     */
    public Builder l2Sensitivity(long l2Sensitivity) {
      this.l2Sensitivity = Checks.positive("l2Sensitivity", l2Sensitivity);
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
     * An accountant charged before each release; optional.
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
     * @throws IllegalStateException if Δ is unset, or neither (ε and δ) nor ρ alone is set
     * @throws IllegalArgumentException if the calibrated σ exceeds 2^30
     */
    public DiscreteGaussianMechanism build() {
      Checks.state(l2Sensitivity != 0, "l2Sensitivity must be set");
      return new DiscreteGaussianMechanism(this, new GaussianLoss(epsilon, delta, rho));
    }
  }
}
