package io.privacity.core.accounting.internal;

/**
 * The discrete Gaussian mechanism: P(y) ∝ f(y) = e^{−y²/(2σ²)} on the integers, Q(y) = P(y − Δ),
 * integer sensitivity Δ; the loss of y is Δ(Δ − 2y)/(2σ²), decreasing in y (Canonne, Kamath and
 * Steinke 2020). Rényi divergence at most αΔ²/(2σ²) (their Theorem 4). Symmetric.
 *
 * <p>Masses are sums of f over ranges of integers: summed term by term when σ is small (|y| ≤ 40σ +
 * Δ + 2; the rest weighs less than e^{−800}), and by the Euler–Maclaurin formula with the
 * corrections up to f‴ when σ is large (remainder below 10^−15 relative from σ ≥ 64 on; used from σ
 * ≈ 3,000), in log space so that far tails neither underflow nor overflow.
 */
final class DiscreteGaussianCurve extends SymmetricZcdpCurve {
  private static final int MAX_TERMS = 1 << 18;

  private final double sigma;
  private final long sens;
  private final double sigmaSq;
  private final double rho;
  // Term-by-term mode: y from y0 to y0 + logP.length − 1.
  private final long y0;
  private final double[] logP;
  private final double[] cumP; // cumP[i] = P(y ≤ y0 + i − 1)
  private final double logNorm;

  DiscreteGaussianCurve(double sigma, long sensitivity) {
    this.sigma = sigma;
    this.sens = sensitivity;
    this.sigmaSq = sigma * sigma;
    this.rho = (double) sensitivity * sensitivity / (2 * sigmaSq);
    long w = (long) Math.ceil(40 * sigma) + 2;
    if (2 * w + sensitivity + 1 <= MAX_TERMS) {
      this.y0 = -w;
      int n = (int) (2 * w + sensitivity + 1);
      this.logP = new double[n];
      double max = 0; // f(0) = 1 is the largest term
      double total = 0;
      double[] f = new double[n];
      for (int i = 0; i < n; i++) {
        double y = y0 + i;
        f[i] = Math.exp(-y * y / (2 * sigmaSq));
        total += f[i];
      }
      this.logNorm = Math.log(total) + max;
      this.cumP = new double[n + 1];
      for (int i = 0; i < n; i++) {
        double y = y0 + i;
        logP[i] = -y * y / (2 * sigmaSq) - logNorm;
        cumP[i + 1] = cumP[i] + f[i] / total;
      }
    } else {
      this.y0 = 0;
      this.logP = null;
      this.cumP = null;
      this.logNorm = Math.log(Math.sqrt(2 * Math.PI) * sigma);
    }
  }

  @Override
  double rdpSlope() {
    return rho;
  }

  @Override
  public double rho() {
    return Math.nextUp(rho);
  }

  @Override
  public double lossScale() {
    return sens / sigma;
  }

  @Override
  public boolean hasMasses() {
    return true;
  }

  private double loss(double y) {
    return sens * (sens - 2 * y) / (2 * sigmaSq);
  }

  /** The first integer y with loss(y) ≤ w (loss decreases in y). */
  private double firstY(double w) {
    if (w == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    if (w == Double.NEGATIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.ceil(sens / 2.0 - w * sigmaSq / sens);
  }

  @Override
  public double massP(double u, double v) {
    if (!(u < v)) {
      return 0;
    }
    double a = firstY(v);
    double b = firstY(u) - 1;
    if (logP != null) {
      long lo = (long) Math.max(y0, Math.min(Math.max(a, y0), y0 + logP.length));
      long hi = (long) Math.min(y0 + logP.length - 1, Math.max(b, y0 - 1));
      if (lo > hi) {
        return 0;
      }
      return Math.max(0, cumP[(int) (hi - y0 + 1)] - cumP[(int) (lo - y0)]);
    }
    return Math.exp(logRangeSum(a, b) - logNorm);
  }

  @Override
  public double scaledMassQ(double u, double v, double s) {
    if (!(u < v)) {
      return 0;
    }
    double a = firstY(v);
    double b = firstY(u) - 1;
    if (logP != null) {
      long lo = (long) Math.max(y0, Math.min(Math.max(a, y0), y0 + logP.length));
      long hi = (long) Math.min(y0 + logP.length - 1, Math.max(b, y0 - 1));
      double m = 0;
      for (long y = lo; y <= hi; y++) {
        m += Math.exp(logP[(int) (y - y0)] + s - loss(y));
      }
      return m;
    }
    // Q(y) = f(y − Δ)/N: the same range shifted by Δ.
    return Math.exp(s + logRangeSum(a - sens, b - sens) - logNorm);
  }

  /**
   * ln Σ_{y=a}^{b} e^{−y²/(2σ²)} (a, b integers or infinite) by Euler–Maclaurin: ∫_a^b f + (f(a) +
   * f(b))/2 + (f′(b) − f′(a))/12 − (f‴(b) − f‴(a))/720.
   */
  private double logRangeSum(double a, double b) {
    if (a > b) {
      return Double.NEGATIVE_INFINITY;
    }
    double logFa =
        a == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : -a * a / (2 * sigmaSq);
    double logFb =
        b == Double.POSITIVE_INFINITY ? Double.NEGATIVE_INFINITY : -b * b / (2 * sigmaSq);
    if (a == b) {
      return logFa;
    }
    double logIntegral =
        Math.log(Math.sqrt(2 * Math.PI) * sigma) + NormalTails.logMass(a / sigma, b / sigma);
    double ref = Math.max(logIntegral, Math.max(logFa, logFb));
    double sum = Math.exp(logIntegral - ref);
    sum += 0.5 * (Math.exp(logFa - ref) + Math.exp(logFb - ref));
    sum += (derivative1(b, logFb, ref) - derivative1(a, logFa, ref)) / 12;
    sum -= (derivative3(b, logFb, ref) - derivative3(a, logFa, ref)) / 720;
    return ref + Math.log(Math.max(sum, Double.MIN_NORMAL));
  }

  /** f′(y)·e^{−ref} = −(y/σ²)·f(y)·e^{−ref}. */
  private double derivative1(double y, double logF, double ref) {
    if (logF == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    return -(y / sigmaSq) * Math.exp(logF - ref);
  }

  /** f‴(y)·e^{−ref} = (3y/σ⁴ − y³/σ⁶)·f(y)·e^{−ref}. */
  private double derivative3(double y, double logF, double ref) {
    if (logF == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double z = y / sigmaSq;
    return (3 * z / sigmaSq - z * z * z) * Math.exp(logF - ref);
  }

  @Override
  public double delta(double epsilon) {
    if (epsilon < 0) {
      return negativeSide(epsilon, this);
    }
    double d =
        massP(epsilon, Double.POSITIVE_INFINITY)
            - scaledMassQ(epsilon, Double.POSITIVE_INFINITY, epsilon);
    return Math.min(1, Math.max(0, d));
  }

  @Override
  public double minLoss() {
    return Double.NEGATIVE_INFINITY;
  }

  @Override
  public double maxLoss() {
    return Double.POSITIVE_INFINITY;
  }
}
