package io.privacity.core.accounting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.Composition;
import io.privacity.core.accounting.PrivacyAccountant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Coarsening of many distinct descriptions (docs/proofs/accounting.md, "Coarsening many distinct
 * descriptions"): a rounded curve dominates its original at every ε in both directions, so it never
 * reduces ε; 10^4 all-distinct charges compose to an ε never below an exact lower reference.
 */
class CoarseningTest {
  /** ε of 10^4 charges; far from the budget so that every charge is admitted. */
  private static final double DELTA = 1e-6;

  /** Random descriptions of the kinds the evaluator coarsens (and one it keeps as they are). */
  @Provide
  Arbitrary<PrivacyLoss> losses() {
    Arbitrary<Double> unit = Arbitraries.doubles().between(0, 1);
    return Arbitraries.oneOf(
        unit.map(u -> PrivacyLoss.gaussian(0.2 + 60 * u)),
        unit.map(u -> PrivacyLoss.laplace(0.2 + 100 * u)),
        unit.map(u -> PrivacyLoss.randomizedResponse(0.5001 + 0.49 * u)),
        Combinators.combine(unit, Arbitraries.longs().between(3, 50))
            .as(
                (u, k) ->
                    PrivacyLoss.randomizedResponse(1.0 / k + (1 - 1.0 / k) * (1e-3 + 0.99 * u), k)),
        Combinators.combine(unit, unit)
            .as(
                (u, v) ->
                    PrivacyLoss.subsampled(PrivacyLoss.gaussian(0.5 + 5 * u), 1e-4 + 0.9 * v)),
        Combinators.combine(unit, unit)
            .as((u, v) -> PrivacyLoss.approximate(0.01 + 3 * u, v > 0.5 ? 0 : 1e-9 + 1e-4 * v)),
        unit.map(u -> PrivacyLoss.discreteGaussian(1 + 10 * u, 1)));
  }

  /**
   * A rounded curve's δ(ε) is at least the original's at every ε, in both directions. The slack
   * 10^−12 relative (plus 10^−300) covers the rounding of the two profile evaluations only; a
   * parameter moved the wrong way by one grid step changes δ by far more at these ε.
   */
  @Property(tries = 300, seed = "2121")
  void roundingDominatesAtEveryEpsilon(
      @ForAll("losses") PrivacyLoss loss, @ForAll @IntRange(min = 0, max = 40) int level) {
    Curve c = Curves.of(loss.curve());
    Curve r = c.coarsened(PldEvaluator.logStep(level));
    for (double eps = -3; eps <= 6; eps += 0.0625) {
      check(c.remove().delta(eps), r.remove().delta(eps), loss, eps);
      check(c.add().delta(eps), r.add().delta(eps), loss, eps);
    }
  }

  private static void check(double original, double rounded, PrivacyLoss loss, double eps) {
    assertTrue(
        rounded >= original * (1 - 1e-12) - 1e-300,
        () -> loss + " at ε " + eps + ": rounded δ " + rounded + " < original " + original);
  }

  /**
   * Composing the coarsened groups never reports a smaller ε than composing the originals on the
   * same grid step (connect-the-dots is monotone under dominance, so is composition); the slack
   * 10^−9 relative is the floating-point noise of two FFT compositions.
   */
  @Property(tries = 8, seed = "2122")
  void coarseningNeverReducesEpsilon(
      @ForAll @IntRange(min = 0, max = 1000) int seed,
      @ForAll @IntRange(min = 1, max = 24) int max) {
    List<Curve> curves = new ArrayList<>();
    long[] counts = new long[40];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < counts.length; i++) {
      curves.add(Curves.of(mix(random, i).curve()));
      counts[i] = 1 + random.nextInt(20);
    }
    PldEvaluator evaluator = new PldEvaluator();
    PldEvaluator.Grouped g = evaluator.coarsen(curves, counts, max);
    assertTrue(g.curves.size() <= curves.size(), "groups " + g.curves.size());
    long total = 0;
    for (long n : g.counts) {
      total += n;
    }
    long expected = 0;
    for (long n : counts) {
      expected += n;
    }
    assertEquals(expected, total, "every charge stays counted");
    double h = PldEvaluator.step(curves, counts);
    double exact = evaluator.evaluate(curves, counts, h).epsilon(DELTA);
    double coarse = evaluator.evaluate(g.curves, g.counts, h).epsilon(DELTA);
    assertTrue(coarse >= exact * (1 - 1e-9), "coarsened " + coarse + " < exact " + exact);
  }

  /**
   * Gaussians with σ ∈ [0.5, 50], Laplace b/Δ, randomized response, Poisson-subsampled Gaussians.
   */
  private static PrivacyLoss mix(SplittableRandom r, int i) {
    double u = r.nextDouble();
    int kind = i % 4;
    if (kind == 0) {
      return PrivacyLoss.gaussian(0.5 + 49.5 * u);
    }
    if (kind == 1) {
      return PrivacyLoss.laplace(5 + 95 * u);
    }
    if (kind == 2) {
      return PrivacyLoss.randomizedResponse(0.5 + 0.05 * u);
    }
    double q = 0.001 + 0.05 * r.nextDouble();
    return PrivacyLoss.subsampled(PrivacyLoss.gaussian(0.5 + 4.5 * u), q);
  }

  /**
   * 10^4 charges with all-distinct parameters through a PLD accountant: its ε at δ is never below
   * the exact ε of the Gaussians among them alone (composition with more mechanisms cannot lower
   * δ(ε), and k Gaussians compose exactly to one with μ² = Σ μ_i², Balle and Wang 2018), and the
   * distributions alone (coarsened) are never below it either.
   */
  @Test
  void tenThousandDistinctChargesStayAboveTheExactGaussianPart() {
    PrivacyAccountant a =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1e6, 1e-3))
            .composition(Composition.pld(DELTA))
            .build();
    SplittableRandom random = new SplittableRandom(21);
    double muSquared = 0;
    List<Curve> curves = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      PrivacyLoss loss = mix(random, i);
      if (i % 4 == 0) {
        double x = loss.parameters().get("noiseMultiplier").doubleValue();
        muSquared += 1 / (x * x);
      }
      curves.add(Curves.of(loss.curve()));
      a.charge("release " + i, loss);
    }
    double lower = AnalyticGaussian.epsilon(Math.sqrt(muSquared), DELTA);
    double spent = a.epsilonAt(DELTA);
    assertTrue(spent >= lower, "accountant ε " + spent + " < exact Gaussian part " + lower);
    long[] ones = new long[curves.size()];
    java.util.Arrays.fill(ones, 1);
    double pld = new PldEvaluator().evaluate(curves, ones).epsilon(DELTA);
    assertTrue(pld >= lower, "PLD ε " + pld + " < exact Gaussian part " + lower);
  }
}
