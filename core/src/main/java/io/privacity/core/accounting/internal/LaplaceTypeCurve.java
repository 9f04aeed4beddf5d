package io.privacity.core.accounting.internal;

/**
 * What the Laplace and discrete Laplace curves share: a symmetric pair (one view for both
 * directions) with pure ε₀ (so ρ = ε₀²/2 by Bun and Steinke 2016, Prop. 1.4), loss scale ε₀, and
 * known masses of the loss.
 */
abstract class LaplaceTypeCurve extends Curve implements PairView {
  /** The pure ε of the mechanism. */
  final double e0;

  LaplaceTypeCurve(double e0) {
    this.e0 = e0;
  }

  @Override
  public PairView remove() {
    return this;
  }

  @Override
  public double pureEpsilon() {
    return e0;
  }

  @Override
  public double rho() {
    return Math.nextUp(e0 * e0 / 2);
  }

  @Override
  public double lossScale() {
    return e0;
  }

  @Override
  public boolean hasMasses() {
    return true;
  }

  /** No privacy-loss mass at infinity (this family never yields an infinite loss). */
  @Override
  public final double infinityMass() {
    return 0;
  }
}
