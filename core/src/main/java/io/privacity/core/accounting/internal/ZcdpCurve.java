package io.privacity.core.accounting.internal;

/**
 * A generic ρ-zCDP guarantee: Rényi divergence αρ at every order; no distribution of the loss is
 * known, only the profile bound δ(ε) ≤ min_α e^{(α−1)(αρ−ε)}(1−1/α)^{α−1}/α (Canonne, Kamath and
 * Steinke 2020, Corollary 13), for both directions (zCDP bounds both orders).
 */
final class ZcdpCurve extends SymmetricZcdpCurve {
  private final double rho;

  ZcdpCurve(double rho) {
    this.rho = rho;
  }

  @Override
  double rdpSlope() {
    return rho;
  }

  @Override
  public double rho() {
    return rho;
  }

  @Override
  public double lossScale() {
    return Math.sqrt(2 * rho);
  }

  @Override
  public boolean hasMasses() {
    return false;
  }

  @Override
  public double massP(double u, double v) {
    throw new UnsupportedOperationException("a zCDP guarantee has no loss distribution");
  }

  @Override
  public double scaledMassQ(double u, double v, double s) {
    throw new UnsupportedOperationException("a zCDP guarantee has no loss distribution");
  }

  @Override
  public double delta(double epsilon) {
    if (epsilon < 0) {
      return negativeSide(epsilon, this);
    }
    return ZcdpConversion.delta(rho, epsilon);
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
