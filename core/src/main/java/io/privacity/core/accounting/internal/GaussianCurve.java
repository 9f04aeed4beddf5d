package io.privacity.core.accounting.internal;

/**
 * The Gaussian mechanism with noise multiplier x = σ/Δ, μ = 1/x: the privacy loss is N(μ²/2, μ²)
 * under P and N(−μ²/2, μ²) under Q; δ(ε) = Φ(μ/2 − ε/μ) − e^ε·Φ(−μ/2 − ε/μ) (Balle and Wang 2018,
 * Theorem 8); Rényi divergence αμ²/2 (Mironov 2017, Proposition 7). Symmetric.
 */
final class GaussianCurve extends SymmetricZcdpCurve {
  private final double x;
  private final double mu;
  private final double mean;

  GaussianCurve(double noiseMultiplier) {
    this.x = noiseMultiplier;
    this.mu = 1 / noiseMultiplier;
    this.mean = mu * mu / 2;
  }

  double noiseMultiplier() {
    return x;
  }

  @Override
  Curve coarsened(double logStep) {
    // A smaller σ/Δ dominates: adding independent noise to the output is post-processing.
    double d = Coarsening.down(x, logStep);
    return d == x ? this : new GaussianCurve(d);
  }

  @Override
  Object key() {
    return java.util.List.of("gaussian", x);
  }

  @Override
  double rdpSlope() {
    return mean;
  }

  @Override
  public double rho() {
    return Math.nextUp(mean);
  }

  @Override
  public double lossScale() {
    return mu;
  }

  @Override
  public boolean hasMasses() {
    return true;
  }

  @Override
  public double massP(double u, double v) {
    return NormalTails.mass((u - mean) / mu, (v - mean) / mu);
  }

  @Override
  public double scaledMassQ(double u, double v, double s) {
    if (!(u < v)) {
      return 0;
    }
    return Math.exp(s + NormalTails.logMass((u + mean) / mu, (v + mean) / mu));
  }

  @Override
  public double delta(double epsilon) {
    double a = epsilon / mu;
    double b = mu / 2;
    double first = NormalTails.upperTail(a - b);
    double second = Math.exp(epsilon + NormalTails.logUpperTail(a + b));
    return Math.min(1, Math.max(0, first - second));
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
