package io.privacity.core.accounting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connect-the-dots discretization is pessimistic: the discretized profile is at least the true
 * one at every ε (on and off the grid, negative ε included), equal to it on grid points (up to
 * rounding), and a probability distribution.
 */
class DiscretizationTest {

  @ParameterizedTest
  @MethodSource("io.privacity.core.accounting.internal.CurvesTest#withMasses")
  void discretizedProfile_neverBelowTheTrueProfile(PrivacyLoss loss) {
    Curve c = Curves.of(loss);
    for (double h : new double[] {0.05, 1.0 / 64}) {
      for (PairView v : List.of(c.remove(), c.add())) {
        Pmf p = Discretization.discretize(v, c.lossScale(), h, 1e-18);
        assertEquals(1, p.finiteMass() + p.infinity, 1e-9, "mass of " + loss);
        PldComposer.Composed one = PldComposer.compose(List.of(p), new long[] {1});
        for (double eps = -3; eps <= 6; eps += 0.0137) {
          double truth = v.delta(eps);
          double disc = one.delta(eps);
          assertTrue(
              disc >= truth - 1e-13 - 1e-9 * truth,
              loss + " h=" + h + " ε=" + eps + ": " + disc + " < " + truth);
        }
        if (v.hasMasses()) {
          for (long j = p.offset; j < p.offset + p.length(); j += 7) {
            double eps = j * h;
            double truth = v.delta(eps);
            assertEquals(truth, one.delta(eps), 1e-12 + 1e-8 * truth, loss + " at grid " + eps);
          }
        }
      }
    }
  }

  /**
   * A profile known only as a bound is made convex first (its greatest convex minorant), which may
   * go below the bound but never below any true profile under it: checked against concrete
   * mechanisms that satisfy the bound's guarantee — the Gaussian for ρ-zCDP, and the subsampled
   * Gaussian for a subsampled ρ-zCDP guarantee.
   */
  @Test
  void profileOnly_neverBelowAConcreteMechanismItBounds() {
    double rho = 0.3;
    double x = 1 / Math.sqrt(2 * rho);
    check(PrivacyLoss.zcdp(rho), PrivacyLoss.gaussian(x));
    check(
        PrivacyLoss.subsampled(PrivacyLoss.zcdp(rho), 0.05),
        PrivacyLoss.subsampled(PrivacyLoss.gaussian(x), 0.05));
  }

  private static void check(PrivacyLoss bound, PrivacyLoss concrete) {
    Curve c = Curves.of(bound);
    Curve truth = Curves.of(concrete);
    for (double h : new double[] {0.05, 1.0 / 64}) {
      PairView[] views = {c.remove(), c.add()};
      PairView[] truths = {truth.remove(), truth.add()};
      for (int d = 0; d < 2; d++) {
        Pmf p = Discretization.discretize(views[d], c.lossScale(), h, 1e-18);
        assertEquals(1, p.finiteMass() + p.infinity, 1e-9, "mass of " + bound);
        PldComposer.Composed one = PldComposer.compose(List.of(p), new long[] {1});
        for (double eps = -3; eps <= 6; eps += 0.0137) {
          double t = truths[d].delta(eps);
          assertTrue(one.delta(eps) >= t - 1e-13, bound + " ε=" + eps);
        }
      }
    }
  }
}
