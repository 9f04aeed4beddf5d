package io.privacity.dp.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DpAuditorTest {

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 99, 20_000_001})
  void samples_outOfRange_throws(int n) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DpAuditor.builder().samples(n));
    assertEquals("samples must be in [100, 20000000], got " + n, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0.0, 0.49, 1.0, 0.9999999, -1, Double.POSITIVE_INFINITY})
  void confidence_outOfRange_throws(double c) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DpAuditor.builder().confidence(c));
    assertEquals("confidence must be in [0.5, 0.999999], got " + c, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -0.1, 1.0, 2.0, Double.NEGATIVE_INFINITY})
  void delta_outOfRange_throws(double d) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DpAuditor.builder().delta(d));
    assertEquals("delta must be in [0, 1), got " + d, e.getMessage());
  }

  @Test
  void nulls_throw() {
    assertThrows(IllegalArgumentException.class, () -> DpAuditor.builder().randomness(null));
    DpAuditor auditor = DpAuditor.builder().samples(100).build();
    assertThrows(IllegalArgumentException.class, () -> auditor.audit(null, 0, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> auditor.audit(x -> null, 0, 1));
    assertEquals("mechanism must not return null, but it did on the first input", e.getMessage());
  }

  @Test
  void deterministicDistinctOutputs_giveTheExactClopperPearsonBound() {
    // M(x) = x: the event {o = 1} has count n vs 0; the bound is ln(a^(1/n) / (1 − a^(1/n)))
    // with a = (1 − 0.95)/2, up to the outward rounding.
    int samples = 1000;
    DpAuditor auditor =
        DpAuditor.builder().samples(samples).randomness(Randomness.insecureSeeded(1)).build();
    AuditResult r = auditor.audit(Function.<Integer>identity(), 0, 1);
    double a = 0.025;
    double root = Math.pow(a, 1.0 / 500);
    assertEquals(Math.log(root / (1 - root)), r.epsilonLowerBound(), 1e-6);
    assertEquals(500, r.estimationSamples());
    assertEquals(500, r.numeratorCount());
    assertEquals(0, r.denominatorCount());
    assertTrue(r.toString().contains("ε ≥"), r.toString());
    assertTrue(r.refutes(PrivacyLoss.pure(4.5)));
    assertFalse(r.refutes(PrivacyLoss.pure(5)));
    assertEquals(Double.POSITIVE_INFINITY, r.pointEstimate());
  }

  @Test
  void objectOutputs_usePointEvents() {
    DpAuditor auditor =
        DpAuditor.builder().samples(2000).randomness(Randomness.insecureSeeded(2)).build();
    AuditResult r = auditor.audit(x -> "out-" + x, "a", "b");
    assertTrue(r.event().startsWith("output equals out-"), r.event());
    assertTrue(r.epsilonLowerBound() > 5);
  }

  @Test
  void identicalMechanism_givesZero() {
    Randomness rnd = Randomness.insecureSeeded(3);
    DpAuditor auditor =
        DpAuditor.builder().samples(20_000).randomness(Randomness.insecureSeeded(4)).build();
    AuditResult r = auditor.audit(x -> rnd.nextInt(10), 0, 1);
    // Same distribution on both inputs: true ε = 0. Exceeding 0.2 would need both 97.5%
    // Clopper–Pearson bounds to fail by a wide margin; its probability is far below 1e-9.
    assertTrue(r.epsilonLowerBound() <= 0.2, r.toString());
  }

  @Test
  void deltaAdjustment_lowersTheBound() {
    // M(x): 1 with probability 0.02 if x = 1, never if x = 0 — (0, 0.02)-DP, not pure DP. At
    // confidence 1 − 1e-6 the δ-adjusted bound exceeds the true ε = 0 with probability ≤ 1e-6.
    Randomness rnd = Randomness.insecureSeeded(5);
    Function<Integer, Integer> m = x -> x == 1 && rnd.nextLong(50) == 0 ? 1 : 0;
    AuditResult pure =
        DpAuditor.builder()
            .samples(100_000)
            .confidence(0.999999)
            .randomness(Randomness.insecureSeeded(6))
            .build()
            .audit(m, 0, 1);
    // About 1000 of 50000 vs 0: ln(0.0175 / 2.9e-4) ≈ 4.1 even at this confidence.
    assertTrue(pure.epsilonLowerBound() > 3, pure.toString());
    AuditResult approx =
        DpAuditor.builder()
            .samples(100_000)
            .confidence(0.999999)
            .delta(0.02)
            .randomness(Randomness.insecureSeeded(6))
            .build()
            .audit(m, 0, 1);
    assertEquals(0.0, approx.epsilonLowerBound(), approx.toString());
  }

  @Test
  void result_validatesComponents() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new AuditResult(-1, "e", true, 0, 0, 10, 0, 0.5, 0.95, 0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AuditResult(1, " ", true, 0, 0, 10, 0, 0.5, 0.95, 0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AuditResult(1, "e", true, 11, 0, 10, 0, 0.5, 0.95, 0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AuditResult(1, "e", true, 1, 0, 10, 0, 0, 0.95, 0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AuditResult(1, "e", true, 1, 0, 10, 0, 0.5, 1, 0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AuditResult(1, "e", true, 1, 0, 10, 0, 0.5, 0.95, 0, 1).refutes(null));
  }

  @Test
  void lsbExponent_isTheLowestSetBit() {
    assertEquals(0, DpAuditor.lsbExponent(1.0));
    assertEquals(0, DpAuditor.lsbExponent(-3.0));
    assertEquals(2, DpAuditor.lsbExponent(12.0));
    assertEquals(-1, DpAuditor.lsbExponent(1.5));
    assertEquals(-52, DpAuditor.lsbExponent(1 + 0x1.0p-52));
    assertEquals(-1074, DpAuditor.lsbExponent(Double.MIN_VALUE));
    assertEquals(-1073, DpAuditor.lsbExponent(2 * Double.MIN_VALUE));
    assertEquals(971, DpAuditor.lsbExponent(Double.MAX_VALUE));
    assertEquals(DpAuditor.LSB_ZERO, DpAuditor.lsbExponent(-0.0));
    assertEquals(DpAuditor.LSB_NON_FINITE, DpAuditor.lsbExponent(Double.NaN));
    assertEquals(DpAuditor.LSB_NON_FINITE, DpAuditor.lsbExponent(Double.NEGATIVE_INFINITY));
  }
}
