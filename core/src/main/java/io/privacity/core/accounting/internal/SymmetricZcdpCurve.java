package io.privacity.core.accounting.internal;

/**
 * A curve that is its own pair in both directions and whose Rényi divergence is linear in the
 * order, D_α ≤ α·ρ (the Gaussian, the discrete Gaussian and a generic ρ-zCDP guarantee): no pure ε
 * bound. Subclasses give ρ ({@link #rdpSlope()}) and the rest of the pair.
 */
abstract class SymmetricZcdpCurve extends Curve implements PairView {
  SymmetricZcdpCurve() {}

  /** The ρ with D_α ≤ α·ρ at every order α > 1, before rounding up. */
  abstract double rdpSlope();

  @Override
  public final double rdp(double alpha) {
    return Math.nextUp(alpha * rdpSlope());
  }

  @Override
  public final PairView remove() {
    return this;
  }

  @Override
  public final double pureEpsilon() {
    return Double.POSITIVE_INFINITY;
  }

  /** No privacy-loss mass at infinity (this family never yields an infinite loss). */
  @Override
  public final double infinityMass() {
    return 0;
  }
}
