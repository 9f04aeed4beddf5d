package io.privacity.core.accounting.internal;

/**
 * The discrete Laplace mechanism: P(z) = c·a^{|z|}, a = e^{−1/t}, c = (1−a)/(1+a), integer
 * sensitivity Δ. For neighbouring outputs centred at 0 and Δ, the loss of y is (|y−Δ| − |y|)/t: Δ/t
 * for y ≤ 0 (P-mass 1/(1+a)), −Δ/t for y ≥ Δ (a^Δ/(1+a)), (Δ−2y)/t for 0 &lt; y &lt; Δ (c·a^y).
 * Every mass is a geometric sum in closed form, so Δ may be large (the lattice Laplace mechanism
 * has Δ of order 2^32). Symmetric.
 */
final class DiscreteLaplaceCurve extends LaplaceTypeCurve {
  private final double t;
  private final long sens;
  private final double logC; // ln((1−a)/(1+a)) = ln tanh(1/(2t))
  private final double logTop; // ln(1/(1+a))

  DiscreteLaplaceCurve(double scale, long sensitivity) {
    super(sensitivity / scale);
    this.t = scale;
    this.sens = sensitivity;
    this.logC = Math.log(Math.tanh(1 / (2 * scale)));
    this.logTop = -Math.log1p(Math.exp(-1 / scale));
  }

  @Override
  public double rdp(double alpha) {
    double am1 = alpha - 1;
    // ln Σ P·e^{(α−1)L}: the two end atoms and the geometric middle with ratio e^{−(2α−1)/t}.
    double top = logTop + am1 * e0;
    double bottom = logTop - e0 - am1 * e0;
    double log;
    if (sens >= 2) {
      double k = (2 * alpha - 1) / t;
      double middle =
          logC + am1 * e0 - k + Math.log(-Math.expm1(-k * (sens - 1))) - Math.log(-Math.expm1(-k));
      log = logSumExp(top, bottom, middle);
    } else {
      log = logSumExp(top, bottom, Double.NEGATIVE_INFINITY);
    }
    double exact = log / am1 + 8e-16 / am1 + 4e-16 * e0;
    return Math.min(exact, pureRdp(e0, alpha));
  }

  private static double logSumExp(double a, double b, double c) {
    double m = Math.max(a, Math.max(b, c));
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m));
  }

  /** The first y ≥ 1 of the middle range with loss ≤ w: y ≥ (Δ − w·t)/2. */
  private double firstY(double w) {
    if (w == Double.POSITIVE_INFINITY) {
      return 1;
    }
    if (w == Double.NEGATIVE_INFINITY) {
      return sens;
    }
    return Math.min(sens, Math.max(1, Math.ceil((sens - w * t) / 2)));
  }

  /** ln Σ_{y=y1}^{y2} a^y for 1 ≤ y1 ≤ y2. */
  private double logGeometric(double y1, double y2) {
    double n = y2 - y1 + 1;
    return -y1 / t + Math.log(Math.expm1(-n / t) / Math.expm1(-1 / t));
  }

  @Override
  public double massP(double u, double v) {
    if (!(u < v)) {
      return 0;
    }
    double m = 0;
    if (u < e0 && e0 <= v) {
      m += Math.exp(logTop);
    }
    if (u < -e0 && -e0 <= v) {
      m += Math.exp(logTop - e0);
    }
    // Middle atoms with u < L ≤ v: y in [firstY(v), firstY(u) − 1] ∩ [1, Δ − 1].
    double y1 = firstY(v);
    double y2 = Math.min(sens - 1, firstY(u) - 1);
    if (y1 <= y2) {
      m += Math.exp(logC + logGeometric(y1, y2));
    }
    return m;
  }

  @Override
  public double scaledMassQ(double u, double v, double s) {
    if (!(u < v)) {
      return 0;
    }
    double m = 0;
    if (u < e0 && e0 <= v) {
      m += Math.exp(logTop + s - e0);
    }
    if (u < -e0 && -e0 <= v) {
      m += Math.exp(logTop + s);
    }
    double y1 = firstY(v);
    double y2 = Math.min(sens - 1, firstY(u) - 1);
    if (y1 <= y2) {
      // Q(y) = c·a^{Δ−y}: a geometric sum over w = Δ − y in [Δ − y2, Δ − y1].
      m += Math.exp(s + logC + logGeometric(sens - y2, sens - y1));
    }
    return m;
  }

  @Override
  public double delta(double epsilon) {
    if (epsilon >= e0) {
      return 0;
    }
    return Math.min(1, Math.max(0, massP(epsilon, e0) - scaledMassQ(epsilon, e0, epsilon)));
  }

  @Override
  public double minLoss() {
    return -e0;
  }

  @Override
  public double maxLoss() {
    return e0;
  }
}
