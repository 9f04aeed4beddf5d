package io.privacity.core.accounting.internal;

/**
 * Tails of the standard normal distribution, accurate to a few ulps relatively far into the tails
 * (where {@code 1 − Φ} underflows, {@link #logUpperTail} still is). Written here rather than taken
 * from commons-math ({@code Erf.erfc}, a regularized incomplete gamma function) because the privacy
 * loss distributions of Gaussian mechanisms evaluate it tens of thousands of times per mechanism;
 * the tests compare both.
 *
 * <p>erfc is computed by the positive series erf(x) = (2x/√π)·e^{−x²}·Σ (2x²)^n/(2n+1)!! for x &lt;
 * 1.5 (no cancellation inside the sum; 1 − erf loses at most a factor 30 relatively at x = 1.5),
 * and by the continued fraction erfc(x) = (e^{−x²}/√π)·1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
 * (modified Lentz) from x = 1.5 on. e^{−x²} is split as e^{−h²}·e^{−(x−h)(x+h)} with h = x rounded
 * to a float, so that h² is exact.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class NormalTails {
  private NormalTails() {}

  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
  private static final double INV_SQRT2 = 1 / Math.sqrt(2);

  /**
   * 1 − Φ(z), the upper tail of N(0, 1).
   *
   * @param z any value
   * @return P(Z &gt; z)
   */
  public static double upperTail(double z) {
    return 0.5 * erfc(z * INV_SQRT2);
  }

  /**
   * ln(1 − Φ(z)), finite for every finite z.
   *
   * @param z any value
   * @return ln P(Z &gt; z)
   */
  public static double logUpperTail(double z) {
    double x = z * INV_SQRT2;
    if (x < 1.5) {
      return Math.log(0.5 * erfc(x));
    }
    return Math.log(0.5) - x * x + Math.log(erfcScaledCf(x));
  }

  /**
   * P(a &lt; Z ≤ b) for a ≤ b, from whichever tails avoid cancellation.
   *
   * @param a lower end (may be −∞)
   * @param b upper end (may be +∞)
   * @return the mass of N(0, 1) in (a, b]
   */
  public static double mass(double a, double b) {
    if (!(a < b)) {
      return 0;
    }
    if (a >= 0) {
      return Math.max(0, upperTail(a) - upperTail(b));
    }
    if (b <= 0) {
      return Math.max(0, upperTail(-b) - upperTail(-a));
    }
    return Math.max(0, 1 - upperTail(-a) - upperTail(b));
  }

  /**
   * ln P(a &lt; Z ≤ b) for a &lt; b, accurate where the mass underflows (far tails).
   *
   * @param a lower end (may be −∞)
   * @param b upper end (may be +∞)
   * @return the log-mass, −∞ if the interval is empty
   */
  public static double logMass(double a, double b) {
    if (!(a < b)) {
      return Double.NEGATIVE_INFINITY;
    }
    if (a >= 0) {
      double la = logUpperTail(a);
      double lb = b == Double.POSITIVE_INFINITY ? Double.NEGATIVE_INFINITY : logUpperTail(b);
      return la + Math.log1p(-Math.exp(lb - la));
    }
    if (b <= 0) {
      return logMass(-b, -a);
    }
    return Math.log(mass(a, b));
  }

  /**
   * The complementary error function.
   *
   * @param x any value
   * @return erfc(x)
   */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 1.5) {
      return 1 - erfSeries(x);
    }
    if (x > 27.3) {
      return 0; // below the smallest subnormal
    }
    return expMinusSquare(x) * erfcScaledCf(x);
  }

  /** erf(x) for 0 ≤ x &lt; 1.5 by the series of positive terms. */
  private static double erfSeries(double x) {
    double twoXSq = 2 * x * x;
    double term = 1;
    double sum = 1;
    for (int n = 1; n < 200; n++) {
      term *= twoXSq / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return 2 * x / SQRT_PI * expMinusSquare(x) * sum;
  }

  /** e^{x²}·erfc(x) for x ≥ 1.5 by the continued fraction (modified Lentz). */
  private static double erfcScaledCf(double x) {
    // erfc(x)·e^{x²}·√π = 1/(x + a1/(x + a2/(x + …))), a_n = n/2.
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 5000; n++) {
      double an = n * 0.5;
      d = x + an * d;
      if (d == 0) {
        d = tiny;
      }
      c = x + an / c;
      if (c == 0) {
        c = tiny;
      }
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return 1 / (f * SQRT_PI);
  }

  /** e^{−x²} with the square split so that it loses no accuracy for large x. */
  private static double expMinusSquare(double x) {
    double h = (float) x;
    return Math.exp(-h * h) * Math.exp(-(x - h) * (x + h));
  }

  /**
   * ln Γ-free log of the normal density at z: −z²/2 − ln √(2π).
   *
   * @param z any value
   * @return ln φ(z)
   */
  public static double logDensity(double z) {
    return -0.5 * z * z - LOG_SQRT_PI - 0.5 * Math.log(2);
  }
}
