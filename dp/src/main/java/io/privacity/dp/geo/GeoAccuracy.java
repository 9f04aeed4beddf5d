package io.privacity.dp.geo;

import io.privacity.core.internal.Checks;

/**
 * Accuracy of the planar Laplace distribution with rate ε per metre: the radial distance of the
 * noise has density ε²·r·e^{−εr} (Gamma with shape 2 and rate ε), so its mean is 2/ε and P(|noise|
 * ≤ r) = 1 − (1 + εr)·e^{−εr}.
 *
 * <p>The radius within which the noise falls with probability p solves that equation: r = −(W₋₁((p
 * − 1)/e) + 1)/ε (Andrés et al., CCS 2013, §4), with W₋₁ the lower real branch of the Lambert W
 * function, computed here by Halley's iteration to full double precision — not rounded, as some
 * ports do. Stateless and thread-safe.
 */
public final class GeoAccuracy {
  private GeoAccuracy() {}

  /**
   * The lower branch W₋₁ of the Lambert W function: the w ≤ −1 with w·e^w = z.
   *
   * @param z in [−1/e, 0)
   * @return W₋₁(z), in (−∞, −1]
   * @throws IllegalArgumentException if z is NaN or outside [−1/e, 0)
   */
  public static double lambertWm1(double z) {
    double minusInvE = -Math.exp(-1);
    if (!(z >= minusInvE - 1e-17 && z < 0)) {
      throw new IllegalArgumentException("z must be in [-1/e, 0), got " + z);
    }
    if (z <= minusInvE) {
      return -1;
    }
    double w;
    if (z < -0.25) {
      // Series at the branch point in p = −sqrt(2(1 + e·z)).
      double p = -Math.sqrt(2 * (1 + Math.E * z));
      w = -1 + p - p * p / 3 + 11.0 / 72 * p * p * p;
    } else {
      double l1 = Math.log(-z);
      double l2 = Math.log(-l1);
      w = l1 - l2 + l2 / l1;
    }
    for (int i = 0; i < 100; i++) {
      double ew = Math.exp(w);
      double f = w * ew - z;
      double wp1 = w + 1;
      if (wp1 == 0) {
        break;
      }
      double step = f / (ew * wp1 - (w + 2) * f / (2 * wp1));
      double next = w - step;
      if (next > -1) {
        next = (w - 1) / 2; // stay on the lower branch
      }
      if (Math.abs(next - w) <= 1e-15 * Math.abs(next)) {
        return next;
      }
      w = next;
    }
    return w;
  }

  /**
   * The radius r with P(|noise| ≤ r) = p for planar Laplace of rate ε per metre.
   *
   * @param epsilonPerMeter ε, finite and &gt; 0
   * @param probability p, in (0, 1)
   * @return r in metres
   * @throws IllegalArgumentException if ε ≤ 0 or not finite, or p is not in (0, 1)
   */
  public static double radiusForProbability(double epsilonPerMeter, double probability) {
    Checks.positiveFinite("epsilonPerMeter", epsilonPerMeter);
    Checks.openUnit("probability", probability);
    return -(lambertWm1((probability - 1) / Math.E) + 1) / epsilonPerMeter;
  }

  /**
   * P(|noise| ≤ r) for planar Laplace of rate ε per metre: 1 − (1 + εr)·e^{−εr}.
   *
   * @param epsilonPerMeter ε, finite and &gt; 0
   * @param radiusMeters r, finite and &gt;= 0
   * @return the probability
   * @throws IllegalArgumentException if ε ≤ 0 or not finite, or r is negative or not finite
   */
  public static double probabilityWithin(double epsilonPerMeter, double radiusMeters) {
    Checks.positiveFinite("epsilonPerMeter", epsilonPerMeter);
    Checks.nonNegativeFinite("radiusMeters", radiusMeters);
    double er = epsilonPerMeter * radiusMeters;
    return -Math.expm1(-er) - er * Math.exp(-er);
  }

  /**
   * The expected distance between the true and the noisy position, 2/ε.
   *
   * @param epsilonPerMeter ε, finite and &gt; 0
   * @return the mean error in metres
   * @throws IllegalArgumentException if ε ≤ 0 or not finite
   */
  public static double meanError(double epsilonPerMeter) {
    return 2 / Checks.positiveFinite("epsilonPerMeter", epsilonPerMeter);
  }
}
