package io.privacity.core.accounting.internal;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The exact privacy profile of the Gaussian mechanism with μ = Δ/σ (Balle and Wang 2018, Theorem
 * 8): δ(ε) = Φ(μ/2 − ε/μ) − e^ε·Φ(−μ/2 − ε/μ), from commons-math's normal distribution (not the
 * library's tails); the far lower tail, where it underflows, from the asymptotic series of the
 * Mills ratio. ε(δ) by bisection to 10^−13.
 */
final class AnalyticGaussian {
  private static final NormalDistribution N = new NormalDistribution(0, 1);

  private AnalyticGaussian() {}

  /** ln Φ(−z). */
  static double logLowerTail(double z) {
    if (z < 30) {
      return Math.log(N.cumulativeProbability(-z));
    }
    double inv = 1 / (z * z);
    double series = 1 - inv + 3 * inv * inv - 15 * inv * inv * inv + 105 * inv * inv * inv * inv;
    return -z * z / 2 - Math.log(z * Math.sqrt(2 * Math.PI)) + Math.log(series);
  }

  static double delta(double mu, double epsilon) {
    double a = mu / 2 - epsilon / mu;
    double first = Math.exp(logLowerTail(-a));
    double second = Math.exp(epsilon + logLowerTail(mu / 2 + epsilon / mu));
    return first - second;
  }

  static double epsilon(double mu, double delta) {
    double lo = 0;
    double hi = 1;
    while (delta(mu, hi) > delta) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
      double mid = (lo + hi) / 2;
      if (delta(mu, mid) > delta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }
}
