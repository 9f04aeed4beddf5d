package io.privacity.dp.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import io.privacity.dp.stream.WEventPublisher.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WEventPublisherTest {

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, 0.0, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void epsilon_invalid_throws(double eps) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WEventPublisher.builder().epsilon(eps));
    assertEquals("epsilon must be finite and > 0, got " + eps, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 100_001})
  void window_outOfRange_throws(int w) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WEventPublisher.builder().window(w));
    assertEquals("window must be in [1, 100000], got " + w, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1_000_001})
  void dimension_outOfRange_throws(int d) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WEventPublisher.builder().dimension(d));
    assertEquals("dimension must be in [1, 1000000], got " + d, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MIN_VALUE, -1, 0, (1L << 20) + 1})
  void sensitivity_outOfRange_throws(long s) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WEventPublisher.builder().sensitivity(s));
    assertEquals("sensitivity must be in [1, 1048576], got " + s, e.getMessage());
  }

  @Test
  void nulls_andMissingParameters_throw() {
    WEventPublisher.Builder b = WEventPublisher.builder();
    assertThrows(IllegalArgumentException.class, () -> b.strategy(null));
    assertThrows(IllegalArgumentException.class, () -> b.randomness(null));
    assertThrows(IllegalArgumentException.class, () -> b.accountant(null));
    assertEquals(
        "epsilon must be set",
        assertThrows(IllegalStateException.class, () -> WEventPublisher.builder().build())
            .getMessage());
    assertEquals(
        "window must be set",
        assertThrows(
                IllegalStateException.class, () -> WEventPublisher.builder().epsilon(1).build())
            .getMessage());
    assertEquals(
        "dimension must be set",
        assertThrows(
                IllegalStateException.class,
                () -> WEventPublisher.builder().epsilon(1).window(3).build())
            .getMessage());
  }

  @Test
  void badCounts_throw() {
    WEventPublisher p = publisher(Strategy.BUDGET_ABSORPTION, 3);
    assertEquals(
        "counts must not be null",
        assertThrows(IllegalArgumentException.class, () -> p.publish(null)).getMessage());
    assertEquals(
        "counts must have length dimension=3, got 2",
        assertThrows(IllegalArgumentException.class, () -> p.publish(new long[2])).getMessage());
    assertEquals(
        "increment must be in [0, 1099511627776], got -1",
        assertThrows(IllegalArgumentException.class, () -> p.publish(new long[] {1, -1, 0}))
            .getMessage());
  }

  @Test
  void accountant_chargedOnce_failsClosed() {
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.pure(1.5));
    WEventPublisher p =
        WEventPublisher.builder().epsilon(1).window(4).dimension(2).accountant(acc).build();
    for (int i = 0; i < 50; i++) {
      p.publish(new long[] {i, 2 * i});
    }
    assertEquals(1, acc.charges().size());
    assertThrows(
        PrivacyBudgetExceededException.class,
        () -> WEventPublisher.builder().epsilon(1).window(4).dimension(2).accountant(acc).build());
    assertEquals(1, acc.charges().size());
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void release_valuesAreCopies_andGuaranteeStated(Strategy s) {
    WEventPublisher p = publisher(s, 2);
    WEventPublisher.Release r = p.publish(new long[] {5, 7});
    long[] v = r.values();
    v[0] = 1_000_000;
    assertFalse(r.values()[0] == 1_000_000);
    assertEquals(1, r.time());
    assertTrue(p.guarantee().toJson().contains("w-event"));
    assertEquals(PrivacyLoss.pure(1.0), p.guarantee().loss());
  }

  @Test
  void uniform_publishesEveryTimestamp_withEpsilonOverW() {
    WEventPublisher p = publisher(Strategy.UNIFORM, 1);
    for (int i = 0; i < 10; i++) {
      WEventPublisher.Release r = p.publish(new long[] {3});
      assertTrue(r.fresh());
      assertEquals(1.0 / 5, r.publicationEpsilon(), 1e-12);
    }
  }

  @Test
  void budgetAbsorption_firstTimestampPublishesWithOneShare_thenNullifiesNothing() {
    WEventPublisher p =
        WEventPublisher.builder()
            .epsilon(1)
            .window(5)
            .dimension(1)
            .strategy(Strategy.BUDGET_ABSORPTION)
            .randomness(Randomness.insecureSeeded(1))
            .build();
    // A huge jump from the initial release 0 is always published (noise scale ≤ 10 here).
    WEventPublisher.Release r = p.publish(new long[] {1_000_000});
    assertTrue(r.fresh());
    assertEquals(0.1, r.publicationEpsilon(), 1e-12); // ε/(2w) absorbed from one timestamp
    assertArrayEquals(new long[] {0, 0, 0, 0, WEventPublisher.SHARE * 2}, p.windowUnits());
  }

  private static WEventPublisher publisher(Strategy s, int d) {
    return WEventPublisher.builder()
        .epsilon(1)
        .window(5)
        .dimension(d)
        .strategy(s)
        .randomness(Randomness.insecureSeeded(7))
        .build();
  }
}
