package io.privacity.dp.mechanism;

import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.ExactSamplers;
import io.privacity.dp.internal.GaussianCalibration;
import java.util.function.DoublePredicate;
import org.apache.commons.math3.special.Erf;

/**
 * Discrete Gaussian noise N_Z(0, σ²) calibrated for an integer sensitivity, with σ² rationalised
 * upwards and sampled exactly. Package-private; shared by {@link GaussianMechanism} and {@link
 * DiscreteGaussianMechanism}. Immutable.
 *
 * <p>σ² is a rational ≥ the calibrated minimum: n/2^(29−2L) when σ ≤ 2^L &lt; 8192 (CKS Algorithm
 * 3), else a·2^j with 2^j within a factor √2 of σ (CKS Algorithm 3 with a power-of-two proposal
 * scale, see {@link ExactSamplers#discreteGaussianPow2}), which keeps every number in 64 bits.
 */
final class GaussianNoise {
  private static final int MAX_RATIONAL_BITS = 29;
  private final long sensitivity;
  private final long num;
  private final int log2Den; // σ² = num / 2^log2Den, or num · 2^pow2J when pow2
  private final ExactSamplers.DiscreteGaussianPow2 pow2;
  private final double sigma;

  private GaussianNoise(long sensitivity, double minVariance, DoublePredicate ok) {
    this.sensitivity = sensitivity;
    double minSigma = Math.sqrt(minVariance);
    long n;
    ExactSamplers.DiscreteGaussianPow2 p = null;
    if (minSigma >= 4096) {
      int j = (int) Math.round(Math.log(minSigma) / Math.log(2));
      long a = (long) Math.ceil(Math.scalb(minVariance * (1 + 1e-12), -j)) + 1;
      // The discrete δ is not monotone in σ (it oscillates as εσ²/S − S/2 crosses integers), so
      // a failure here may need a step past a band: steps double, at most ~60 of them.
      for (long step = (a >> 30) + 1; !ok.test(Math.sqrt(Math.scalb((double) a, j))); step *= 2) {
        a += step;
      }
      n = a;
      this.log2Den = -j;
      p = ExactSamplers.gaussianPow2(a, j);
    } else {
      // d = 2^(29 − 2L), σ ≤ 2^L: keeps 2·n·d·t² (t = ⌊σ⌋ + 1) below 2^62 in CKS Algorithm 3, so
      // its acceptance test runs in 64-bit integers except for |y| beyond about 5σ.
      int bitsL = minSigma <= 1 ? 0 : Lattice.ceilLog2(minSigma);
      int d = Math.max(0, Math.min(MAX_RATIONAL_BITS, 29 - 2 * bitsL));
      n = (long) Math.ceil(Math.scalb(minVariance * (1 + 1e-12), d)) + 1;
      for (long step = (n >> 30) + 1; !ok.test(Math.sqrt(Math.scalb((double) n, -d))); step *= 2) {
        n += step;
      }
      this.log2Den = d;
    }
    this.num = n;
    this.pow2 = p;
    this.sigma = Math.sqrt(Math.scalb((double) n, -log2Den));
  }

  /**
   * Calibrated for (ε, δ)-DP by the rigorous discrete bound (CKS 2020, Theorem 7), with a standard
   * deviation of at least minSd; sensitivity 0 means no privacy constraint (only minSd binds).
   */
  static GaussianNoise approximate(long sensitivity, double epsilon, double delta, double minSd) {
    double s =
        sensitivity == 0 ? 0 : GaussianCalibration.discreteSigma(sensitivity, epsilon, delta);
    double start = Math.max(s, sigmaForStandardDeviation(minSd));
    return new GaussianNoise(
        sensitivity,
        start * start,
        sigma ->
            (sensitivity == 0
                    || GaussianCalibration.discreteDeltaUpper(sigma, sensitivity, epsilon) <= delta)
                && standardDeviationLower(sigma) >= minSd);
  }

