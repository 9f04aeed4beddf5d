package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class RandomizedResponseTest {

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0.0, -0.0, -1.0, 30.000001, 1e9})
  void epsilon_outOfRange_throws(double epsilon) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RandomizedResponse.binary(epsilon));
    assertTrue(e.getMessage().startsWith("epsilon must be"), e.getMessage());
    assertTrue(e.getMessage().contains(String.valueOf(epsilon)), e.getMessage());
  }

  @Test
  void epsilon_infinite_throws() {
    assertThrows(
        IllegalArgumentException.class, () -> RandomizedResponse.binary(Double.POSITIVE_INFINITY));
    assertThrows(
        IllegalArgumentException.class, () -> RandomizedResponse.binary(Double.NEGATIVE_INFINITY));
  }

  @Test
  void epsilon_tooSmallToRepresent_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RandomizedResponse.binary(1e-17));
    assertTrue(e.getMessage().contains("epsilon must be large enough"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, (1 << 24) + 1})
  void categories_outOfRange_throws(int k) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RandomizedResponse.kAry(1, k));
    assertEquals("categories must be in [2, 16777216], got " + k, e.getMessage());
  }

  @Test
  void builder_missingEpsilon_throws() {
    assertThrows(IllegalStateException.class, () -> RandomizedResponse.builder().build());
  }

  @Test
  void builder_nulls_throw() {
    assertThrows(
        IllegalArgumentException.class, () -> RandomizedResponse.builder().randomness(null));
    assertThrows(
        IllegalArgumentException.class, () -> RandomizedResponse.builder().accountant(null));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 3, Integer.MAX_VALUE})
  void respond_categoryOutOfRange_throws(int category) {
    RandomizedResponse rr = RandomizedResponse.kAry(1, 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rr.respond(category));
    assertEquals("category must be in [0, 2], got " + category, e.getMessage());
  }

  @Test
  void respondBoolean_onKary_throws() {
    assertThrows(IllegalStateException.class, () -> RandomizedResponse.kAry(1, 3).respond(true));
  }

  @Test
  void estimate_badCounts_throw() {
    RandomizedResponse rr = RandomizedResponse.kAry(1, 3);
    assertThrows(IllegalArgumentException.class, () -> rr.estimateCounts(null));
    assertThrows(IllegalArgumentException.class, () -> rr.estimateCounts(new long[2]));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> rr.estimateCounts(new long[] {1, -2, 3}));
    assertEquals("reportCounts[1] must be >= 0, got -2", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rr.estimateCountVariances(new long[3]));
    assertThrows(IllegalArgumentException.class, () -> rr.countVariance(0, 0));
    assertThrows(IllegalArgumentException.class, () -> rr.countVariance(10, 11));
    assertThrows(IllegalArgumentException.class, () -> rr.countVariance(10, Double.NaN));
  }

  @Test
  void probabilities_areExactRationals_withEffectiveEpsilonAtMostRequested() {
    for (double eps : new double[] {1e-9, 0.1, 1, 4, 10, 30}) {
      for (int k : new int[] {2, 3, 100, 1 << 24}) {
        RandomizedResponse rr = RandomizedResponse.kAry(eps, k);
        assertEquals(rr.denominator(), rr.truthNumerator() + (long) (k - 1) * rr.otherNumerator());
        assertTrue(rr.effectiveEpsilon() <= eps, eps + " " + k);
        // The effective ε is ln(A/2^s) rounded up, and close to the request.
        double exact = Math.log((double) rr.truthNumerator() / rr.otherNumerator());
        assertTrue(rr.effectiveEpsilon() >= exact * (1 - 1e-15));
        // Rationalization loses at most about one grid step 2^-s of e^ε (plus 2^-44 relative).
        assertEquals(eps, rr.effectiveEpsilon(), 2.0 / rr.otherNumerator() + 1e-13 + eps * 1e-12);
        assertEquals(rr.effectiveEpsilon(), rr.guarantee().loss().epsilon());
      }
    }
  }

  @Test
  void guarantee_namesParameters() {
    Guarantee g = RandomizedResponse.kAry(1, 5).guarantee();
    assertEquals("RandomizedResponse", g.mechanism());
    assertTrue(g.loss().isPure());
    assertEquals(5, g.parameters().get("categories"));
    assertTrue(g.toJson().contains("\"truthNumerator\""));
  }

  @Test
  void accountant_chargedBeforeRandomness_andFailsClosed() {
    AtomicInteger draws = new AtomicInteger();
    Randomness counting =
        new Randomness() {
          private final Randomness inner = Randomness.insecureSeeded(1);

          @Override
          public long nextLong() {
            draws.incrementAndGet();
            return inner.nextLong();
          }
        };
    RandomizedResponse probe = RandomizedResponse.binary(1);
    PrivacyAccountant acc =
        PrivacyAccountant.withBudget(PrivacyLoss.pure(2.5 * probe.effectiveEpsilon()));
    RandomizedResponse rr =
        RandomizedResponse.builder().epsilon(1).randomness(counting).accountant(acc).build();
    rr.respond(true);
    rr.respond(false);
    int before = draws.get();
    assertThrows(PrivacyBudgetExceededException.class, () -> rr.respond(true));
    assertEquals(before, draws.get(), "no randomness may be drawn after a refused charge");
    assertEquals(2, acc.charges().size());
  }
}
