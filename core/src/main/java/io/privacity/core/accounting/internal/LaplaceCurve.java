package io.privacity.core.accounting.internal;

/**
 * The Laplace mechanism with b/Δ = x, ε₀ = 1/x. Under P the privacy loss is ε₀ with probability
 * 1/2, −ε₀ with probability e^{−ε₀}/2, and has density e^{(L−ε₀)/2}/4 on (−ε₀, ε₀); δ(ε) = 1 −
 * e^{(ε−ε₀)/2} for |ε| &lt; ε₀. Rényi divergence (Mironov 2017, Proposition 6):
 * (1/(α−1))·ln(α/(2α−1) e^{(α−1)ε₀} + (α−1)/(2α−1) e^{−αε₀}). Symmetric.
 */
final class LaplaceCurve extends LaplaceTypeCurve {
  LaplaceCurve(double scaleOverSensitivity) {
    super(1 / scaleOverSensitivity);
  }

  private LaplaceCurve(double e0, boolean pure) {
    super(e0);
  }

  @Override
  Curve coarsened(double logStep) {
    // δ(ε) = 1 − e^{(ε−ε₀)/2} on |ε| < ε₀ (0 above, 1 − e^ε below) grows with ε₀ at every ε.
    double e = Coarsening.up(e0, logStep);
    return e == e0 ? this : new LaplaceCurve(e, true);
  }

  @Override
  Object key() {
    return java.util.List.of("laplace", e0);
  }

  @Override
  public double rdp(double alpha) {
    double am1 = alpha - 1;
    double log =
        Math.log(alpha / (2 * alpha - 1))
            + am1 * e0
            + Math.log1p((am1 / alpha) * Math.exp(-(2 * alpha - 1) * e0));
    double exact = log / am1 + 8e-16 / am1 + 4e-16 * e0;
    return Math.min(exact, pureRdp(e0, alpha));
  }

  @Override
  public double massP(double u, double v) {
    if (!(u < v)) {
      return 0;
    }
    double m = 0;
    if (u < e0 && e0 <= v) {
      m += 0.5;
    }
    if (u < -e0 && -e0 <= v) {
      m += 0.5 * Math.exp(-e0);
    }
    double lo = Math.max(u, -e0);
    double hi = Math.min(v, e0);
    if (lo < hi) {
      m += 0.5 * Math.exp((lo - e0) / 2) * Math.expm1((hi - lo) / 2);
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
      m += 0.5 * Math.exp(s - e0);
    }
    if (u < -e0 && -e0 <= v) {
      m += 0.5 * Math.exp(s);
    }
    double lo = Math.max(u, -e0);
    double hi = Math.min(v, e0);
    if (lo < hi) {
      m += 0.5 * Math.exp(s - (hi + e0) / 2) * Math.expm1((hi - lo) / 2);
    }
    return m;
  }

  @Override
  public double delta(double epsilon) {
    if (epsilon >= e0) {
      return 0;
    }
    if (epsilon <= -e0) {
      return -Math.expm1(epsilon);
    }
    return -Math.expm1((epsilon - e0) / 2);
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
