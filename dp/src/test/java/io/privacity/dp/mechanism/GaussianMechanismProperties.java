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

class GaussianMechanismProperties {

  @Provide
  Arbitrary<Double> values() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e6, 1e6),
        Arbitraries.doubles().between(-1e300, 1e300),
        Arbitraries.of(0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE));
  }

  @Provide
  Arbitrary<Double> invalidDeltas() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-10, 0),
        Arbitraries.doubles().between(1, 10),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
  }

  @Property(tries = 60)
  void outputs_areAlwaysOnTheLattice(
      @ForAll("values") double x,
      @ForAll @DoubleRange(min = 0.05, max = 8) @Scale(15) double epsilon,
      @ForAll @DoubleRange(min = 1e-12, max = 0.01) @Scale(15) double delta,
      @ForAll @DoubleRange(min = 1e-3, max = 1e6) @Scale(15) double sensitivity,
      @ForAll long seed) {
    GaussianMechanism m =
        GaussianMechanism.builder()
            .epsilon(epsilon)
            .delta(delta)
            .l2Sensitivity(sensitivity)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    double g = m.granularity();
    double y = m.addNoise(x);
    assertTrue(Double.isFinite(y));
    double units = Math.scalb(y, -Math.getExponent(g));
    assertEquals(Math.rint(units), units, "output " + y + " not a multiple of " + g);
    long gi = (long) Math.max(g, 1);
    assertEquals(0, m.addNoise((long) x) % gi);
  }

  @Property(tries = 100)
  void builder_rejectsInvalidDelta(@ForAll("invalidDeltas") double bad) {
    assertThrows(IllegalArgumentException.class, () -> GaussianMechanism.builder().delta(bad));
    assertThrows(
        IllegalArgumentException.class, () -> DiscreteGaussianMechanism.builder().delta(bad));
  }

  @Property(tries = 50)
  void seededRandomness_isDeterministic(@ForAll long seed, @ForAll("values") double x) {
    GaussianMechanism a =
        GaussianMechanism.builder()
            .rho(0.5)
            .l2Sensitivity(1)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    GaussianMechanism b =
        GaussianMechanism.builder()
            .rho(0.5)
            .l2Sensitivity(1)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    assertEquals(a.addNoise(x), b.addNoise(x));
    assertEquals(a.addNoise(-3L), b.addNoise(-3L));
  }

  @Property(tries = 30)
  void accountant_chargedBeforeNoise_refusalDrawsNothing(@ForAll long seed) {
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.approximate(1, 1e-5));
    Randomness failing =
        () -> {
          throw new IllegalStateException("no randomness");
        };
    GaussianMechanism first =
        GaussianMechanism.builder()
            .epsilon(0.7)
            .delta(1e-6)
            .l2Sensitivity(1)
            .randomness(failing)
            .accountant(acc)
            .build();
    assertThrows(IllegalStateException.class, () -> first.addNoise(1.0));
    assertEquals(1, acc.charges().size());
    CountingRandomness counting = new CountingRandomness(seed);
    GaussianMechanism second =
        GaussianMechanism.builder()
            .epsilon(0.7)
            .delta(1e-6)
            .l2Sensitivity(1)
            .randomness(counting)
            .accountant(acc)
            .build();
    assertThrows(PrivacyBudgetExceededException.class, () -> second.addNoise(1.0));
    assertEquals(0, counting.draws());
  }
}
