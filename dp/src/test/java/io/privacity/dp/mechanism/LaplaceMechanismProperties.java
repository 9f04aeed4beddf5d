package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

class LaplaceMechanismProperties {

  @Provide
  Arbitrary<Double> values() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e6, 1e6),
        Arbitraries.doubles().between(-1e300, 1e300),
        Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE));
  }

  @Provide
  Arbitrary<Double> invalidPositives() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e9, 0),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
  }

  @Property(tries = 200)
  void outputs_areAlwaysOnTheLattice(
      @ForAll("values") double x,
      @ForAll @DoubleRange(min = 0.01, max = 10) @Scale(15) double epsilon,
      @ForAll @DoubleRange(min = 1e-3, max = 1e6) @Scale(15) double sensitivity,
      @ForAll long seed) {
    LaplaceMechanism m =
        LaplaceMechanism.builder()
            .epsilon(epsilon)
            .l1Sensitivity(sensitivity)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    double g = m.granularity();
    double y = m.addNoise(x);
    assertTrue(Double.isFinite(y));
    double units = Math.scalb(y, -Math.getExponent(g));
    assertEquals(Math.rint(units), units, "output " + y + " not a multiple of " + g);
    long yl = m.addNoise((long) x);
    double gi = Math.max(g, 1);
    assertEquals(0, yl % (long) gi, "long output " + yl + " not a multiple of " + gi);
  }

  @Property(tries = 100)
  void builder_rejectsInvalidEpsilonAndSensitivity(@ForAll("invalidPositives") double bad) {
    assertThrows(IllegalArgumentException.class, () -> LaplaceMechanism.builder().epsilon(bad));
    assertThrows(
        IllegalArgumentException.class, () -> LaplaceMechanism.builder().l1Sensitivity(bad));
  }

  @Property(tries = 100)
  void seededRandomness_isDeterministic(@ForAll long seed, @ForAll("values") double x) {
    LaplaceMechanism a =
        LaplaceMechanism.builder()
            .epsilon(1)
            .l1Sensitivity(1)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    LaplaceMechanism b =
        LaplaceMechanism.builder()
            .epsilon(1)
            .l1Sensitivity(1)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    assertEquals(a.addNoise(x), b.addNoise(x));
    assertEquals(a.addNoise(7L), b.addNoise(7L));
  }

  @Property(tries = 50)
  void accountant_chargedBeforeNoise_refusalDrawsNothing(
      @ForAll long seed, @ForAll @DoubleRange(min = 0.1, max = 0.9) @Scale(15) double epsilon) {
    // A randomness that fails on first use: the charge must already be recorded.
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.pure(1));
    Randomness failing =
        () -> {
          throw new IllegalStateException("no randomness");
        };
    LaplaceMechanism first =
        LaplaceMechanism.builder()
            .epsilon(epsilon)
            .l1Sensitivity(1)
            .randomness(failing)
            .accountant(acc)
            .build();
    assertThrows(IllegalStateException.class, () -> first.addNoise(1.0));
    assertEquals(1, acc.charges().size());
    // Whatever is left is less than 1, so a 1.0 charge is refused and draws nothing.
    CountingRandomness counting = new CountingRandomness(seed);
    LaplaceMechanism second =
        LaplaceMechanism.builder()
            .epsilon(1)
            .l1Sensitivity(1)
            .randomness(counting)
            .accountant(acc)
            .build();
    assertThrows(PrivacyBudgetExceededException.class, () -> second.addNoise(1.0));
    assertThrows(PrivacyBudgetExceededException.class, () -> second.addNoise(1L));
    assertEquals(0, counting.draws());
  }
}
