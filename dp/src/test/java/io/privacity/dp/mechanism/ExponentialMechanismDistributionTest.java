package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.ExponentialMechanism.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chi-square tests (10^6 selections each) of both variants against their exact laws, computed here
 * independently of the implementation: P[r] ∝ exp(ε u_r / (2Δ)) for the exponential mechanism (ε/Δ
 * when monotone) and, for permute-and-flip, the sum over all k! visiting orders of
 * (1/k!)·∏(rejections before r)·P[accept r]. Utilities are multiples of Δ·2^−20, so the
 * discretization is exact and the laws are the textbook ones. Each assertion is at significance
 * 1e-8 and the class makes 12, so a correct implementation fails it with probability ≤ 1.2e-7.
 */
class ExponentialMechanismDistributionTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(0.1, 1.0, false, new double[] {0, 3, 5, 10}),
        Arguments.of(1.0, 1.0, false, new double[] {0, 1, 2, 3, 4}),
        Arguments.of(4.0, 2.0, false, new double[] {-1, 0, 1, 2, 2, 3}),
        Arguments.of(1.0, 0.5, true, new double[] {1.5, 2, 2.25, 0}),
        Arguments.of(0.7, 3.0, false, new double[] {100, 99, 101, 95, 100, 98, 90}),
        Arguments.of(2.5, 1.0, true, new double[] {7, 7, 6, 0}));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void exponential_followsExactLaw(double eps, double delta, boolean monotone, double[] u) {
    double[] expected = exponentialLaw(eps, delta, monotone, u);
    check(Variant.EXPONENTIAL, eps, delta, monotone, u, expected);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void permuteAndFlip_followsExactLaw(double eps, double delta, boolean monotone, double[] u) {
    double[] expected = permuteAndFlipLaw(eps, delta, monotone, u);
    check(Variant.PERMUTE_AND_FLIP, eps, delta, monotone, u, expected);
  }

  private static void check(
      Variant variant, double eps, double delta, boolean monotone, double[] u, double[] expected) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < u.length; i++) {
      ids.add(i);
    }
    ExponentialMechanism<Integer> em =
        ExponentialMechanism.builder(ids)
            .epsilon(eps)
            .sensitivity(delta)
            .monotoneUtility(monotone)
            .variant(variant)
            .randomness(Randomness.insecureSeeded(Double.doubleToLongBits(eps) ^ u.length))
            .build();
    // The implementation's own closed form agrees with the independent one.
    assertArrayEquals(expected, em.selectionProbabilities(u), 1e-12);
    long[] counts = new long[u.length];
    for (int i = 0; i < 1_000_000; i++) {
      counts[em.selectIndex(u)]++;
    }
    StatAssert.assertFits(counts, expected, variant + " eps=" + eps + " u.length=" + u.length);
  }

  static double[] weights(double eps, double delta, boolean monotone, double[] u) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : u) {
      max = Math.max(max, x);
    }
    double[] w = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      w[i] = Math.exp(eps * (u[i] - max) / ((monotone ? 1 : 2) * delta));
    }
    return w;
  }

  static double[] exponentialLaw(double eps, double delta, boolean monotone, double[] u) {
    double[] w = weights(eps, delta, monotone, u);
    double sum = 0;
    for (double x : w) {
      sum += x;
    }
    double[] p = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      p[i] = w[i] / sum;
    }
    return p;
  }

  static double[] permuteAndFlipLaw(double eps, double delta, boolean monotone, double[] u) {
    double[] w = weights(eps, delta, monotone, u);
    double[] p = new double[u.length];
    int[] perm = new int[u.length];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    double factorial = 1;
    for (int i = 2; i <= u.length; i++) {
      factorial *= i;
    }
    permute(perm, 0, w, p, 1 / factorial);
    return p;
  }

  private static void permute(int[] perm, int from, double[] w, double[] p, double weight) {
    if (from == perm.length) {
      double reach = weight;
      for (int r : perm) {
        p[r] += reach * w[r];
        reach *= 1 - w[r];
      }
      return;
    }
    for (int i = from; i < perm.length; i++) {
      swap(perm, from, i);
      permute(perm, from + 1, w, p, weight);
      swap(perm, from, i);
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
