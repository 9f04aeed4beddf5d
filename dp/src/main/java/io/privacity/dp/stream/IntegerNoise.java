package io.privacity.dp.stream;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.Descriptions;
import io.privacity.dp.internal.ExactSamplers;
import java.util.Collections;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Integer noise for a release of {@code coordinates} integer values, each changed by at most Δ by
 * one event: exact discrete Laplace (pure ε-DP, L1 sensitivity coordinates·Δ) or exact discrete
 * Gaussian (ρ-zCDP, squared L2 sensitivity coordinates·Δ², Canonne, Kamath and Steinke 2020). The
 * noise is calibrated conservatively and {@link #loss()} reports the realized loss, never more than
 * the requested one. Immutable and thread-safe.
 */
final class IntegerNoise {
  /** Largest supported σ² of the Gaussian (the exact sampler needs σ²·2 < 2^63). */
  static final double MAX_SIGMA_SQUARED = 0x1.0p60;

  private final Sampler sampler;
  private final double variance;
  private final PrivacyLoss loss;
  private final String name;
  private final double scale;
  private final PrivacyLoss described;

  /** Largest number of coordinates described one by one (beyond: the generic loss). */
  private static final long MAX_DESCRIBED_COORDINATES = 1024;

  private interface Sampler {
    long sample(Randomness random);
  }

  private IntegerNoise(
      Sampler sampler,
      double variance,
      PrivacyLoss loss,
      String name,
      double scale,
      Supplier<PrivacyLoss> coordinate,
      long coordinates) {
    this.sampler = sampler;
    this.variance = variance;
    this.loss = loss;
    this.name = name;
    this.scale = scale;
    // The noise is added to `coordinates` values an event changes by at most Δ each: described as
    // that many scalar mechanisms of sensitivity Δ, for curve-based accountants.
    this.described =
        coordinates > MAX_DESCRIBED_COORDINATES
            ? loss
            : Descriptions.calibrated(
                () ->
                    PrivacyLoss.composition(
                        Collections.nCopies((int) coordinates, coordinate.get())),
                loss);
  }

  /** Laplace for a pure budget, Gaussian for a zCDP budget. */
  static IntegerNoise forBudget(PrivacyLoss budget, long sensitivity, long coordinates) {
    return budget.kind() == PrivacyLoss.Kind.ZCDP
        ? gaussian(budget.rho(), sensitivity, coordinates)
        : laplace(budget.epsilon(), sensitivity, coordinates);
  }

  /** Half of a pure or zCDP budget. */
  static PrivacyLoss half(PrivacyLoss budget) {
    return budget.kind() == PrivacyLoss.Kind.ZCDP
        ? PrivacyLoss.zcdp(budget.rho() / 2)
        : PrivacyLoss.pure(budget.epsilon() / 2);
  }

  /** Discrete Laplace for a pure ε budget; L1 sensitivity coordinates·Δ. */
  static IntegerNoise laplace(double epsilon, long sensitivity, long coordinates) {
    DiscreteLaplaceNoise lap =
        DiscreteLaplaceNoise.forEpsilon(epsilon, Math.multiplyExact(sensitivity, coordinates));
    return new IntegerNoise(
        lap::sample,
        lap.variance(),
        PrivacyLoss.pure(lap.epsilon()),
        "discrete Laplace",
        lap.scale(),
        () -> PrivacyLoss.discreteLaplace(Math.nextDown(1 / lap.gamma()), sensitivity),
        coordinates);
  }

  /**
   * Discrete Gaussian for a ρ-zCDP budget: σ² ≥ coordinates·Δ²/(2ρ), with σ² = a·2^j and 2^j ≤ σ
   * (an efficient proposal for the exact sampler), rounded up.
   */
  static IntegerNoise gaussian(double rho, long sensitivity, long coordinates) {
    Checks.positiveFinite("rho", rho);
    double target = (double) coordinates * sensitivity * sensitivity / (2 * rho);
    if (!(target <= MAX_SIGMA_SQUARED)) {
      throw new IllegalArgumentException(
          "noise variance coordinates·sensitivity²/(2·rho) must be <= 2^60, got " + target);
    }
    int j = Math.max(0, Math.getExponent(Math.sqrt(Math.max(1, target))));
    // a = ceil(target·(1 + 2^-40) / 2^j): the margin absorbs the few roundings in `target`, so
    // σ² = a·2^j >= coordinates·Δ²/(2ρ) holds exactly.
    long a = Math.max(1, (long) Math.ceil(Math.scalb(target * (1 + 0x1.0p-40), -j)));
    ExactSamplers.DiscreteGaussianPow2 dg = ExactSamplers.gaussianPow2(a, j);
    double sigma2 = Math.scalb((double) a, j);
    double realizedRho =
        Math.min(
            rho,
            Math.nextUp(
                Math.nextUp((double) coordinates * sensitivity * sensitivity / (2 * sigma2))));
    return new IntegerNoise(
        dg::sample,
        discreteGaussianVariance(sigma2),
        PrivacyLoss.zcdp(realizedRho),
        "discrete Gaussian",
        sigma2,
        () -> PrivacyLoss.discreteGaussian(Math.nextDown(Math.sqrt(sigma2)), sensitivity),
        coordinates);
  }

  /** Var of N_Z(0, σ²): summed exactly for small σ, σ² otherwise (equal to 1e-300 relative). */
  static double discreteGaussianVariance(double sigma2) {
    if (sigma2 > 1e4) {
      return sigma2;
    }
    long limit = (long) Math.ceil(40 * Math.sqrt(sigma2)) + 1;
    double norm = 1;
    double second = 0;
    for (long z = 1; z <= limit; z++) {
      double w = Math.exp(-(double) z * z / (2 * sigma2));
      norm += 2 * w;
      second += 2 * w * z * z;
    }
    return second / norm;
  }

  long sample(Randomness random) {
    return sampler.sample(random);
  }

  double variance() {
    return variance;
  }

  PrivacyLoss loss() {
    return loss;
  }

  /** {@link #loss()} as a mechanism description (the generic loss where none applies). */
  PrivacyLoss described() {
    return described;
  }

  /** Adds the noise's description to a guarantee's parameters, e.g. {@code noise, noiseScale}. */
  void describe(String prefix, Map<String, Object> parameters) {
    String key = prefix.isEmpty() ? "noise" : prefix + "Noise";
    parameters.put(key, name);
    parameters.put(key + (loss.kind() == PrivacyLoss.Kind.ZCDP ? "SigmaSquared" : "Scale"), scale);
  }
}
