package io.privacity.core.accounting.internal;

/**
 * A mechanism run on m of n records drawn without replacement, substitution relation, γ = m/n.
 * Privacy profile (Balle, Barthe and Gaboardi 2018, Theorem 9, applied at every ε): δ(ε) ≤
 * γ·δ_in(ln(1 + (e^ε − 1)/γ)) for ε ≥ 0, in both directions (substitution is symmetric); for ε &lt;
 * 0 through the identity H_γ(P‖Q) = 1 − γ + γ·H_{1/γ}(Q‖P). Rényi DP: Wang, Balle and
 * Kasiviswanathan 2019, Theorem 9, never above the inner curve.
 */
final class WithoutReplacementCurve extends Curve implements PairView {
  private final Curve inner;
  private final double gamma;

  WithoutReplacementCurve(Curve inner, double gamma) {
    this.inner = inner;
    this.gamma = gamma;
  }

  Curve inner() {
    return inner;
  }

  double samplingRate() {
    return gamma;
  }

  @Override
  public double rdp(double alpha) {
    return SubsampledRdp.withoutReplacement(this, alpha);
  }

  @Override
  public boolean hasRdp() {
    return inner.hasRdp();
  }

  @Override
  public PairView remove() {
    return this;
  }

  @Override
  public double pureEpsilon() {
    double e = inner.pureEpsilon();
    return e < Double.POSITIVE_INFINITY ? Curves.amplifiedEpsilon(e, gamma) : e;
  }

  @Override
  public double rho() {
    double e = pureEpsilon();
    double r = inner.rho();
    if (e < Double.POSITIVE_INFINITY) {
      double pureRho = Math.nextUp(e * e / 2);
      return Double.isNaN(r) ? pureRho : Math.min(r, pureRho);
    }
    return r;
  }

  @Override
  public double lossScale() {
    double s = inner.lossScale();
    if (inner.hasRdp()) {
      double chi2 = Math.expm1(Math.min(inner.rdp(2), 700));
      return Math.max(1e-300, Math.min(s, gamma * Math.sqrt(chi2)));
    }
    return Math.max(1e-300, gamma * s);
  }

  @Override
  public boolean hasMasses() {
    return false;
  }

  @Override
  public double massP(double u, double v) {
    throw new UnsupportedOperationException("known by its profile only");
  }

  @Override
  public double scaledMassQ(double u, double v, double s) {
    throw new UnsupportedOperationException("known by its profile only");
  }

  @Override
  public double infinityMass() {
    return gamma * inner.remove().infinityMass();
  }

  @Override
  public double delta(double epsilon) {
    if (epsilon < 0) {
      return negativeSide(epsilon, this);
    }
    double e = Math.log1p(Math.expm1(epsilon) / gamma);
    return Math.min(1, gamma * inner.delta(e));
  }

  @Override
  public double minLoss() {
    return -pureEpsilon();
  }

  @Override
  public double maxLoss() {
    return pureEpsilon();
  }
}
