package io.privacity.core.accounting.internal;

/**
 * A mechanism run on m of n records drawn without replacement, substitution relation, γ = m/n.
 * Privacy profile (Balle, Barthe and Gaboardi 2018, Theorem 9, applied at every ε): δ(ε) ≤
 * γ·δ_in(ln(1 + (e^ε − 1)/γ)) for ε ≥ 0, in both directions (substitution is symmetric); for ε &lt;
 * 0 through the identity H_γ(P‖Q) = 1 − γ + γ·H_{1/γ}(Q‖P). Rényi DP: Wang, Balle and
 * Kasiviswanathan 2019, Theorem 9, never above the inner curve.
 */
final class WithoutReplacementCurve extends SubsampledCurve implements PairView {
  private final double gamma;

  WithoutReplacementCurve(Curve inner, double gamma) {
    super(inner, gamma);
    this.gamma = gamma; // the rate, by the name the formulas below use
  }

  @Override
  public double rdp(double alpha) {
    return SubsampledRdp.withoutReplacement(this, alpha);
  }

  @Override
  public PairView remove() {
    return this;
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
