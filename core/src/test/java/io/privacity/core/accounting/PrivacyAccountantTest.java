package io.privacity.core.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PrivacyAccountantTest {

  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-11-27T03:00:00Z"), ZoneOffset.UTC);

  private static void assertMessage(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks " + part);
    }
  }

  /** An (ε, δ) budget under zCDP composition with a conversion δ of 10^−6. */
  private static PrivacyAccountant zcdp(double epsilon, double delta) {
    return PrivacyAccountant.builder()
        .budget(PrivacyLoss.approximate(epsilon, delta))
        .composition(Composition.zcdp(1e-6))
        .build();
  }

  private static PrivacyAccountant basic(double epsilon, double delta) {
    return PrivacyAccountant.builder()
        .budget(PrivacyLoss.approximate(epsilon, delta))
        .clock(FIXED)
        .build();
  }

  // ---- bad parameters --------------------------------------------------------------------------

  @Test
  void withBudget_null_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyAccountant.withBudget(null));
    assertMessage(e, "budget", "must not be null");
  }

  @Test
  void withBudget_none_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PrivacyAccountant.withBudget(PrivacyLoss.NONE));
    assertMessage(e, "budget", "positive", "(ε=0.0)-DP");
  }

  @Test
  void withBudget_zcdp_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PrivacyAccountant.withBudget(PrivacyLoss.zcdp(0.5)));
    assertMessage(e, "budget", "(ρ=0.5)-zCDP", "Composition.zcdp()");
  }

  @Test
  void builder_noBudget_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyAccountant.builder().build());
    assertMessage(e, "budget must be set");
  }

  @Test
  void builder_nullOptions_throw() {
    PrivacyAccountant.Builder b = PrivacyAccountant.builder();
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> b.composition(null)),
        "composition must not be null");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> b.clock(null)),
        "clock must not be null");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> b.onCharge(null)),
        "onCharge must not be null");
  }

  @Test
  void builder_rhoCompositionWithEpsilonBudget_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.builder()
                    .budget(PrivacyLoss.pure(1))
                    .composition(Composition.zcdp())
                    .build());
    assertMessage(e, "budget", "zCDP loss", "(ε=1.0)-DP", "Composition.zcdp(conversionDelta)");
  }

  @Test
  void builder_zcdpBudgetWithAdvanced_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.builder()
                    .budget(PrivacyLoss.zcdp(1))
                    .composition(Composition.advanced(1e-7))
                    .build());
    assertMessage(e, "budget", "(ρ=1.0)-zCDP");
  }

  @Test
  void builder_slackAboveBudgetDelta_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.builder()
                    .budget(PrivacyLoss.approximate(1, 1e-7))
                    .composition(Composition.advanced(1e-6))
                    .build());
    assertMessage(e, "composition delta", "<= the budget's delta 1.0E-7", "got 1.0E-6");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.builder()
                    .budget(PrivacyLoss.pure(1))
                    .composition(Composition.zcdp(1e-6))
                    .build());
    assertMessage(e, "composition delta", "<= the budget's delta 0.0", "got 1.0E-6");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t\n"})
  void charge_badLabel_throws(String label) {
    PrivacyAccountant accountant = basic(1, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> accountant.charge(label, PrivacyLoss.pure(0.1)));
    assertMessage(e, "label", "non-empty string");
    assertEquals(PrivacyLoss.NONE, accountant.spent());
    assertTrue(accountant.charges().isEmpty());
  }

  @Test
  void charge_nullLoss_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> basic(1, 0).charge("q", null));
    assertMessage(e, "loss must not be null");
  }

  @Test
  void charge_noneLoss_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> basic(1, 0).charge("q", PrivacyLoss.NONE));
    assertMessage(e, "loss", "positive privacy loss", "NONE");
  }

  @Test
  void charge_zcdpUnderBasic_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> basic(1, 0).charge("q", PrivacyLoss.zcdp(0.1)));
    assertMessage(e, "loss", "pure or (ε, δ)", "(ρ=0.1)-zCDP", "basic");
  }

  @Test
  void charge_approximateAgainstRhoBudget_throws() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.zcdp(1))
            .composition(Composition.zcdp())
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> accountant.charge("q", PrivacyLoss.approximate(0.1, 1e-9)));
    assertMessage(e, "loss", "zCDP or pure", "(ε=0.1, δ=1.0E-9)-DP");
  }

  @Test
  void canCharge_badLoss_throws() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> basic(1, 0).canCharge(null)),
        "loss must not be null");
  }

  @Test
  void sameStateAs_null_throws() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> basic(1, 0).sameStateAs(null)),
        "other must not be null");
  }

  static Stream<Arguments> badPartitions() {
    Map<String, PrivacyLoss> nullValue = new HashMap<>();
    nullValue.put("a", null);
    Map<String, PrivacyLoss> nullKey = new HashMap<>();
    nullKey.put(null, PrivacyLoss.pure(1));
    return Stream.of(
        Arguments.of(null, "perPartition must be a non-empty map, got null"),
        Arguments.of(Map.of(), "perPartition must be a non-empty map, got {}"),
        Arguments.of(nullValue, "perPartition[\"a\"] must not be null"),
        Arguments.of(nullKey, "perPartition key must be a non-empty string, got null"),
        Arguments.of(Map.of(" ", PrivacyLoss.pure(1)), "perPartition key must be a non-empty"),
        Arguments.of(Map.of("a", PrivacyLoss.NONE), "perPartition[\"a\"] must be a positive"),
        Arguments.of(
            Map.of("a", PrivacyLoss.zcdp(0.1), "b", PrivacyLoss.approximate(1, 1e-9)),
            "must not mix zCDP losses with (ε, δ) losses"));
  }

  @ParameterizedTest
  @MethodSource("badPartitions")
  void chargeParallel_badMap_throws(Map<String, PrivacyLoss> partitions, String message) {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(10, 1e-5))
            .composition(Composition.zcdp(1e-6))
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> accountant.chargeParallel("q", partitions));
    assertMessage(e, message);
    assertTrue(accountant.charges().isEmpty());
  }

  // ---- basic composition and fail-closed behaviour ---------------------------------------------

  @Test
  void tenChargesOfOneTenth_fitBudgetOfOne() {
    PrivacyAccountant accountant = basic(1.0, 0);
    for (int i = 0; i < 10; i++) {
      accountant.charge("q" + i, PrivacyLoss.pure(0.1));
    }
    assertEquals(1.0, accountant.spent().epsilon(), 1e-12);
    assertSame(PrivacyLoss.NONE, accountant.remaining());
    assertThrows(
        PrivacyBudgetExceededException.class, () -> accountant.charge("q", PrivacyLoss.pure(1e-6)));
  }

  @Test
  void basic_sumsEpsilonAndDelta() {
    PrivacyAccountant accountant = basic(1.0, 1e-5);
    accountant.charge("a", PrivacyLoss.pure(0.25));
    accountant.charge("b", PrivacyLoss.approximate(0.5, 4e-6));
    PrivacyLoss spent = accountant.spent();
    assertEquals(0.75, spent.epsilon(), 1e-12);
    assertEquals(4e-6, spent.delta(), 1e-18);
    assertTrue(spent.epsilon() >= 0.75 && spent.delta() >= 4e-6, "sums are rounded up");
    assertEquals(0.25, accountant.remaining().epsilon(), 1e-12);
    assertEquals(6e-6, accountant.remaining().delta(), 1e-18);
  }

  @Test
  void refusedCharge_spendsNothing_recordsNothing_callsNoListener() {
    List<Charge> seen = new ArrayList<>();
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1.0, 1e-6))
            .clock(FIXED)
            .onCharge(seen::add)
            .build();
    accountant.charge("first", PrivacyLoss.approximate(0.6, 5e-7));
    String before = accountant.toJson();
    PrivacyBudgetExceededException e =
        assertThrows(
            PrivacyBudgetExceededException.class,
            () -> accountant.charge("too much", PrivacyLoss.pure(0.5)));
    assertMessage(e, "too much", "nothing was spent");
    assertEquals("too much", e.label());
    assertEquals(PrivacyLoss.pure(0.5), e.requested());
    assertEquals(accountant.remaining(), e.remaining());
    // δ alone can also refuse.
    assertThrows(
        PrivacyBudgetExceededException.class,
        () -> accountant.charge("delta", PrivacyLoss.approximate(0.01, 6e-7)));
    assertEquals(before, accountant.toJson());
    assertEquals(1, seen.size());
    assertEquals(1, accountant.charges().size());
  }

  @Test
  void charge_recordsLabelLossAndClockTime_listenerInOrder() {
    List<String> seen = new ArrayList<>();
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.pure(1))
            .clock(FIXED)
            .onCharge(c -> seen.add(c.label()))
            .build();
    Charge charge = accountant.charge("a", PrivacyLoss.pure(0.1));
    accountant.charge("b", PrivacyLoss.pure(0.2));
    assertEquals(new Charge("a", PrivacyLoss.pure(0.1), FIXED.instant()), charge);
    assertEquals(List.of("a", "b"), seen);
    assertEquals(List.of("a", "b"), accountant.charges().stream().map(Charge::label).toList());
    assertThrows(UnsupportedOperationException.class, () -> accountant.charges().clear());
  }

  @Test
  void throwingListener_chargeStaysSpent() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.pure(1))
            .onCharge(
                c -> {
                  throw new IllegalStateException("ledger unavailable");
                })
            .build();
    assertThrows(IllegalStateException.class, () -> accountant.charge("q", PrivacyLoss.pure(0.4)));
    assertEquals(0.4, accountant.spent().epsilon(), 1e-12);
  }

  /** 8 threads race 8000 charges of 0.001 against ε = 1: exactly 1000 fit, never one more. */
  @Test
  void concurrentCharges_admitExactlyWhatFits() throws InterruptedException {
    PrivacyAccountant accountant = basic(1.0, 0);
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger refused =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < 1000; i++) {
                  try {
                    accountant.charge("q", PrivacyLoss.pure(0.001));
                  } catch (PrivacyBudgetExceededException e) {
                    refused.incrementAndGet();
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(1000, accountant.charges().size());
    assertEquals(7000, refused.get());
    assertTrue(accountant.spent().epsilon() <= 1.0 * (1 + PrivacyAccountant.RELATIVE_TOLERANCE));
  }

  @Test
  void canCharge_isAdvisoryAndChangesNothing() {
    PrivacyAccountant accountant = basic(1, 0);
    assertTrue(accountant.canCharge(PrivacyLoss.pure(1)));
    assertFalse(accountant.canCharge(PrivacyLoss.pure(1.01)));
    assertTrue(accountant.charges().isEmpty());
  }

  @Test
  void toString_summarises() {
    PrivacyAccountant accountant = basic(1, 0);
    accountant.charge("q", PrivacyLoss.pure(0.5));
    assertEquals(
        "PrivacyAccountant{budget=(ε=1.0)-DP, composition=basic, spent=(ε=0.5)-DP, charges=1}",
        accountant.toString());
  }

  // ---- parallel composition --------------------------------------------------------------------

  @Test
  void chargeParallel_chargesTheMaximum() {
    PrivacyAccountant accountant = basic(1, 1e-5);
    Map<String, PrivacyLoss> partitions = new LinkedHashMap<>();
    partitions.put("north", PrivacyLoss.pure(0.3));
    partitions.put("south", PrivacyLoss.approximate(0.2, 1e-6));
    Charge charge = accountant.chargeParallel("per-district counts", partitions);
    assertEquals(PrivacyLoss.approximate(0.3, 1e-6), charge.loss());
    assertEquals(0.3, accountant.spent().epsilon(), 1e-12);
  }

  @Test
  void chargeParallel_zcdpAndPure_takesMaxRho() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.zcdp(1))
            .composition(Composition.zcdp())
            .build();
    Charge charge =
        accountant.chargeParallel(
            "q", Map.of("a", PrivacyLoss.zcdp(0.1), "b", PrivacyLoss.pure(1)));
    assertEquals(PrivacyLoss.pure(1).toZcdp(), charge.loss());
  }

  @Test
  void chargeParallel_overBudget_spendsNothing() {
    PrivacyAccountant accountant = basic(1, 0);
    assertThrows(
        PrivacyBudgetExceededException.class,
        () ->
            accountant.chargeParallel(
                "q", Map.of("a", PrivacyLoss.pure(0.5), "b", PrivacyLoss.pure(1.5))));
    assertEquals(PrivacyLoss.NONE, accountant.spent());
  }

  // ---- advanced composition --------------------------------------------------------------------

  @Test
  void advanced_manySmallCharges_beatBasic() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1.0, 1e-5))
            .composition(Composition.advanced(1e-6))
            .build();
    int admitted = 0;
    try {
      while (admitted < 10_000) {
        accountant.charge("q", PrivacyLoss.pure(0.01));
        admitted++;
      }
    } catch (PrivacyBudgetExceededException expected) {
      // the budget is exhausted
    }
    // Basic composition admits 100 charges of 0.01; KOV's optimal bound admits several hundred.
    assertTrue(admitted > 300, "admitted " + admitted);
    PrivacyLoss spent = accountant.spent();
    assertTrue(spent.epsilon() <= 1.0 * (1 + PrivacyAccountant.RELATIVE_TOLERANCE));
    assertEquals(1e-6, spent.delta(), 1e-15);
    // The reported ε is the optimal bound, checked independently in CompositionBoundsProperties.
    assertEquals(CompositionBounds.kovOptimal(admitted, 0.01, 1e-6), spent.epsilon());
  }

  @Test
  void advanced_fewCharges_reportBasic() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1.0, 1e-5))
            .composition(Composition.advanced(1e-6))
            .build();
    accountant.charge("a", PrivacyLoss.pure(0.3));
    accountant.charge("b", PrivacyLoss.pure(0.2));
    // Heterogeneous: only basic and KOV 3.5 apply, and basic is smaller for two charges.
    assertEquals(PrivacyLoss.pure(0.5).epsilon(), accountant.spent().epsilon(), 1e-12);
    assertEquals(0, accountant.spent().delta());
  }

  @Test
  void advanced_pureBudget_fallsBackToBasic() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1.0, 1e-6))
            .composition(Composition.advanced(1e-6))
            .build();
    for (int i = 0; i < 10; i++) {
      accountant.charge("q", PrivacyLoss.approximate(0.1, 1e-8));
    }
    // Σδ + δ′ = 1.1e-6 exceeds the δ budget, so only basic composition fits.
    assertEquals(1.0, accountant.spent().epsilon(), 1e-12);
    assertEquals(1e-7, accountant.spent().delta(), 1e-18);
  }

  // ---- zCDP composition ------------------------------------------------------------------------

  @Test
  void zcdp_accumulatesRhoAndConverts() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(2.0, 1e-5))
            .composition(Composition.zcdp(1e-6))
            .build();
    accountant.charge("gauss", PrivacyLoss.zcdp(0.01));
    accountant.charge("laplace", PrivacyLoss.pure(0.1)); // 0.005-zCDP
    accountant.charge("approx", PrivacyLoss.approximate(0.2, 1e-6));
    PrivacyLoss spent = accountant.spent();
    // The smaller of: pure charge converted with the zCDP one, or added on top of its conversion.
    double expected =
        Math.min(
            PrivacyLoss.zcdpToEpsilon(0.015, 1e-6) + 0.2,
            PrivacyLoss.zcdpToEpsilon(0.01, 1e-6) + 0.1 + 0.2);
    assertEquals(expected, spent.epsilon(), 1e-9);
    assertTrue(spent.epsilon() >= expected * (1 - 1e-12));
    assertEquals(2e-6, spent.delta(), 1e-15);
  }

  @Test
  void zcdp_pureCharges_costNoMoreThanBasicComposition() {
    // Fails before issue 16: three pure(0.5) charges were reported as ε(0.375, 1e-6) = 4.44.
    PrivacyAccountant accountant = zcdp(10, 1e-5);
    for (int i = 0; i < 3; i++) {
      accountant.charge("laplace " + i, PrivacyLoss.pure(0.5));
    }
    assertEquals(1.5, accountant.spent().epsilon(), 1e-12); // sums are rounded up by an ulp
    assertEquals(0, accountant.spent().delta());
    // Many small pure charges: the conversion of Σε²/2 wins again.
    PrivacyAccountant many = zcdp(10, 1e-5);
    for (int i = 0; i < 400; i++) {
      many.charge("small " + i, PrivacyLoss.pure(0.01));
    }
    double converted = PrivacyLoss.zcdpToEpsilon(400 * 0.01 * 0.01 / 2, 1e-6);
    assertTrue(converted < 4);
    assertEquals(converted, many.spent().epsilon(), 1e-9);
    assertEquals(1e-6, many.spent().delta(), 1e-18);
  }

  @Test
  void zcdp_admitsWhatEitherBoundAdmits() {
    // Fails before issue 16: with a budget of (1.5, 1e-6) even the first pure(0.5) was refused.
    PrivacyAccountant accountant = zcdp(1.5, 1e-6);
    for (int i = 0; i < 3; i++) {
      accountant.charge("laplace " + i, PrivacyLoss.pure(0.5));
    }
    assertThrows(
        PrivacyBudgetExceededException.class,
        () -> accountant.charge("one more", PrivacyLoss.pure(0.01)));
    // A zCDP charge with pure ones: its conversion plus the pure ε, when that is smaller.
    PrivacyAccountant mixed = zcdp(2, 1e-5);
    mixed.charge("gauss", PrivacyLoss.zcdp(0.005));
    mixed.charge("laplace", PrivacyLoss.pure(1.0));
    double split = PrivacyLoss.zcdpToEpsilon(0.005, 1e-6) + 1.0;
    double converted = PrivacyLoss.zcdpToEpsilon(0.505, 1e-6);
    assertTrue(split < converted && split < 2);
    assertEquals(split, mixed.spent().epsilon(), 1e-9);
    assertEquals(1e-6, mixed.spent().delta(), 1e-18);
  }

  @Test
  void zcdp_onlyApproximateCharges_needNoConversionDelta() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(2.0, 1e-5))
            .composition(Composition.zcdp(1e-6))
            .build();
    accountant.charge("approx", PrivacyLoss.approximate(0.2, 1e-6));
    assertEquals(PrivacyLoss.approximate(0.2, 1e-6), accountant.spent());
  }

  @Test
  void zcdp_refusesWhenConversionExceedsBudget() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1.0, 1e-5))
            .composition(Composition.zcdp(1e-6))
            .build();
    // ρ = 0.5 converts to ε ≈ 5.2 at δ = 1e-6.
    assertThrows(
        PrivacyBudgetExceededException.class, () -> accountant.charge("q", PrivacyLoss.zcdp(0.5)));
    assertEquals(PrivacyLoss.NONE, accountant.spent());
  }

  @Test
  void zcdp_rhoBudget() {
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.zcdp(0.1))
            .composition(Composition.zcdp())
            .build();
    for (int i = 0; i < 10; i++) {
      accountant.charge("q", PrivacyLoss.zcdp(0.01));
    }
    assertEquals(0.1, accountant.spent().rho(), 1e-12);
    assertSame(PrivacyLoss.NONE, accountant.remaining());
    assertThrows(
        PrivacyBudgetExceededException.class, () -> accountant.charge("q", PrivacyLoss.zcdp(1e-6)));
    PrivacyAccountant fresh =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.zcdp(0.1))
            .composition(Composition.zcdp())
            .build();
    fresh.charge("q", PrivacyLoss.pure(0.2)); // 0.02-zCDP
    assertEquals(0.08, fresh.remaining().rho(), 1e-12);
  }

  // ---- snapshots -------------------------------------------------------------------------------

  static Stream<PrivacyAccountant> accountants() {
    PrivacyAccountant basic = basic(1, 1e-6);
    basic.charge("a", PrivacyLoss.pure(0.1));
    basic.charge("b \"quoted\" ünïcode", PrivacyLoss.approximate(0.2, 1e-7));
    PrivacyAccountant advanced =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1, 1e-5))
            .composition(Composition.advanced(1e-6))
            .build();
    for (int i = 0; i < 150; i++) {
      advanced.charge("q" + i, PrivacyLoss.pure(0.01));
    }
    PrivacyAccountant zcdp =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(3, 1e-5))
            .composition(Composition.zcdp(1e-6))
            .build();
    zcdp.charge("g", PrivacyLoss.zcdp(0.05));
    zcdp.charge("a", PrivacyLoss.approximate(0.1, 1e-7));
    PrivacyAccountant rho =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.zcdp(1))
            .composition(Composition.zcdp())
            .build();
    rho.charge("g", PrivacyLoss.zcdp(0.05));
    PrivacyAccountant empty = basic(1, 0);
    return Stream.of(basic, advanced, zcdp, rho, empty);
  }

  @Test
  void fromJson_reattachesTheListener_forNewChargesOnly() {
    // Fails before issue 16: a restored accountant had no way to get its ledger back.
    PrivacyAccountant original = basic(1, 1e-6);
    original.charge("before", PrivacyLoss.pure(0.1));
    List<Charge> told = new ArrayList<>();
    PrivacyAccountant restored = PrivacyAccountant.fromJson(original.toJson(), told::add);
    assertTrue(told.isEmpty(), "replayed charges are not told again");
    Charge after = restored.charge("after", PrivacyLoss.pure(0.2));
    assertEquals(List.of(after), told);
    assertThrows(
        PrivacyBudgetExceededException.class,
        () -> restored.charge("too much", PrivacyLoss.pure(1)));
    assertEquals(1, told.size(), "refused charges are not told");
    assertThrows(
        IllegalArgumentException.class, () -> PrivacyAccountant.fromJson(original.toJson(), null));
  }

  @ParameterizedTest
  @MethodSource("accountants")
  void json_roundTrip_sameState(PrivacyAccountant original) {
    String json = original.toJson();
    PrivacyAccountant restored = PrivacyAccountant.fromJson(json);
    assertTrue(restored.sameStateAs(original));
    assertTrue(original.sameStateAs(restored));
    assertEquals(json, restored.toJson());
    assertEquals(original.spent(), restored.spent());
    assertEquals(original.remaining(), restored.remaining());
  }

  @Test
  void sameStateAs_detectsDifferences() {
    PrivacyAccountant a = basic(1, 0);
    PrivacyAccountant b = basic(1, 0);
    assertTrue(a.sameStateAs(b));
    a.charge("q", PrivacyLoss.pure(0.1));
    assertFalse(a.sameStateAs(b));
    b.charge("other", PrivacyLoss.pure(0.1));
    assertFalse(a.sameStateAs(b));
    assertFalse(basic(1, 0).sameStateAs(basic(2, 0)));
  }

  @Test
  void fromJson_tighterBudget_replaysAllAndRefusesMore() {
    PrivacyAccountant original = basic(1, 0);
    original.charge("a", PrivacyLoss.pure(0.6));
    original.charge("b", PrivacyLoss.pure(0.3));
    String tightened =
        original
            .toJson()
            .replace(
                "\"budget\":{\"kind\":\"pure\",\"epsilon\":1.0}",
                "\"budget\":{\"kind\":\"pure\",\"epsilon\":0.5}");
    PrivacyAccountant restored = PrivacyAccountant.fromJson(tightened);
    assertEquals(0.9, restored.spent().epsilon(), 1e-12);
    assertEquals(2, restored.charges().size());
    assertSame(PrivacyLoss.NONE, restored.remaining());
    assertThrows(
        PrivacyBudgetExceededException.class, () -> restored.charge("c", PrivacyLoss.pure(1e-9)));
  }

  static Stream<Arguments> malformedJson() {
    String good = good();
    return Stream.of(
        Arguments.of(null, "json must be an accountant snapshot, got null"),
        Arguments.of("", "json must be well-formed JSON"),
        Arguments.of("{", "json must be well-formed JSON"),
        Arguments.of("[]", "snapshot must be a JSON object"),
        Arguments.of(good + "{}", "json must be well-formed JSON"),
        Arguments.of(
            good.replace("\"version\":2", "\"version\":3"), "version must be 1 or 2 (the versions"),
        Arguments.of(
            good.replace("\"version\":2", "\"version\":\"2\""), "version must be a JSON number"),
        Arguments.of(
            good.replace("privacity.accountant", "other"),
            "format must be \"privacity.accountant\""),
        Arguments.of(good.replace("\"format\"", "\"fmt\""), "unknown \"fmt\""),
        Arguments.of(
            good.replace(",\"spent\":{\"kind\":\"pure\",\"epsilon\":0.1}", ""),
            "spent is required"),
        Arguments.of(
            good.replace("\"epsilon\":0.1}", "\"epsilon\":-0.1}"),
            "charges[0].loss.epsilon must be finite and > 0, got -0.1"),
        Arguments.of(
            good.replace("\"epsilon\":0.1}", "\"epsilon\":NaN}"), "json must be well-formed JSON"),
        Arguments.of(
            good.replace("\"epsilon\":0.1}", "\"epsilon\":1e999}"),
            "charges[0].loss.epsilon must be finite and > 0, got Infinity"),
        Arguments.of(
            good.replace(
                "\"kind\":\"pure\",\"epsilon\":1.0",
                "\"kind\":\"approximate\",\"epsilon\":1.0,\"delta\":1.5"),
            "budget.delta must be in [0, 1), got 1.5"),
        Arguments.of(
            good.replace("\"kind\":\"pure\",\"epsilon\":1.0", "\"kind\":\"zcdp\",\"rho\":1.0"),
            "budget and composition: budget must be a pure or (ε, δ) loss"),
        Arguments.of(
            good.replace("\"kind\":\"basic\"", "\"kind\":\"fancy\""),
            "composition.kind must be one of basic, advanced, zcdp, rdp, pld, got \"fancy\""),
        Arguments.of(
            good.replace("\"kind\":\"basic\"", "\"kind\":\"advanced\",\"slackDelta\":0"),
            "composition.slackDelta must be in (0, 1), got 0.0"),
        Arguments.of(
            good.replace("\"label\":\"q\"", "\"label\":\" \""),
            "charges[0].label must be a non-empty string"),
        Arguments.of(
            good.replace("\"label\":\"q\"", "\"label\":7"),
            "charges[0].label must be a string, got 7"),
        Arguments.of(
            good.replace("2026-11-27T03:00:00Z", "yesterday"),
            "charges[0].time must be an ISO-8601 instant"),
        Arguments.of(
            good.replace("\"kind\":\"pure\",\"epsilon\":0.1}", "\"kind\":\"none\"}"),
            "charges[0].loss.kind must be one of pure, approximate, zcdp, got \"none\""),
        Arguments.of(
            good.replace("\"charges\":[", "\"charges\":{").replace("}],\"spent\"", "}},\"spent\""),
            "json must be well-formed JSON"),
        Arguments.of(
            good.replace("\"charges\":[{", "\"charges\":[1,{"),
            "charges[0] must be a JSON object, got 1"),
        Arguments.of(
            good.replace(
                "\"spent\":{\"kind\":\"pure\",\"epsilon\":0.1}",
                "\"spent\":{\"kind\":\"pure\",\"epsilon\":0.9}"),
            "spent must be at most the loss its charges replay to"),
        Arguments.of(
            good.replace("\"epsilon\":0.1}", "\"epsilon\":0.1,\"delta\":0.0}"),
            "must have only the fields [epsilon, kind], got unknown \"delta\""),
        Arguments.of(
            good.replace(
                "\"kind\":\"pure\",\"epsilon\":0.1}",
                "\"kind\":\"approximate\",\"epsilon\":0.1,\"delta\":0.0}"),
            "charges[0].loss.delta must be in (0, 1) for kind approximate, got 0.0"));
  }

  private static String good() {
    PrivacyAccountant accountant = basic(1, 0);
    accountant.charge("q", PrivacyLoss.pure(0.1));
    return accountant.toJson();
  }

  @Test
  void good_hasTheExpectedForm() {
    assertEquals(
        "{\"format\":\"privacity.accountant\",\"version\":2,"
            + "\"budget\":{\"kind\":\"pure\",\"epsilon\":1.0},\"composition\":{\"kind\":\"basic\"},"
            + "\"charges\":[{\"label\":\"q\",\"loss\":{\"kind\":\"pure\",\"epsilon\":0.1},"
            + "\"time\":\"2026-11-27T03:00:00Z\"}],\"spent\":{\"kind\":\"pure\",\"epsilon\":0.1}}",
        good());
  }

  @ParameterizedTest
  @MethodSource("malformedJson")
  void fromJson_malformed_throws(String json, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyAccountant.fromJson(json));
    assertMessage(e, message);
  }

  // ---- Composition values ----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, 1.0, -1e-9})
  void composition_badDelta_throws(double delta) {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> Composition.advanced(delta)),
        "slackDelta must be in (0, 1), got " + delta);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> Composition.zcdp(delta)),
        "conversionDelta must be in (0, 1), got " + delta);
  }

  @Test
  void composition_valuesAndNames() {
    assertEquals(Composition.advanced(1e-7), Composition.advanced(1e-7));
    assertEquals(Composition.advanced(1e-7).hashCode(), Composition.advanced(1e-7).hashCode());
    assertFalse(Composition.advanced(1e-7).equals(Composition.zcdp(1e-7)));
    assertFalse(Composition.basic().equals("basic"));
    assertEquals("basic", Composition.basic().toString());
    assertEquals("advanced(δ′=1.0E-7)", Composition.advanced(1e-7).toString());
    assertEquals("zcdp(δc=1.0E-7)", Composition.zcdp(1e-7).toString());
    assertEquals("zcdp(ρ budget)", Composition.zcdp().toString());
    assertEquals(Composition.Kind.ZCDP, Composition.zcdp().kind());
    assertEquals(0, Composition.zcdp().delta());
    assertEquals(1e-7, Composition.advanced(1e-7).delta());
  }
}
