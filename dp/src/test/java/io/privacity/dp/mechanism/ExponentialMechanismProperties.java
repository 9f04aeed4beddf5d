package io.privacity.dp.mechanism;

import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.ExponentialMechanism.Variant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

/** Properties of the exact law (deterministic) and of sampling (range) of both variants. */
class ExponentialMechanismProperties {

  private static ExponentialMechanism<Integer> em(
      int k, double eps, double delta, Variant v, boolean monotone) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      ids.add(i);
    }
    return ExponentialMechanism.builder(ids)
        .epsilon(eps)
        .sensitivity(delta)
        .variant(v)
        .monotoneUtility(monotone)
        .randomness(Randomness.insecureSeeded(k))
        .build();
  }

  private static double[] toArray(List<Integer> xs, double scale) {
    double[] out = new double[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xs.get(i) * scale;
    }
    return out;
  }

  @Provide
  Arbitrary<List<Integer>> shifts() {
    return Arbitraries.integers().between(-1, 1).list().ofSize(6);
  }

  /**
   * The law itself is ε-DP: for utilities u and a neighbour u′ with |u − u′|∞ ≤ Δ, every selection
   * probability changes by a factor of at most e^ε (monotone: u′ ≥ u componentwise).
   */
  @Property(tries = 300, seed = "20261127")
  void law_isEpsilonDp_forEveryNeighbour(
      @ForAll @Size(6) List<@IntRange(min = -8, max = 8) Integer> u,
      @ForAll("shifts") List<Integer> d,
      @ForAll @DoubleRange(min = 0.01, max = 8) double eps,
      @ForAll Variant variant,
      @ForAll boolean monotone) {
    double delta = 1.5;
    ExponentialMechanism<Integer> em = em(6, eps, delta, variant, monotone);
    double[] a = toArray(u, delta);
    double[] b = new double[6];
    for (int i = 0; i < 6; i++) {
      int step = monotone ? Math.abs(d.get(i)) : d.get(i);
      b[i] = a[i] + step * delta;
    }
    double[] pa = em.selectionProbabilities(a);
    double[] pb = em.selectionProbabilities(b);
    double bound = Math.exp(eps) * (1 + 1e-9);
    for (int r = 0; r < 6; r++) {
      if (pa[r] > bound * pb[r] || pb[r] > bound * pa[r]) {
        throw new AssertionError("r=" + r + ": " + pa[r] + " vs " + pb[r]);
      }
    }
  }

  /** Permute-and-flip is never worse in expected utility than the exponential mechanism. */
  @Property(tries = 200, seed = "20261127")
  void permuteAndFlip_dominatesExponential(
      @ForAll @Size(min = 1, max = 7) List<@IntRange(min = -10, max = 10) Integer> u,
      @ForAll @DoubleRange(min = 0.01, max = 10) double eps) {
    double[] a = toArray(u, 1);
    double[] pf = em(a.length, eps, 1, Variant.PERMUTE_AND_FLIP, false).selectionProbabilities(a);
    double[] ex = em(a.length, eps, 1, Variant.EXPONENTIAL, false).selectionProbabilities(a);
    double upf = 0;
    double uex = 0;
    for (int i = 0; i < a.length; i++) {
      upf += pf[i] * a[i];
      uex += ex[i] * a[i];
    }
    if (upf < uex - 1e-9) {
      throw new AssertionError(upf + " < " + uex);
    }
  }

  /** Laws sum to 1, rank candidates by utility, and ignore a common integer shift. */
  @Property(tries = 200, seed = "20261127")
  void law_isNormalisedOrderedAndShiftInvariant(
      @ForAll @Size(min = 1, max = 7) List<@IntRange(min = -10, max = 10) Integer> u,
      @ForAll @IntRange(min = -1000, max = 1000) int shift,
      @ForAll @DoubleRange(min = 0.01, max = 10) double eps,
      @ForAll Variant variant) {
    double[] a = toArray(u, 1);
    double[] s = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      s[i] = a[i] + shift;
    }
    ExponentialMechanism<Integer> em = em(a.length, eps, 1, variant, false);
    double[] p = em.selectionProbabilities(a);
    double[] q = em.selectionProbabilities(s);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += p[i];
      if (Math.abs(p[i] - q[i]) > 1e-12) {
        throw new AssertionError("shift changed the law at " + i);
      }
      for (int j = 0; j < a.length; j++) {
        if (a[i] > a[j] && p[i] < p[j] - 1e-12) {
          throw new AssertionError("better candidate less likely: " + i + " vs " + j);
        }
      }
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new AssertionError("sum " + sum);
    }
  }

  /** Every selection is a valid index, whatever the utilities' magnitude. */
  @Property(tries = 200, seed = "20261127")
  void select_returnsValidIndex(
      @ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = -1e12, max = 1e12) Double> u,
      @ForAll @Scale(7) @DoubleRange(min = 1e-3, max = 1e3) double eps,
      @ForAll @Scale(7) @DoubleRange(min = 1e-6, max = 1e6) double delta,
      @ForAll Variant variant) {
    double[] a = new double[u.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = u.get(i);
    }
    int r = em(a.length, eps, delta, variant, false).selectIndex(a);
    if (r < 0 || r >= a.length) {
      throw new AssertionError("index " + r);
    }
  }
}
