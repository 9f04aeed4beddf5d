package io.privacity.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mechanism descriptions: factories, validation, stated guarantees, calibration, conversions. */
class PrivacyLossDescriptionTest {

  private static void assertMessage(IllegalArgumentException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks " + part);
    }
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, -1.5})
  void gaussianAndLaplace_badParameter_throw(double x) {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.gaussian(x)),
        "noiseMultiplier must be finite and > 0, got " + x);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.laplace(x)),
        "scaleOverSensitivity must be finite and > 0, got " + x);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.discreteLaplace(x, 1)),
        "scale must be finite and > 0, got " + x);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.discreteGaussian(x, 1)),
        "sigma must be finite and > 0, got " + x);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.NEGATIVE_INFINITY, 0.0, -0.1, 1.0000001, 2})
  void subsampled_badRate_throws(double q) {
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> PrivacyLoss.subsampled(PrivacyLoss.gaussian(1), q)),
        "samplingRate must be in (0, 1], got " + q);
  }

  @Test
  void badCountsAndProbabilities_throw() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.discreteLaplace(1, 0)),
        "sensitivity must be in [1, 9007199254740992], got 0");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.discreteGaussian(1, -3)),
        "sensitivity must be in [1,");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.randomizedResponse(0.5)),
        "p must be in (1/k, 1) = (0.5, 1) for k = 2 categories, got 0.5");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.randomizedResponse(1.0)),
        "got 1.0");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class, () -> PrivacyLoss.randomizedResponse(Double.NaN, 3)),
        "got NaN");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.randomizedResponse(0.9, 1)),
        "categories must be in [2, 2147483647], got 1");
    PrivacyLoss g = PrivacyLoss.gaussian(1);
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> PrivacyLoss.subsampledWithoutReplacement(g, 0, 10)),
        "sampleSize must be in [1, 10], got 0");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> PrivacyLoss.subsampledWithoutReplacement(g, 11, 10)),
        "sampleSize must be in [1, 10], got 11");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> PrivacyLoss.subsampledWithoutReplacement(g, 1, 0)),
        "populationSize must be >= 1, got 0");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.subsampled(null, 0.5)),
        "loss must not be null");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class, () -> PrivacyLoss.subsampled(PrivacyLoss.NONE, 0.5)),
        "loss must be a positive loss, got NONE");
    PrivacyLoss both = PrivacyLoss.composition(List.of(g, PrivacyLoss.laplace(2)));
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.subsampled(both, 0.5)),
        "must be one mechanism, not a composition");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> PrivacyLoss.subsampled(PrivacyLoss.subsampledWithoutReplacement(g, 1, 2), 0.5)),
        "must not be sampled without replacement");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> PrivacyLoss.composition(List.of())),
        "parts must be a non-empty collection");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyLoss.composition(
                    List.of(PrivacyLoss.approximate(1, 1e-6), PrivacyLoss.zcdp(0.1)))),
        "parts must all state (epsilon, delta) guarantees or all zCDP/pure ones");
  }

  @Test
  void statedGuarantees_areTheNaturalOnes() {
    assertEquals(PrivacyLoss.zcdp(1 / 8.0), PrivacyLoss.gaussian(2).stated());
    assertEquals(PrivacyLoss.Kind.PURE, PrivacyLoss.laplace(4).kind());
    assertEquals(0.25, PrivacyLoss.laplace(4).epsilon(), 1e-15);
    assertEquals(3 / 1.5, PrivacyLoss.discreteLaplace(1.5, 3).epsilon(), 1e-15);
    assertEquals(9 / 8.0, PrivacyLoss.discreteGaussian(2, 3).rho(), 1e-15);
    assertEquals(Math.log(0.75 / 0.25), PrivacyLoss.randomizedResponse(0.75).epsilon(), 1e-15);
    assertEquals(Math.log(0.6 * 4 / 0.4), PrivacyLoss.randomizedResponse(0.6, 5).epsilon(), 1e-15);
    // Subsampling amplifies pure and (ε, δ) guarantees, keeps ρ.
    PrivacyLoss sub = PrivacyLoss.subsampled(PrivacyLoss.laplace(1), 0.1);
    assertEquals(Math.log1p(0.1 * Math.expm1(1)), sub.epsilon(), 1e-15);
    PrivacyLoss subApprox = PrivacyLoss.subsampled(PrivacyLoss.approximate(1, 1e-5), 0.1);
    assertEquals(1e-6, subApprox.delta(), 1e-21);
    assertEquals(
        PrivacyLoss.gaussian(1).rho(), PrivacyLoss.subsampled(PrivacyLoss.gaussian(1), 0.1).rho());
    PrivacyLoss wor = PrivacyLoss.subsampledWithoutReplacement(PrivacyLoss.laplace(1), 10, 100);
    assertEquals(Math.log1p(0.1 * Math.expm1(1)), wor.epsilon(), 1e-15);
    assertEquals(0.1, wor.samplingRate(), 0);
    PrivacyLoss comp =
        PrivacyLoss.composition(List.of(PrivacyLoss.laplace(1), PrivacyLoss.approximate(1, 1e-6)));
    assertEquals(2, comp.epsilon(), 1e-12);
    assertEquals(1e-6, comp.delta(), 1e-18);
    PrivacyLoss compZ =
        PrivacyLoss.composition(List.of(PrivacyLoss.gaussian(1), PrivacyLoss.laplace(1)));
    assertEquals(1.0, compZ.rho(), 1e-12);
  }

  @Test
  void samplingShortcuts_flattenAndReturnTheLossAtRateOne() {
    PrivacyLoss g = PrivacyLoss.gaussian(1.3);
    assertSame(g, PrivacyLoss.subsampled(g, 1));
    assertSame(g, PrivacyLoss.subsampledWithoutReplacement(g, 7, 7));
    assertEquals(
        PrivacyLoss.subsampled(g, 0.1 * 0.2),
        PrivacyLoss.subsampled(PrivacyLoss.subsampled(g, 0.2), 0.1));
    assertEquals(
        PrivacyLoss.subsampledWithoutReplacement(g, 5, 100),
        PrivacyLoss.subsampledWithoutReplacement(
            PrivacyLoss.subsampledWithoutReplacement(g, 5, 20), 20, 100));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PrivacyLoss.subsampledWithoutReplacement(
                PrivacyLoss.subsampledWithoutReplacement(g, 5, 21), 20, 100));
    PrivacyLoss nested =
        PrivacyLoss.composition(
            List.of(
                g, PrivacyLoss.composition(List.of(PrivacyLoss.laplace(1), PrivacyLoss.pure(2)))));
    assertEquals(3, nested.parts().size());
    assertSame(g, PrivacyLoss.composition(List.of(g)));
  }

  @Test
  void parametersAccessorsAndText() {
    assertEquals(Map.of("noiseMultiplier", 2.0), PrivacyLoss.gaussian(2).parameters());
    assertEquals(
        List.of("scale", "sensitivity"),
        List.copyOf(PrivacyLoss.discreteLaplace(2, 3).parameters().keySet()));
    assertEquals(Map.of(), PrivacyLoss.pure(1).parameters());
    assertEquals(PrivacyLoss.Mechanism.GENERIC, PrivacyLoss.pure(1).mechanism());
    assertEquals(PrivacyLoss.Mechanism.GAUSSIAN, PrivacyLoss.gaussian(1).mechanism());
    assertEquals("Gaussian(σ/Δ=2.0) ⇒ (ρ=0.125)-zCDP", PrivacyLoss.gaussian(2).toString());
    assertEquals("(ε=1.0)-DP", PrivacyLoss.pure(1).toString());
    assertTrue(
        PrivacyLoss.subsampled(PrivacyLoss.laplace(1), 0.5)
            .toString()
            .startsWith("PoissonSubsampled(q=0.5, Laplace(b/Δ=1.0))"));
    assertThrows(IllegalStateException.class, () -> PrivacyLoss.gaussian(1).inner());
    assertThrows(IllegalStateException.class, () -> PrivacyLoss.gaussian(1).samplingRate());
    assertThrows(IllegalStateException.class, () -> PrivacyLoss.gaussian(1).epsilon());
    assertEquals(List.of(), PrivacyLoss.gaussian(1).parts());
  }

  @Test
  void equality_includesTheDescription() {
    assertEquals(PrivacyLoss.gaussian(2), PrivacyLoss.gaussian(2));
    assertEquals(PrivacyLoss.gaussian(2).hashCode(), PrivacyLoss.gaussian(2).hashCode());
    assertNotEquals(PrivacyLoss.gaussian(2), PrivacyLoss.gaussian(2).stated());
    assertNotEquals(PrivacyLoss.laplace(1), PrivacyLoss.pure(1));
    PrivacyLoss calibrated = PrivacyLoss.gaussian(5).calibratedTo(PrivacyLoss.approximate(1, 1e-5));
    assertNotEquals(PrivacyLoss.gaussian(5), calibrated);
    assertEquals(PrivacyLoss.gaussian(5), calibrated.curve());
    assertEquals(PrivacyLoss.approximate(1, 1e-5), calibrated.stated());
  }

  @Test
  void calibratedTo_acceptsWhatTheCurveImplies_andRefusesTheRest() {
    // σ/Δ = 5: the analytic Gaussian gives ε(10^−5) ≈ 0.92.
    PrivacyLoss g = PrivacyLoss.gaussian(5);
    double eps = g.toApproximate(1e-5).epsilon();
    assertEquals(
        PrivacyLoss.approximate(eps * 1.0001, 1e-5),
        g.calibratedTo(PrivacyLoss.approximate(eps * 1.0001, 1e-5)).stated());
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> g.calibratedTo(PrivacyLoss.approximate(eps * 0.99, 1e-5))),
        "guarantee must be implied by the mechanism");
    assertThrows(IllegalArgumentException.class, () -> g.calibratedTo(PrivacyLoss.pure(100)));
    assertThrows(IllegalArgumentException.class, () -> g.calibratedTo(PrivacyLoss.zcdp(0.019)));
    g.calibratedTo(PrivacyLoss.zcdp(0.02 * 1.000001));
    PrivacyLoss l = PrivacyLoss.laplace(2);
    l.calibratedTo(PrivacyLoss.pure(0.5));
    l.calibratedTo(PrivacyLoss.approximate(0.5, 1e-9));
    assertThrows(IllegalArgumentException.class, () -> l.calibratedTo(PrivacyLoss.pure(0.49)));
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> PrivacyLoss.pure(1).calibratedTo(PrivacyLoss.pure(2))),
        "calibratedTo needs a mechanism description");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> g.calibratedTo(PrivacyLoss.NONE)),
        "guarantee must be a generic positive loss");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> g.calibratedTo(null)),
        "guarantee must not be null");
  }

  @Test
  void toApproximate_usesTheExactProfile() {
    // Balle–Wang: δ(ε) = Φ(μ/2 − ε/μ) − e^ε Φ(−μ/2 − ε/μ) with μ = 1/x.
    NormalDistribution n = new NormalDistribution();
    double x = 1.7;
    double mu = 1 / x;
    PrivacyLoss at = PrivacyLoss.gaussian(x).toApproximate(1e-6);
    double e = at.epsilon();
    double delta =
        n.cumulativeProbability(mu / 2 - e / mu)
            - Math.exp(e) * n.cumulativeProbability(-mu / 2 - e / mu);
    assertTrue(delta <= 1e-6 * (1 + 1e-9));
    assertTrue(delta > 0.999e-6);
    assertEquals(PrivacyLoss.Mechanism.GENERIC, at.mechanism());
    // Laplace: δ(ε) = 1 − e^{(ε−ε₀)/2}, ε₀ = 1: ε(δ) = 1 + 2 ln(1 − δ).
    assertEquals(
        1 + 2 * Math.log1p(-0.1), PrivacyLoss.laplace(1).toApproximate(0.1).epsilon(), 1e-12);
    assertEquals(PrivacyLoss.pure(1.0), PrivacyLoss.laplace(1).toApproximate(1e-300 + 1e-320));
    // The composition of two Gaussians σ is one Gaussian σ/√2.
    double two =
        PrivacyLoss.composition(List.of(PrivacyLoss.gaussian(2), PrivacyLoss.gaussian(2)))
            .toApproximate(1e-6)
            .epsilon();
    double one = PrivacyLoss.gaussian(2 / Math.sqrt(2)).toApproximate(1e-6).epsilon();
    assertTrue(two >= one && two <= one * 1.01);
  }
}