  /**
   * Calibrated for ρ-zCDP: σ² ≥ Δ²/(2ρ) (CKS 2020, Theorem 4), with a standard deviation of at
   * least minSd.
   */
  static GaussianNoise zcdp(long sensitivity, double rho, double minSd) {
    double minVar = (double) sensitivity * sensitivity / (2 * rho);
    double floor = sigmaForStandardDeviation(minSd);
    return new GaussianNoise(
        sensitivity,
        Math.max(minVar, floor * floor),
        sigma -> sigma * sigma >= minVar && standardDeviationLower(sigma) >= minSd);
  }

  /** The smallest σ (to relative 10^−12, rounded up) whose {@link #standardDeviationLower} ≥ sd. */
  static double sigmaForStandardDeviation(double sd) {
    if (sd <= 0) {
      return 0;
    }
    if (sd >= 8) {
      return sd;
    }
    double lo = sd; // the discrete Gaussian's sd is below σ
    double hi = Math.max(2 * sd, 1);
    while (standardDeviationLower(hi) < sd) {
      hi *= 2;
    }
    while (hi - lo > 1e-12 * hi) {
      double mid = 0.5 * (lo + hi);
      if (standardDeviationLower(mid) >= sd) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /**
   * A lower bound on the standard deviation of N_Z(0, σ²): σ itself from σ = 8 on (the deficit,
   * about 4π²σ²·e^{−2π²σ²} relative, is below 10^−500), else by summation, rounded down.
   */
  static double standardDeviationLower(double sigma) {
    if (sigma >= 8) {
      return sigma;
    }
    double sigmaSq = sigma * sigma;
    double total = 1;
    double second = 0;
    for (int y = 1; y <= 40 * sigma + 2; y++) {
      double f = Math.exp(-(double) y * y / (2 * sigmaSq));
      total += 2 * f;
      second += 2 * (double) y * y * f;
    }
    return Math.sqrt(second / total) * (1 - 1e-12);
  }

  long sample(Randomness r) {
    return pow2 != null ? pow2.sample(r) : ExactSamplers.discreteGaussian(r, num, 1L << log2Den);
  }

  /** σ (the square root of the exact rational σ², rounded to a double). */
  double sigma() {
    return sigma;
  }

  long sensitivity() {
    return sensitivity;
  }

  /**
   * The smallest w (up to a conservative rounding) with P(|Y| &gt; w) ≤ 1 − level: exact summation
   * for σ ≤ 256; else the bound P(|Y| &gt; w) ≤ 2(1 − Φ(w/σ)), from Σ_{y&gt;w} e^{−y²/2σ²} ≤ ∫_w^∞
   * and a normaliser ≥ √(2π)σ.
   */
  long halfWidth(double level) {
    double alpha = 1 - level;
    if (sigma <= 256) {
      double sigmaSq = sigma * sigma;
      int half = (int) Math.ceil(40 * sigma) + 2;
      double[] f = new double[half + 1];
      double total = 0;
      for (int y = 0; y <= half; y++) {
        f[y] = Math.exp(-(double) y * y / (2 * sigmaSq));
        total += y == 0 ? f[y] : 2 * f[y];
      }
      double tail = 0; // Σ_{y > w} f(y), for w descending
      for (int w = half; w >= 0; w--) {
        double next = tail + f[w]; // Σ_{y > w-1}
        if (w == 0 || 2 * next * (1 + 1e-10) / (total * (1 - 1e-10)) > alpha) {
          return w;
        }
        tail = next;
      }
      return half;
    }
    double z = Math.sqrt(2) * Erf.erfcInv(alpha);
    long w = (long) Math.ceil(sigma * z * (1 + 1e-9));
    while (Erf.erfc(w / sigma / Math.sqrt(2)) * (1 + 1e-10) > alpha) {
      w++;
    }
    return w;
  }

  static double checkDelta(double delta) {
    return Checks.openUnit("delta", delta);
  }
}
