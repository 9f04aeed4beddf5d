package io.privacity.dp.mechanism;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.Descriptions;
import io.privacity.dp.internal.TwoSidedGeometric;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Laplace mechanism, made safe for floating point: adds noise of scale ≥ Δ_r/ε on a
 * power-of-two lattice, drawn exactly from integer randomness.
 *
 * <pre>{@code
 * LaplaceMechanism laplace = LaplaceMechanism.builder().epsilon(0.5).l1Sensitivity(1).build();
 * double noisyCount = laplace.addNoise(1234.0);
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>Each call of {@link #addNoise(double)} or {@link #addNoise(long)} is ε-differentially private
 * (pure DP) with respect to any neighbouring relation under which the caller's value changes by at
 * most the L1 sensitivity Δ (for example add/remove of one record, given the contribution bound
 * that makes Δ true). Proof: {@code docs/proofs/laplace.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>Δ must bound the change of the value between neighbours; the mechanism cannot check it.
 *       Clamp each record's contribution before aggregating.
 *   <li>Every call spends ε. Pass a {@link PrivacyAccountant} to have each call charged (before any
 *       noise is drawn; a refused charge throws and draws nothing).
 * </ul>
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>Following Mironov (CCS 2012) and Google's "Secure Noise Generation" (2020), no floating-point
 * noise is released. The granularity g = 2^k is the smallest power of two ≥ (Δ/ε)·2^−32 (and ≥
 * Δ·2^−60); it depends on the parameters only, never on the data. The input is rounded to the
 * nearest multiple of g (exact: a power-of-two scaling and an integer rounding), so neighbouring
 * inputs differ by at most S = ⌈Δ/g⌉ lattice units, S·g &lt; Δ_r = Δ + g. The noise is an exact
 * two-sided geometric integer Z with P(Z = z) ∝ exp(−γ|z|), with a dyadic rate γ ≤ ε/S, drawn by
 * comparisons of random integers only (no logarithm, no exponential of a random value). The release
 * is (round(x/g) + Z)·g, computed exactly (in a long, or a {@link java.math.BigInteger} for inputs
 * beyond 2^61 lattice units) and then rounded once to the nearest double: always a multiple of g,
 * so outputs reachable from one input are reachable from every input. Every finite input is
 * released correctly, however large (no clamping): a reading of 10^12 comes back as 10^12 ± noise.
 * The sampler costs a small constant number of 64-bit draws (about two), not a 60-step search.
 *
 * <p>For {@link #addNoise(long)} the lattice is max(g, 1): integer inputs with g ≤ 1 need no
 * rounding, and the sensitivity in lattice units is then max(1, ⌊Δ⌋). Its output saturates at the
 * largest lattice points in the long range (a move towards any long input, so the confidence
 * interval still covers it).
 *
 * <p><b>Warning:</b> a long cannot carry noise of any scale: {@link #addNoise(long)} refuses (with
 * an {@link IllegalArgumentException}, before charging) when the scale exceeds 2^56 (about
 * 7.2·10^16); use {@link #addNoise(double)} there. Outputs of {@link #addNoise(double)} beyond
 * {@link Double#MAX_VALUE} saturate at it. NaN and infinite inputs are rejected.
 *
 * <p><b>Warning:</b> do not round or re-noise the output in floating point yourself expecting more
 * privacy; post-processing cannot hurt privacy, but only the lattice release is analysed.
 *
 * <p>Immutable and thread-safe (given a thread-safe {@link Randomness}, which all are).
 *
 * <h2>Citations</h2>
 *
 * <ul>
 *   <li>C. Dwork, F. McSherry, K. Nissim, A. Smith. Calibrating Noise to Sensitivity in Private
 *       Data Analysis. TCC 2006.
 *   <li>I. Mironov. On Significance of the Least Significant Bits for Differential Privacy. CCS
 *       2012.
 *   <li>Google differential privacy team. Secure Noise Generation. 2020.
 *   <li>C. Canonne, G. Kamath, T. Steinke. The Discrete Gaussian for Differential Privacy. NeurIPS
 *       2020 (exact Bernoulli(exp(−γ)), Algorithm 1).
 * </ul>
 */
public final class LaplaceMechanism {
  private static final String NAME = "LaplaceMechanism";

  private final double epsilon;
  private final double l1Sensitivity;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final Guarantee guarantee;
  // Real-valued lattice: g = 2^k.
  private final int k;
  private final long sensitivityUnits;
  private final TwoSidedGeometric noise;
  // Integer lattice: 2^kInt with kInt = max(k, 0).
  private final int kInt;
  private final long sensitivityUnitsInt;
  private final TwoSidedGeometric noiseInt;
  private final String longRefusal;
  private final Guarantee guaranteeLong;

  private LaplaceMechanism(Builder b) {
    this.epsilon = b.epsilon;
    this.l1Sensitivity = b.l1Sensitivity;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
    double scale = l1Sensitivity / epsilon;
    if (!(scale >= 0x1p-900 && scale <= 0x1p900)) {
      throw new IllegalArgumentException(
          "l1Sensitivity/epsilon must be in [2^-900, 2^900], got " + scale);
    }
    this.k = Math.max(Lattice.ceilLog2(scale) - 32, Lattice.ceilLog2(l1Sensitivity) - 60);
    this.sensitivityUnits = Lattice.sensitivityUnits(l1Sensitivity, k);
    double gamma = epsilon / sensitivityUnits;
    if (gamma < 0x1p-60) {
      throw new IllegalArgumentException(
          "epsilon must be >= 2^-60 (about 8.7e-19) for the lattice sampler, got " + epsilon);
    }
    this.noise = Lattice.geometricAtMost(gamma);
    this.kInt = Math.max(k, 0);
    this.sensitivityUnitsInt =
        k <= 0 ? Math.max(1, (long) Math.floor(l1Sensitivity)) : sensitivityUnits;
    this.noiseInt = k <= 0 ? Lattice.geometricAtMost(epsilon / sensitivityUnitsInt) : noise;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("l1Sensitivity", l1Sensitivity);
    p.put("granularity", granularity());
    p.put("roundedL1Sensitivity", Math.scalb((double) sensitivityUnits, k));
    p.put("scale", Math.scalb(1 / noise.gamma(), k));
    p.put("integerGranularity", Math.scalb(1.0, kInt));
    p.put("integerScale", Math.scalb(1 / noiseInt.gamma(), kInt));
    p.put("sampler", "exact two-sided geometric on the lattice (integer arithmetic)");
    // The charge describes the noise actually drawn — discrete Laplace with scale 1/γ lattice units
    // and the rounded sensitivity in units — so curve-based accountants compose its exact curve.
    // The scale is rounded down: a smaller scale is a (negligibly) larger loss, never a smaller.
    this.guarantee =
        new Guarantee(
            NAME,
            Descriptions.calibrated(
                () ->
                    PrivacyLoss.discreteLaplace(Math.nextDown(1 / noise.gamma()), sensitivityUnits),
                PrivacyLoss.pure(epsilon)),
            p);
    this.guaranteeLong =
        noiseInt == noise
            ? guarantee
            : new Guarantee(
                NAME,
                Descriptions.calibrated(
                    () ->
                        PrivacyLoss.discreteLaplace(
                            Math.nextDown(1 / noiseInt.gamma()), sensitivityUnitsInt),
                    PrivacyLoss.pure(epsilon)),
                p);
    IllegalArgumentException refusal = Lattice.longRefusal(NAME, "scale", scale());
    this.longRefusal = refusal == null ? null : refusal.getMessage();
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
   * Adds Laplace noise to a real value: releases (round(x/g) + Z)·g.
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
    long z = noise.sample(randomness);
    return Math.abs(z) < Lattice.SATURATION
        ? Lattice.release(value, k, z)
        : Lattice.release(value, k, Lattice.exact(z, noise, randomness));
  }

  /**
   * Adds Laplace noise to an integer value, on the lattice of multiples of max(g, 1).
   *
   * @param value the true value
   * @return the noisy value, saturated at the largest lattice points in the long range
   * @throws IllegalArgumentException if the noise scale exceeds 2^56, more than a long carries
   *     (nothing is charged; use {@link #addNoise(double)})
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   *     the charge (no noise is drawn)
   */
  public long addNoise(long value) {
    if (longRefusal != null) {
      throw new IllegalArgumentException(longRefusal);
    }
    Accounting.charge(accountant, guaranteeLong);
    long z = noiseInt.sample(randomness);
    return Math.abs(z) < Lattice.SATURATION
        ? Lattice.releaseLong(value, kInt, z)
        : Lattice.releaseLong(value, kInt, Lattice.exact(z, noiseInt, randomness));
  }

  /**
   * What one call guarantees: pure ε-DP, with the sensitivity, granularity and scale.
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
   * The effective Laplace scale g/γ ≥ Δ_r/ε of the real-valued noise.
   *
   * @return the scale
   */
  public double scale() {
    return Math.scalb(1 / noise.gamma(), k);
  }

  /**
   * An interval that contains the true value with probability at least {@code level}, for a value
   * released by {@link #addNoise(double)}, from the exact tail of the two-sided geometric: with w
   * the smallest integer with P(|Z| &gt; w) ≤ 1 − level, it is noisyValue ± (w·g + g/2) (the g/2
   * covers the rounding of the input). Valid for every finite input.
   *
   * @param noisyValue a value released by {@link #addNoise(double)}
   * @param level the confidence level, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if noisyValue is not finite or level is not in (0, 1)
   */
  public ConfidenceInterval confidenceInterval(double noisyValue, double level) {
    Checks.finite("noisyValue", noisyValue);
    return Lattice.interval(noisyValue, halfWidth(noise, k, Lattice.level(level), true), level);
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
    return Lattice.interval(
        (double) noisyValue, halfWidth(noiseInt, kInt, Lattice.level(level), kInt > 0), level);
  }

  private static double halfWidth(TwoSidedGeometric g, int k, double level, boolean rounded) {
    long w = Lattice.geometricHalfWidth(g.gamma(), level);
    double units = w + (rounded ? 0.5 : 0);
    return Math.nextUp(Math.scalb(units, k));
  }

  @Override
  public String toString() {
    return "LaplaceMechanism{epsilon="
        + epsilon
        + ", l1Sensitivity="
        + l1Sensitivity
        + ", granularity="
        + granularity()
        + ", scale="
        + scale()
        + ", randomness="
        + randomness
        + "}";
  }

  /** Builds a {@link LaplaceMechanism}; each setter validates its argument at once. */
  public static final class Builder {
    private double epsilon = Double.NaN;
    private double l1Sensitivity = Double.NaN;
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
     * The L1 sensitivity Δ: the most the value can change between neighbouring inputs.
     *
     * @param l1Sensitivity Δ, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if Δ is NaN, infinite or ≤ 0
     */
    public Builder l1Sensitivity(double l1Sensitivity) {
      this.l1Sensitivity = Checks.positiveFinite("l1Sensitivity", l1Sensitivity);
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
     * @throws IllegalArgumentException if Δ/ε is outside [2^-900, 2^900] or ε &lt; 2^-60
     */
    public LaplaceMechanism build() {
      Checks.state(!Double.isNaN(epsilon), "epsilon must be set");
      Checks.state(!Double.isNaN(l1Sensitivity), "l1Sensitivity must be set");
      return new LaplaceMechanism(this);
    }
  }
}
