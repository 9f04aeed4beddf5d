package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseVectorTest {

  private static SparseVector.Builder valid() {
    return SparseVector.builder()
        .epsilon(1)
        .sensitivity(1)
        .threshold(10)
        .randomness(Randomness.insecureSeeded(1));
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, 0.0, -0.0, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void epsilon_invalid_throws(double eps) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> valid().epsilon(eps));
    assertEquals("epsilon must be finite and > 0, got " + eps, e.getMessage());
  }

  @Test
  void epsilon_tooSmallForScale_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> valid().epsilon(1e-300).build());
    assertTrue(e.getMessage().contains("epsilon is too small"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0.0, -2.0, Double.POSITIVE_INFINITY, 1e-302, 1e302})
  void sensitivity_invalid_throws(double sensitivity) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> valid().sensitivity(sensitivity));
    assertTrue(e.getMessage().startsWith("sensitivity must be"), e.getMessage());
    assertTrue(e.getMessage().endsWith("got " + sensitivity), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void threshold_nonFinite_throws(double t) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> valid().threshold(t));
    assertEquals("threshold must be finite, got " + t, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, (1 << 20) + 1})
  void maxPositives_outOfRange_throws(int c) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> valid().maxPositives(c));
    assertEquals("maxPositives must be in [1, 1048576], got " + c, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0.0, 1.0, -0.5, 1.5})
  void thresholdBudgetFraction_outOfRange_throws(double f) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> valid().thresholdBudgetFraction(f));
    assertEquals("thresholdBudgetFraction must be in (0, 1), got " + f, e.getMessage());
  }

  @Test
  void builder_missingOrNull_throws() {
    assertThrows(
        IllegalStateException.class,
        () -> SparseVector.builder().sensitivity(1).threshold(0).build());
    assertThrows(
        IllegalStateException.class, () -> SparseVector.builder().epsilon(1).threshold(0).build());
    assertThrows(
        IllegalStateException.class,
        () -> SparseVector.builder().epsilon(1).sensitivity(1).build());
    assertThrows(IllegalArgumentException.class, () -> valid().randomness(null));
    assertThrows(IllegalArgumentException.class, () -> valid().accountant(null));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void queryAnswer_nonFinite_throws(double q) {
    SparseVector.Session s = valid().build().start();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.isAbove(q));
    assertEquals("queryAnswer must be finite, got " + q, e.getMessage());
    assertEquals(0, s.queries());
  }

  @Test
  void session_haltsAfterCPositives_andThenThrows() {
    SparseVector svt = valid().maxPositives(2).build();
    SparseVector.Session s = svt.start();
    // Far above the threshold: ⊤ except with probability ~exp(-1000/scale), negligible.
    assertTrue(s.isAbove(1e6));
    assertFalse(s.isHalted());
    assertFalse(s.isAbove(-1e6));
    assertTrue(s.isAbove(1e6));
    assertTrue(s.isHalted());
    assertEquals(2, s.positives());
    assertEquals(3, s.queries());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.isAbove(0));
    assertTrue(e.getMessage().contains("halted after 2 positive answer(s)"), e.getMessage());
    // A new session is independent (and would be charged again).
    assertFalse(svt.start().isHalted());
  }

  @Test
  void budgetSplit_defaultAndOverride() {
    assertEquals(1 / (1 + Math.pow(2, 2.0 / 3)), valid().build().thresholdEpsilon(), 1e-15);
    assertEquals(0.5, valid().monotoneQueries(true).build().thresholdEpsilon(), 1e-15);
    assertEquals(
        1 / (1 + Math.pow(10, 2.0 / 3)), valid().maxPositives(5).build().thresholdEpsilon(), 1e-15);
    assertEquals(0.25, valid().thresholdBudgetFraction(0.25).build().thresholdEpsilon(), 1e-15);
  }

  @Test
  void guarantee_isPureEpsilon_andEffectiveNeverAbove() {
    for (double eps : new double[] {0.01, 0.1, 1, 4, 100}) {
      for (int c : new int[] {1, 3, 1000}) {
        SparseVector svt = valid().epsilon(eps).maxPositives(c).build();
        Guarantee g = svt.guarantee();
        assertEquals(PrivacyLoss.pure(eps), g.loss());
        double eff = (Double) g.parameters().get("effectiveEpsilonBeforeRounding");
        assertTrue(eff <= eps * (1 + 1e-15), eps + " " + c + " " + eff);
        assertEquals(c, g.parameters().get("maxPositives"));
      }
    }
  }

  @Test
  void accountant_chargedAtStart_beforeNoise_andFailsClosed() {
    AtomicInteger draws = new AtomicInteger();
    Randomness inner = Randomness.insecureSeeded(4);
    Randomness counting =
        () -> {
          draws.incrementAndGet();
          return inner.nextLong();
        };
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.pure(1.5));
    SparseVector svt = valid().randomness(counting).accountant(acc).build();
    SparseVector.Session s = svt.start();
    s.isAbove(3);
    s.isAbove(4);
    assertEquals(1, acc.charges().size(), "queries within a session are not charged again");
    int before = draws.get();
    assertThrows(PrivacyBudgetExceededException.class, svt::start);
    assertEquals(before, draws.get());
  }

  @Test
  void comparison_isExact_evenWhereFloatingPointRoundingWouldFlipIt() {
    java.util.Random r = new java.util.Random(7);
    for (double delta : new double[] {1, 1e-9, 3e5, 0x1.0p-1000, 0x1.0p1000}) {
      SparseVector svt = valid().sensitivity(delta).build();
      double g = (Double) svt.guarantee().parameters().get("granularity");
      for (int i = 0; i < 40_000; i++) {
        // Values near each other and at very different magnitudes, so q − T often rounds.
        double t = (r.nextBoolean() ? 1 : -1) * Math.scalb(r.nextDouble(), r.nextInt(120) - 60);
        double q = r.nextInt(3) == 0 ? t : t + Math.scalb(r.nextGaussian(), r.nextInt(120) - 100);
        long rho = r.nextInt(5) == 0 ? (1L << 62) - r.nextInt(3) : r.nextInt(1 << 22) - (1 << 21);
        long nu = r.nextInt(1 << 22) - (1 << 21);
        if (r.nextInt(4) == 0) {
          // Place g·(ρ − ν) exactly at, or one lattice step around, the exact difference.
          java.math.BigDecimal exact =
              new java.math.BigDecimal(q).subtract(new java.math.BigDecimal(t));
          java.math.BigInteger steps =
              exact
                  .divide(new java.math.BigDecimal(g), 0, java.math.RoundingMode.FLOOR)
                  .toBigInteger();
          if (steps.bitLength() < 40) {
            rho = nu + steps.longValue() + r.nextInt(3) - 1;
          }
        }
        java.math.BigDecimal lhs =
            new java.math.BigDecimal(q).subtract(new java.math.BigDecimal(t));
        java.math.BigDecimal rhs =
            new java.math.BigDecimal(g)
                .multiply(
                    java.math.BigDecimal.valueOf(rho).subtract(java.math.BigDecimal.valueOf(nu)));
        assertEquals(
            lhs.compareTo(rhs) >= 0,
            svt.isAtLeast(q, t, rho, nu),
            q + " " + t + " " + rho + " " + nu);
      }
    }
  }
}
