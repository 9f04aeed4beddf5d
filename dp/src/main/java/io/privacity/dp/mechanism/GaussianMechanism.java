package io.privacity.dp.mechanism;

import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Gaussian mechanism, made safe for floating point: adds exact discrete Gaussian noise on a
 * power-of-two lattice, calibrated for (ε, δ)-DP or ρ-zCDP.
 *
 * <pre>{@code
 * GaussianMechanism gauss =
 *     GaussianMechanism.builder().epsilon(1).delta(1e-6).l2Sensitivity(1).build();
 * double noisySum = gauss.addNoise(5321.0);
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>Each call is (ε, δ)-differentially private (when built with {@link Builder#epsilon} and {@link
 * Builder#delta}) or ρ-zero-concentrated DP (when built with {@link Builder#rho}), with respect to
 * any neighbouring relation under which the caller's value changes by at most the L2 sensitivity Δ
 * (for a scalar, |x − x'| ≤ Δ). Proof: {@code docs/proofs/gaussian.md}.
 *
 * <p>Calibration. The lattice noise is the discrete Gaussian N_Z(0, σ_L²) in lattice units, with an
 * integer sensitivity S. For (ε, δ) we use the exact privacy profile of the discrete Gaussian
 * (Canonne, Kamath, Steinke 2020, Theorem 7), the discrete analogue of the analytic Gaussian
 * mechanism of Balle and Wang (2018): δ = P[Y &gt; εσ²/S − S/2] − e^ε·P[Y &gt; εσ²/S + S/2]. We
 * bound it from above rigorously (exact summation of the terms that matter, sum–integral and
 * Poisson-summation bounds for the rest) and search the smallest σ whose bound is ≤ δ; σ² is then
 * rounded <em>up</em> to a rational, and never below the analytic σ* of Balle and Wang for Δ. The
 * standard deviation of the released noise is within 1% of σ* (and never below it) for every
 * accepted (ε, δ, Δ) on both entry points; {@code guarantee().parameters()} shows σ ({@code sigma},
 * {@code integerSigma}) and σ* ({@code continuousSigma}). For ρ-zCDP, σ² ≥ S²/(2ρ) (CKS 2020,
 * Theorem 4: the discrete Gaussian has the same zCDP guarantee as the continuous one).
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>Δ must bound the change of the value between neighbours; the mechanism cannot check it.
 *   <li>Every call spends the guarantee once. Pass a {@link PrivacyAccountant} to have each call
 *       charged before noise is drawn. <b>Warning:</b> the basic accountant composes (ε, δ) only; a
 *       ρ-zCDP mechanism's charge is refused by it (fail closed), so convert with an (ε, δ)
 *       mechanism or an accountant that composes zCDP.
 * </ul>
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>As for {@link LaplaceMechanism} (Mironov 2012; Google's "Secure Noise Generation" 2020): the
 * granularity g = 2^k is fixed by the parameters — the smallest power of two ≥ σ*·2^−24, made finer
 * if needed so that Δ/g ≥ 2^10 (and never finer than Δ·2^−60) — so the input rounded to a multiple
 * of g has lattice sensitivity S = ⌈Δ/g⌉ with S·g ≤ Δ + g ≤ Δ·(1 + 2^−10) (for a scalar; a
 * d-dimensional vector would need Δ + g·√d); the noise is an exact discrete Gaussian integer (CKS
 * 2020, Algorithm 3), drawn with integer arithmetic only; the release (round(x/g) + Y)·g is
 * computed exactly and rounded once to the nearest double, for every finite input (no clamping).
 * For {@link #addNoise(long)} the lattice is g when g ≥ 1; otherwise the integers themselves, with
 * sensitivity ⌊Δ⌋ (integers at most Δ apart differ by at most ⌊Δ⌋) and σ calibrated for it, never
 * below σ*.
 *
 * <p><b>Warning:</b> {@link #addNoise(long)} refuses (with an {@link IllegalArgumentException},
 * before charging) when σ exceeds 2^56 (about 7.2·10^16), more than a long carries; use {@link
 * #addNoise(double)} there. The builder accepts σ* within [2^−40, 2^40]·Δ (noise beyond a trillion
 * sensitivities carries no information). NaN and infinite inputs are rejected.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Citations</h2>
 *
 * <ul>
 *   <li>B. Balle, Y.-X. Wang. Improving the Gaussian Mechanism for Differential Privacy: Analytical
 *       Calibration and Optimal Denoising. ICML 2018.
 *   <li>C. Canonne, G. Kamath, T. Steinke. The Discrete Gaussian for Differential Privacy. NeurIPS
 *       2020.
 *   <li>I. Mironov. On Significance of the Least Significant Bits for Differential Privacy. CCS
 *       2012.
 *   <li>Google differential privacy team. Secure Noise Generation. 2020.
 *   <li>M. Bun, T. Steinke. Concentrated Differential Privacy. TCC 2016.
 * </ul>
 */
public final class GaussianMechanism {
  private static final String NAME = "GaussianMechanism";

  private final double l2Sensitivity;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final Guarantee guarantee;
  private final Guarantee guaranteeLong;
  private final int k;
  private final GaussianNoise noise;
  private final int kInt;
  private final GaussianNoise noiseInt;
  private final String longRefusal;

  private GaussianMechanism(Builder b, GaussianLoss target) {
    this.l2Sensitivity = b.l2Sensitivity;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
    double sigmaStar = target.continuousSigma(l2Sensitivity);
    if (!(sigmaStar >= 0x1p-900 && sigmaStar <= 0x1p900)) {
      throw new IllegalArgumentException(
          "the calibrated sigma must be in [2^-900, 2^900], got " + sigmaStar);
    }
    double ratio = sigmaStar / l2Sensitivity;
    if (!(ratio >= 0x1p-40 && ratio <= 0x1p40)) {
      throw new IllegalArgumentException(
          "the calibrated sigma must be within [2^-40, 2^40] times l2Sensitivity, got sigma="
              + sigmaStar
              + " for l2Sensitivity="
              + l2Sensitivity
              + " (ratio "
              + ratio
              + ")");
    }
    // σ_L = σ*/g ∈ [2^19, 2^51] lattice units and S = ⌈Δ/g⌉ ≥ 2^10 (see the class comment).
    this.k =
        Math.min(
            Math.max(Lattice.ceilLog2(sigmaStar) - 24, Lattice.ceilLog2(l2Sensitivity) - 60),
            Math.getExponent(l2Sensitivity) - 10);
    long units = Lattice.sensitivityUnits(l2Sensitivity, k);
    this.noise = target.noise(units, Math.scalb(sigmaStar, -k));
    if (k >= 0) {
      this.kInt = k;
      this.noiseInt = noise;
    } else {
      // Integer inputs at most Δ apart differ by at most ⌊Δ⌋ (0 if Δ < 1: then only σ* binds);
      // k < 0 implies Δ < 2^60 (k ≥ ⌈log₂ Δ⌉ − 60).
      this.kInt = 0;
      this.noiseInt = target.noise((long) Math.floor(l2Sensitivity), sigmaStar);
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("l2Sensitivity", l2Sensitivity);
    p.put("granularity", granularity());
    p.put("roundedL2Sensitivity", Math.scalb((double) units, k));
    p.put("sigma", sigma());
    p.put("continuousSigma", sigmaStar);
    p.put("integerGranularity", Math.scalb(1.0, kInt));
    p.put("integerSigma", Math.scalb(noiseInt.sigma(), kInt));
    p.put("calibration", target.calibration());
    p.put("sampler", "exact discrete Gaussian on the lattice (CKS 2020 Alg. 3)");
    this.guarantee = new Guarantee(NAME, target.loss(noise), p);
    this.guaranteeLong =
        noiseInt == noise ? guarantee : new Guarantee(NAME, target.loss(noiseInt), p);
    IllegalArgumentException refusal =
        Lattice.longRefusal(NAME, "sigma", Math.scalb(noiseInt.sigma(), kInt));
    this.longRefusal = refusal == null ? null : refusal.getMessage();
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
   * Adds Gaussian noise to a real value: releases (round(x/g) + Y)·g, Y ~ N_Z(0, σ_L²).
   *
   * @param value the true value, finite
   * @return the noisy value, a multiple of {@link #granularity()}
   * @throws IllegalArgumentException if value is NaN or infinite (nothing is charged)
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   *     the charge (no noise is drawn)
   */
  public double addNoise(double value) {
    Checks.finite("value", value);
    Accounting.charge(accountant, guarantee);
    return Lattice.release(value, k, noise.sample(randomness));
  }

  /**
   * Adds Gaussian noise to an integer value, on the lattice of multiples of max(g, 1).
   *
   * @param value the true value
   * @return the noisy value, saturated at the largest lattice points in the long range
   * @throws IllegalArgumentException if σ exceeds 2^56, more than a long carries (nothing is
   *     charged; use {@link #addNoise(double)})
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   *     the charge (no noise is drawn)
   */
  public long addNoise(long value) {
    if (longRefusal != null) {
      throw new IllegalArgumentException(longRefusal);
    }
    Accounting.charge(accountant, guaranteeLong);
    return Lattice.releaseLong(value, kInt, noiseInt.sample(randomness));
  }

  /**
   * What one call guarantees, with sensitivity, granularity and σ.
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return guarantee;
  }

  /**
   * The lattice spacing g = 2^k of {@link #addNoise(double)} outputs.
   *
   * @return the granularity, a power of two
   */
  public double granularity() {
    return Math.scalb(1.0, k);
  }

  /**
   * The standard deviation σ of the real-valued noise (σ_L·g, with σ_L² the exact rational).
   *
   * @return σ
   */
  public double sigma() {
    return Math.scalb(noise.sigma(), k);
  }

  /**
   * An interval that contains the true value with probability at least {@code level}, for a value
   * released by {@link #addNoise(double)}, from the tail of the exact discrete Gaussian (exact
   * summation for small σ, a rigorous bound otherwise): value ± (w·g + g/2). Valid for every finite
   * input.
   *
   * @param noisyValue a value released by {@link #addNoise(double)}
   * @param level the confidence level, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if noisyValue is not finite or level is not in (0, 1)
   */
  public ConfidenceInterval confidenceInterval(double noisyValue, double level) {
    Checks.finite("noisyValue", noisyValue);
    double half = Math.scalb(noise.halfWidth(Lattice.level(level)) + 0.5, k);
    return Lattice.interval(noisyValue, half, level);
  }

  /**
   * As {@link #confidenceInterval(double, double)}, for a value released by {@link #addNoise(long)}
   * (its lattice is max(g, 1)).
   *
   * @param noisyValue a value released by {@link #addNoise(long)}
   * @param level the confidence level, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if level is not in (0, 1)
   */
  public ConfidenceInterval confidenceInterval(long noisyValue, double level) {
    double half = Math.scalb(noiseInt.halfWidth(Lattice.level(level)) + (kInt > 0 ? 0.5 : 0), kInt);
    return Lattice.interval((double) noisyValue, half, level);
  }

  @Override
  public String toString() {
    return "GaussianMechanism{"
        + guarantee.loss()
        + ", l2Sensitivity="
        + l2Sensitivity
        + ", granularity="
        + granularity()
        + ", sigma="
        + sigma()
        + ", randomness="
        + randomness
        + "}";
  }

  /** Builds a {@link GaussianMechanism}; each setter validates its argument at once. */
  public static final class Builder {
    private double epsilon = Double.NaN;
    private double delta = Double.NaN;
    private double rho = Double.NaN;
    private double l2Sensitivity = Double.NaN;
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
     * The L2 sensitivity Δ (for a scalar: the most it can change between neighbours).
     *
     * @param l2Sensitivity Δ, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if Δ is NaN, infinite or ≤ 0
     */
    public Builder l2Sensitivity(double l2Sensitivity) {
      this.l2Sensitivity = Checks.positiveFinite("l2Sensitivity", l2Sensitivity);
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
     * @throws IllegalArgumentException if the calibrated σ* is outside [2^−900, 2^900] or outside
     *     [2^−40, 2^40]·Δ
     */
    public GaussianMechanism build() {
      Checks.state(!Double.isNaN(l2Sensitivity), "l2Sensitivity must be set");
      return new GaussianMechanism(this, new GaussianLoss(epsilon, delta, rho));
    }
  }
}
