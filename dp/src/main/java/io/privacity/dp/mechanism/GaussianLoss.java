package io.privacity.dp.mechanism;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;
import io.privacity.dp.internal.Descriptions;
import io.privacity.dp.internal.GaussianCalibration;

/**
 * The guarantee a Gaussian mechanism ({@link GaussianMechanism}, {@link DiscreteGaussianMechanism})
 * is calibrated for: (ε, δ)-DP, or ρ-zCDP. Checks that exactly one of the two was chosen, and
 * derives from it the noise, the loss and the calibration note. Package-private; immutable.
 */
final class GaussianLoss {
  private final double epsilon;
  private final double delta;
  private final double rho;

  /**
   * The target set on a builder, each parameter NaN when unset (and otherwise already validated).
   *
   * @throws IllegalStateException unless ε and δ, or ρ alone, are set
   */
  GaussianLoss(double epsilon, double delta, double rho) {
    boolean hasEps = !Double.isNaN(epsilon);
    boolean hasDelta = !Double.isNaN(delta);
    boolean hasRho = !Double.isNaN(rho);
    Checks.state(
        !(hasRho && (hasEps || hasDelta)),
        "set either epsilon and delta, or rho, not both (got epsilon="
            + epsilon
            + ", delta="
            + delta
            + ", rho="
            + rho
            + ")");
    Checks.state(
        hasRho || (hasEps && hasDelta),
        "set epsilon and delta, or rho (got epsilon=" + epsilon + ", delta=" + delta + ")");
    this.epsilon = epsilon;
    this.delta = delta;
    this.rho = rho;
  }

  /** Whether the target is ρ-zCDP (else (ε, δ)-DP). */
  boolean zcdp() {
    return !Double.isNaN(rho);
  }

  /** The σ of the continuous Gaussian mechanism for this target and an L2 sensitivity. */
  double continuousSigma(double l2Sensitivity) {
    return zcdp()
        ? l2Sensitivity / Math.sqrt(2 * rho)
        : GaussianCalibration.continuousSigma(l2Sensitivity, epsilon, delta);
  }

  /**
   * Discrete Gaussian noise calibrated for this target and an integer sensitivity (0: no privacy
   * constraint, as for integers closer than 1), with a standard deviation of at least minSd.
   */
  GaussianNoise noise(long sensitivity, double minSd) {
    return zcdp()
        ? GaussianNoise.zcdp(sensitivity, rho, minSd)
        : GaussianNoise.approximate(sensitivity, epsilon, delta, minSd);
  }

  /** The loss of one call. */
  PrivacyLoss loss() {
    return zcdp() ? PrivacyLoss.zcdp(rho) : PrivacyLoss.approximate(epsilon, delta);
  }

  /**
   * The loss of one call drawing {@code noise}: the discrete Gaussian with its σ (rounded down: a
   * smaller σ is a larger loss, never a smaller) and integer sensitivity, stating this target, so
   * that curve-based accountants compose its real curve. The generic target if the noise has no
   * privacy constraint (sensitivity 0) or no description applies.
   */
  PrivacyLoss loss(GaussianNoise noise) {
    if (noise.sensitivity() == 0) {
      return loss();
    }
    return Descriptions.calibrated(
        () -> PrivacyLoss.discreteGaussian(Math.nextDown(noise.sigma()), noise.sensitivity()),
        loss());
  }

  /** How σ is calibrated, for the guarantee's parameters. */
  String calibration() {
    return zcdp()
        ? "zCDP: sigma^2 >= S^2/(2 rho) (CKS 2020 Thm 4)"
        : "discrete-Gaussian privacy profile, rigorous upper bound (CKS 2020 Thm 7)";
  }
}
