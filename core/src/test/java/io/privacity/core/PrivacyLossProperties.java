package io.privacity.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Properties of the ρ-zCDP → (ε, δ) conversion. Monotonicity is checked up to a relative 1e-9: the
 * conversion minimises over the Rényi order numerically, so two nearby inputs may land on optima
 * that differ in the last digits (every such value is still a valid bound).
 */
class PrivacyLossProperties {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  @Provide
  Arbitrary<Double> rhos() {
    // Log-uniform over [1e-4, 20]; δ log-uniform over [1e-12, 0.5]: from tiny per-query losses to
    // very weak guarantees.
    return Arbitraries.doubles().between(-4.0, 1.3).ofScale(6).map(x -> Math.pow(10, x));
  }

  @Provide
  Arbitrary<Double> deltas() {
    return Arbitraries.doubles().between(-12.0, -0.3).ofScale(6).map(x -> Math.pow(10, x));
  }

  @Provide
  Arbitrary<Double> factors() {
    return Arbitraries.doubles().between(1.0, 10.0).ofScale(6);
  }

  @Property(tries = 300)
  void epsilon_increasesWithRho(
      @ForAll("rhos") double rho,
      @ForAll("factors") double factor,
      @ForAll("deltas") double delta) {
    double smaller = PrivacyLoss.zcdpToEpsilon(rho, delta);
    double larger = PrivacyLoss.zcdpToEpsilon(rho * factor, delta);
    assertTrue(smaller <= larger * (1 + 1e-9), () -> smaller + " > " + larger);
  }

  @Property(tries = 300)
  void epsilon_decreasesWithDelta(
      @ForAll("rhos") double rho,
      @ForAll("deltas") double delta,
      @ForAll("factors") double factor) {
    double largerDelta = Math.min(0.9, delta * factor);
    double atSmallDelta = PrivacyLoss.zcdpToEpsilon(rho, delta);
    double atLargeDelta = PrivacyLoss.zcdpToEpsilon(rho, largerDelta);
    assertTrue(
        atLargeDelta <= atSmallDelta * (1 + 1e-9), () -> atLargeDelta + " > " + atSmallDelta);
  }

  @Property(tries = 300)
  void epsilon_atMostBunSteinke(@ForAll("rhos") double rho, @ForAll("deltas") double delta) {
    double bs = rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
    double eps = PrivacyLoss.zcdpToEpsilon(rho, delta);
    assertTrue(eps <= bs * (1 + 1e-12), () -> eps + " > Bun–Steinke " + bs);
    assertTrue(eps <= PrivacyLoss.zcdpToEpsilonBunSteinke(rho, delta));
  }

  /**
   * The Gaussian mechanism with sensitivity Δ and noise σ is ρ-zCDP for ρ = Δ²/(2σ²) (Bun and
   * Steinke 2016, Proposition 1.6), and its exact privacy profile is δ(ε) = Φ(Δ/(2σ) − εσ/Δ) −
   * e^ε·Φ(−Δ/(2σ) − εσ/Δ) (Balle and Wang 2018, Theorem 8). A valid conversion must therefore
   * report an ε at which the Gaussian's exact δ is at most the requested δ; otherwise it would
   * under-report ε for a real ρ-zCDP mechanism. Checked with slack 1e-9·δ for the error of Φ.
   */
  @Property(tries = 500)
  void epsilon_neverBelowExactGaussianCurve(
      @ForAll("rhos") double rho, @ForAll("deltas") double delta) {
    double sensitivity = 1.0;
    double sigma = sensitivity / Math.sqrt(2 * rho);
    double eps = PrivacyLoss.zcdpToEpsilon(rho, delta);
    double a = sensitivity / (2 * sigma);
    double b = eps * sigma / sensitivity;
    double gaussianDelta =
        STANDARD_NORMAL.cumulativeProbability(a - b)
            - Math.exp(eps) * STANDARD_NORMAL.cumulativeProbability(-a - b);
    assertTrue(
        gaussianDelta <= delta * (1 + 1e-9),
        () ->
            "ρ="
                + rho
                + " δ="
                + delta
                + ": reported ε="
                + eps
                + " but Gaussian δ(ε)="
                + gaussianDelta);
  }

  @Property(tries = 200)
  void toApproximate_keepsDeltaAndConverts(
      @ForAll("rhos") double rho, @ForAll("deltas") double delta) {
    PrivacyLoss converted = PrivacyLoss.zcdp(rho).toApproximate(delta);
    assertTrue(converted.delta() == delta);
    assertTrue(converted.epsilon() == PrivacyLoss.zcdpToEpsilon(rho, delta));
  }

  @Property(tries = 200)
  void pureToZcdp_roundTripNeverUnderReports(
      @ForAll("factors") double scale, @ForAll("deltas") double delta) {
    double epsilon = scale / 10;
    PrivacyLoss asZcdp = PrivacyLoss.pure(epsilon).toZcdp();
    assertTrue(asZcdp.rho() >= epsilon * epsilon / 2);
  }
}
