package io.privacity.dp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import io.privacity.dp.stream.ContinualCounter.Algorithm;
import io.privacity.dp.stream.ContinualCounter.Estimator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContinualCounterTest {

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, 0.0, -0.0, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void epsilon_invalid_throws(double eps) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ContinualCounter.builder().epsilon(eps));
    assertEquals("epsilon must be finite and > 0, got " + eps, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, 0.0, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void rho_invalid_throws(double rho) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ContinualCounter.builder().rho(rho));
    assertEquals("rho must be finite and > 0, got " + rho, e.getMessage());
  }

  @Test
  void epsilonAndRho_bothSet_throws() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ContinualCounter.builder().epsilon(1).rho(0.5).horizon(10).build());
    assertEquals("set either epsilon or rho, not both", e.getMessage());
  }

  @Test
  void hugeGaussianVariance_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ContinualCounter.builder().rho(1e-19).horizon(1000).build());
    assertTrue(e.getMessage().contains("must be <= 2^60"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void rho_guaranteeIsZcdp_atMostRequested(Algorithm alg) {
    ContinualCounter.Builder b =
        ContinualCounter.builder().rho(0.5).algorithm(alg).randomness(Randomness.insecureSeeded(3));
    ContinualCounter c =
        alg == Algorithm.HYBRID ? b.unboundedHorizon().build() : b.horizon(1000).build();
    PrivacyLoss loss = c.guarantee().loss();
    assertEquals(PrivacyLoss.Kind.ZCDP, loss.kind());
    // σ² is rounded up to a·2^j with 2^j <= σ: at most a factor (1 + 1/σ) of ρ is left unused.
    assertTrue(loss.rho() <= 0.5 && loss.rho() > 0.25, loss.toString());
    assertTrue(c.guarantee().toJson().contains("discrete Gaussian"));
    long sum = 0;
    for (int t = 1; t <= 100; t++) {
      sum += t;
      c.next(t);
    }
    assertTrue(Math.abs(c.estimate() - sum) < 10 * Math.sqrt(c.variance()) + 1);
  }

  @Test
  void discreteGaussianVariance_belowSigmaSquared_andExactForSmallSigma() {
    // σ² = 1/4 would not be used by the counters, but checks the summation: P(±1) ∝ e^{-2}.
    double w = Math.exp(-2);
    double w4 = Math.exp(-8);
    double exact = (2 * w + 8 * w4) / (1 + 2 * w + 2 * w4);
    assertEquals(exact, IntegerNoise.discreteGaussianVariance(0.25), 1e-6);
    for (double s2 : new double[] {1, 2, 7.5, 100, 9999}) {
      double v = IntegerNoise.discreteGaussianVariance(s2);
      assertTrue(v <= s2 * (1 + 1e-12) && v > s2 * (1 - 1e-6) - 0.01, s2 + " -> " + v);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MIN_VALUE, -1, 0, (1L << 40) + 1})
  void horizon_outOfRange_throws(long t) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ContinualCounter.builder().horizon(t));
    assertEquals("horizon must be in [1, 1099511627776], got " + t, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MIN_VALUE, -1, 0, (1L << 20) + 1})
  void sensitivity_outOfRange_throws(long d) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ContinualCounter.builder().sensitivity(d));
    assertEquals("sensitivity must be in [1, 1048576], got " + d, e.getMessage());
  }

  @Test
  void nullArguments_throw() {
    ContinualCounter.Builder b = ContinualCounter.builder();
    assertEquals(
        "algorithm must not be null",
        assertThrows(IllegalArgumentException.class, () -> b.algorithm(null)).getMessage());
    assertEquals(
        "estimator must not be null",
        assertThrows(IllegalArgumentException.class, () -> b.estimator(null)).getMessage());
    assertEquals(
        "randomness must not be null",
        assertThrows(IllegalArgumentException.class, () -> b.randomness(null)).getMessage());
    assertEquals(
        "accountant must not be null",
        assertThrows(IllegalArgumentException.class, () -> b.accountant(null)).getMessage());
  }

  @Test
  void missingEpsilonOrHorizon_throws() {
    assertEquals(
        "epsilon or rho must be set",
        assertThrows(
                IllegalStateException.class, () -> ContinualCounter.builder().horizon(10).build())
            .getMessage());
    assertEquals(
        "horizon(T) or unboundedHorizon() must be set",
        assertThrows(
                IllegalStateException.class, () -> ContinualCounter.builder().epsilon(1).build())
            .getMessage());
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"BINARY_TREE", "NAIVE_SPLIT_BUDGET"})
  void unboundedWithHorizonAlgorithm_throws(Algorithm alg) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ContinualCounter.builder().epsilon(1).unboundedHorizon().algorithm(alg).build());
    assertEquals(alg + " needs a known horizon; use horizon(T)", e.getMessage());
  }

  @Test
  void tooSmallEpsilon_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ContinualCounter.builder().epsilon(1e-13).horizon(1000).build());
    assertTrue(e.getMessage().startsWith("epsilon/sensitivity must be >= 2^-40"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void negativeOrHugeIncrement_throws(Algorithm alg) {
    ContinualCounter c = seeded(alg, 8, 1);
    for (long bad : new long[] {-1, Long.MIN_VALUE, (1L << 40) + 1, Long.MAX_VALUE}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.next(bad));
      assertEquals("increment must be in [0, 1099511627776], got " + bad, e.getMessage());
    }
    assertEquals(0, c.time(), "a refused increment does not advance time");
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"BINARY_TREE", "NAIVE_SPLIT_BUDGET", "NAIVE_NOISY_INCREMENTS"})
  void beyondHorizon_throws(Algorithm alg) {
    ContinualCounter c = seeded(alg, 3, 1);
    for (int i = 0; i < 3; i++) {
      c.next(1);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.next(1));
    assertEquals("horizon reached: all 3 steps released", e.getMessage());
  }

  @Test
  void confidenceInterval_badLevel_throws() {
    ContinualCounter c = seeded(Algorithm.BINARY_TREE, 8, 1);
    c.next(1);
    for (double level : new double[] {Double.NaN, 0, 1, -0.5, 2}) {
      assertThrows(IllegalArgumentException.class, () -> c.confidenceInterval(level));
    }
    assertTrue(c.confidenceInterval(0.95).lower() < c.confidenceInterval(0.95).upper());
  }

  @Test
  void accountant_chargedOnceInBuild_andFailsClosed() {
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.pure(1.5));
    ContinualCounter c =
        ContinualCounter.builder()
            .epsilon(1)
            .horizon(1000)
            .accountant(acc)
            .randomness(Randomness.insecureSeeded(1))
            .build();
    for (int i = 0; i < 1000; i++) {
      c.next(i % 3);
    }
    assertEquals(1, acc.charges().size());
    assertTrue(acc.spent().epsilon() <= 1.0);
    assertTrue(acc.spent().epsilon() > 0.999999);
    assertThrows(
        PrivacyBudgetExceededException.class,
        () -> ContinualCounter.builder().epsilon(1).horizon(10).accountant(acc).build());
    assertEquals(1, acc.charges().size(), "a refused counter spends nothing");
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void guarantee_isPureAndAtMostRequested(Algorithm alg) {
    ContinualCounter c = seeded(alg, 1000, 0.7);
    PrivacyLoss loss = c.guarantee().loss();
    assertTrue(loss.isPure());
    assertTrue(loss.epsilon() <= 0.7 && loss.epsilon() > 0.7 * (1 - 1e-9), loss.toString());
    String json = c.guarantee().toJson();
    assertTrue(json.contains("\"mechanism\":\"ContinualCounter/" + alg + "\""), json);
    assertTrue(json.contains("event-level"), json);
  }

  @Test
  void tree_levelsAndNoiseScale() {
    BinaryTreeCounter c =
        BinaryTreeCounter.create(
            PrivacyLoss.pure(2.0), 1000, 3, Estimator.HONAKER, Randomness.insecureSeeded(1));
    assertEquals(11, c.levels()); // ⌈log2 1000⌉ + 1
    // scale = L·Δ/ε = 11·3/2 = 16.5
    assertEquals(16.5, (double) c.guarantee().parameters().get("noiseScale"), 1e-9);
  }

  @ParameterizedTest
  @EnumSource(Estimator.class)
  void tree_withZeroNoise_releasesExactCounts(Estimator estimator) {
    BinaryTreeCounter c =
        new BinaryTreeCounter(1000, 1, estimator, () -> 0, 5.0, PrivacyLoss.pure(1), null, null);
    long sum = 0;
    for (int t = 1; t <= 1000; t++) {
      long inc = (t * 7919L) % 5;
      sum += inc;
      assertEquals(sum, c.next(inc), "t=" + t);
      assertEquals(sum, c.estimate(), 1e-6);
    }
  }

  @Test
  void tree_honakerVariance_neverAboveStandard() {
    BinaryTreeCounter h =
        new BinaryTreeCounter(
            1 << 12, 1, Estimator.HONAKER, () -> 0, 7.0, PrivacyLoss.pure(1), null, null);
    BinaryTreeCounter s =
        new BinaryTreeCounter(
            1 << 12, 1, Estimator.STANDARD, () -> 0, 7.0, PrivacyLoss.pure(1), null, null);
    for (long t = 1; t <= 1 << 12; t++) {
      assertTrue(h.varianceAt(t) <= s.varianceAt(t) + 1e-12, "t=" + t);
    }
    // At t = 2^12 the release is the root alone: Honaker combines 13 levels of information.
    assertTrue(h.varianceAt(1 << 12) < 0.51 * s.varianceAt(1 << 12));
  }

  @Test
  void tree_listenerSeesEveryCompletedNode() {
    List<long[]> nodes = new ArrayList<>();
    BinaryTreeCounter c =
        new BinaryTreeCounter(
            8,
            1,
            Estimator.STANDARD,
            () -> 0,
            1,
            PrivacyLoss.pure(1),
            null,
            (level, first, last, sum) -> nodes.add(new long[] {level, first, last, sum}));
    for (int t = 1; t <= 8; t++) {
      c.next(t);
    }
    assertEquals(15, nodes.size()); // a full binary tree over 8 leaves
    long[] root = nodes.get(nodes.size() - 1);
    assertEquals(3, root[0]);
    assertEquals(1, root[1]);
    assertEquals(8, root[2]);
    assertEquals(36, root[3]);
  }

  static ContinualCounter seeded(Algorithm alg, long horizon, double eps) {
    ContinualCounter.Builder b =
        ContinualCounter.builder()
            .epsilon(eps)
            .algorithm(alg)
            .randomness(Randomness.insecureSeeded(42));
    if (alg == Algorithm.HYBRID) {
      b.unboundedHorizon();
    } else {
      b.horizon(horizon);
    }
    return b.build();
  }
}
