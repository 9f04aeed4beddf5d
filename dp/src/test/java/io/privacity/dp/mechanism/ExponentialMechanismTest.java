package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.ExponentialMechanism.Variant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExponentialMechanismTest {
  private static final List<String> ABC = List.of("a", "b", "c");

  private static ExponentialMechanism.Builder<String> valid() {
    return ExponentialMechanism.builder(ABC).epsilon(1).sensitivity(1);
  }

  @Test
  void candidates_nullOrEmptyOrNullElement_throw() {
    assertThrows(IllegalArgumentException.class, () -> ExponentialMechanism.builder(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExponentialMechanism.builder(List.of()));
    assertEquals("candidates must be a non-empty collection, got []", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExponentialMechanism.builder(Arrays.asList("a", null)));
    assertEquals("candidates[1] must not be null", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, 0.0, -0.0, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void epsilon_invalid_throws(double eps) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> valid().epsilon(eps));
    assertEquals("epsilon must be finite and > 0, got " + eps, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, 0.0, -1.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e-305, 1e305})
  void sensitivity_invalid_throws(double sensitivity) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> valid().sensitivity(sensitivity));
    assertTrue(e.getMessage().startsWith("sensitivity must be"), e.getMessage());
    assertTrue(e.getMessage().endsWith("got " + sensitivity), e.getMessage());
  }

  @Test
  void builder_missingOrNull_throws() {
    assertThrows(
        IllegalStateException.class, () -> ExponentialMechanism.builder(ABC).epsilon(1).build());
    assertThrows(
        IllegalStateException.class,
        () -> ExponentialMechanism.builder(ABC).sensitivity(1).build());
    assertThrows(IllegalArgumentException.class, () -> valid().variant(null));
    assertThrows(IllegalArgumentException.class, () -> valid().randomness(null));
    assertThrows(IllegalArgumentException.class, () -> valid().accountant(null));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void utilities_nonFinite_throw(double bad) {
    ExponentialMechanism<String> em = valid().build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> em.selectIndex(new double[] {1, bad, 2}));
    assertEquals("utilities[1] must be finite, got " + bad, e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> em.select(s -> bad));
  }

  @Test
  void utilities_wrongLengthOrNull_throw() {
    ExponentialMechanism<String> em = valid().build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> em.selectIndex(new double[2]));
    assertEquals("utilities must have length 3 (one per candidate), got 2", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> em.selectIndex(null));
    assertThrows(IllegalArgumentException.class, () -> em.select(null));
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void select_returnsACandidate_andDominantWinsAtHighEpsilon(Variant variant) {
    ExponentialMechanism<String> em =
        ExponentialMechanism.builder(ABC)
            .epsilon(50)
            .sensitivity(1)
            .variant(variant)
            .randomness(Randomness.insecureSeeded(3))
            .build();
    // Utility gap 10 at ε/2Δ = 25: the others have probability < 2·exp(−250).
    for (int i = 0; i < 100; i++) {
      assertEquals("b", em.select(s -> s.equals("b") ? 10 : 0));
    }
  }

  @Test
  void hugeUtilities_takeTheExactBigDecimalPath() {
    ExponentialMechanism<String> em =
        valid().variant(Variant.EXPONENTIAL).randomness(Randomness.insecureSeeded(5)).build();
    double[] small = {0, 1, 2};
    double[] huge = {1e30, 1e30 + 0x1.0p50, 1e30 + 0x1.0p51};
    // Shifting all utilities does not change the law, even beyond the fast integer range.
    double[] shifted = {1e20, 1e20 + 16384, 1e20 + 32768};
    double[] smallShifted = {0, 16384, 32768};
    assertArrayEquals(em.selectionProbabilities(small), em.selectionProbabilities(small), 0);
    assertArrayEquals(
        em.selectionProbabilities(smallShifted), em.selectionProbabilities(shifted), 1e-15);
    double[] p = em.selectionProbabilities(huge);
    assertEquals(1.0, p[2], 1e-12);
    assertTrue(em.selectIndex(huge) == 2);
  }

  @Test
  void gapsAreCapped_forFarWorseCandidates() {
    ExponentialMechanism<String> em = valid().build();
    long[] gaps = em.gaps(new double[] {0, -1e300, 1});
    assertEquals(ExponentialMechanism.MAX_GAP, gaps[1]);
    assertEquals(0, gaps[2]);
    assertEquals(1L << 20, gaps[0]);
  }

  @Test
  void guarantee_isPureEpsilon_withParameters() {
    Guarantee g = valid().monotoneUtility(true).build().guarantee();
    assertEquals(PrivacyLoss.pure(1), g.loss());
    assertEquals("PERMUTE_AND_FLIP", g.parameters().get("variant"));
    assertEquals(true, g.parameters().get("monotoneUtility"));
    assertEquals(3, g.parameters().get("candidates"));
    assertTrue(g.toJson().contains("\"sensitivity\":1.0"));
  }

  @Test
  void candidates_areCopiedAndImmutable() {
    List<String> mutable = new ArrayList<>(ABC);
    ExponentialMechanism<String> em =
        ExponentialMechanism.builder(mutable).epsilon(1).sensitivity(1).build();
    mutable.add("d");
    assertEquals(ABC, em.candidates());
    assertThrows(UnsupportedOperationException.class, () -> em.candidates().add("x"));
  }

  @Test
  void permuteAndFlipProbabilities_refuseLargeK() {
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      many.add(i);
    }
    ExponentialMechanism<Integer> em =
        ExponentialMechanism.builder(many).epsilon(1).sensitivity(1).build();
    assertThrows(IllegalStateException.class, () -> em.selectionProbabilities(new double[21]));
  }

  @Test
  void accountant_chargedBeforeRandomness_andFailsClosed() {
    AtomicInteger draws = new AtomicInteger();
    Randomness inner = Randomness.insecureSeeded(9);
    Randomness counting =
        () -> {
          draws.incrementAndGet();
          return inner.nextLong();
        };
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.pure(2.5));
    ExponentialMechanism<String> em = valid().randomness(counting).accountant(acc).build();
    em.selectIndex(new double[] {0, 1, 2});
    em.selectIndex(new double[] {0, 1, 2});
    int before = draws.get();
    assertThrows(
        PrivacyBudgetExceededException.class, () -> em.selectIndex(new double[] {0, 1, 2}));
    assertEquals(before, draws.get());
    // Invalid utilities are rejected before any charge.
    assertThrows(
        IllegalArgumentException.class, () -> em.selectIndex(new double[] {0, Double.NaN, 2}));
    assertEquals(2, acc.charges().size());
  }

  @Test
  void gaps_areExactFloors_evenWhenScalingUnderflows() {
    ExponentialMechanism<String> huge =
        ExponentialMechanism.builder(ABC).epsilon(1).sensitivity(0x1.0p1000).build();
    // g = 2^980: -1e-300/g underflows to -0.0 in floating point, but its floor is -1.
    long[] gaps = huge.gaps(new double[] {-1e-300, 0, 1e-300});
    assertEquals(1, gaps[0]);
    assertEquals(0, gaps[1]);
    assertEquals(0, gaps[2]);
  }

  @Test
  void concurrentSelections_areValid() throws Exception {
    ExponentialMechanism<String> em =
        valid().randomness(Randomness.insecureSeeded(21)).variant(Variant.EXPONENTIAL).build();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<long[]>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  long[] counts = new long[3];
                  for (int i = 0; i < 20_000; i++) {
                    counts[em.selectIndex(new double[] {0, 1, 2})]++;
                  }
                  return counts;
                }));
      }
      long total = 0;
      for (java.util.concurrent.Future<long[]> f : futures) {
        for (long c : f.get()) {
          total += c;
        }
      }
      assertEquals(80_000, total);
    } finally {
      pool.shutdownNow();
    }
  }
}
