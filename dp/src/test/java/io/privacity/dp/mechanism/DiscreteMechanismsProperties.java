package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

/** Properties of {@link DiscreteLaplaceMechanism} and {@link DiscreteGaussianMechanism}. */
class DiscreteMechanismsProperties {

  @Property(tries = 100)
  void outputs_coverTheInput_andAreDeterministic(
      @ForAll long x,
      @ForAll long seed,
      @ForAll @DoubleRange(min = 0.01, max = 10) @Scale(15) double epsilon,
      @ForAll @LongRange(min = 1, max = 1000) long sensitivity) {
    DiscreteLaplaceMechanism a =
        DiscreteLaplaceMechanism.builder()
            .epsilon(epsilon)
            .l1Sensitivity(sensitivity)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    DiscreteLaplaceMechanism b =
        DiscreteLaplaceMechanism.builder()
            .epsilon(epsilon)
            .l1Sensitivity(sensitivity)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    long ya = a.addNoise(x);
    assertEquals(ya, b.addNoise(x));
    // Never clamped: the 1 − 10^−9 interval covers the input (misses with probability ≤ 10^−9).
    assertTrue(a.confidenceInterval(ya, 1 - 1e-9).contains(x), x + " -> " + ya);
    DiscreteGaussianMechanism c =
        DiscreteGaussianMechanism.builder()
            .rho(epsilon)
            .l2Sensitivity(sensitivity)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    DiscreteGaussianMechanism d =
        DiscreteGaussianMechanism.builder()
            .rho(epsilon)
            .l2Sensitivity(sensitivity)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    long yc = c.addNoise(x);
    assertEquals(yc, d.addNoise(x));
    assertTrue(c.confidenceInterval(yc, 1 - 1e-9).contains(x), x + " -> " + yc);
  }

  @Property(tries = 100)
  void builder_rejectsNonPositiveSensitivity(
      @ForAll @LongRange(min = Long.MIN_VALUE, max = 0) long bad) {
    assertThrows(
        IllegalArgumentException.class,
        () -> DiscreteLaplaceMechanism.builder().l1Sensitivity(bad));
    assertThrows(
        IllegalArgumentException.class,
        () -> DiscreteGaussianMechanism.builder().l2Sensitivity(bad));
  }

  @Property(tries = 30)
  void accountant_chargedBeforeNoise_refusalDrawsNothing(@ForAll long seed) {
    PrivacyAccountant acc = PrivacyAccountant.withBudget(PrivacyLoss.approximate(1, 1e-5));
    Randomness failing =
        () -> {
          throw new IllegalStateException("no randomness");
        };
    DiscreteLaplaceMechanism first =
        DiscreteLaplaceMechanism.builder()
            .epsilon(0.6)
            .l1Sensitivity(1)
            .randomness(failing)
            .accountant(acc)
            .build();
    assertThrows(IllegalStateException.class, () -> first.addNoise(1));
    assertEquals(1, acc.charges().size());
    CountingRandomness counting = new CountingRandomness(seed);
    DiscreteGaussianMechanism second =
        DiscreteGaussianMechanism.builder()
            .epsilon(0.6)
            .delta(1e-6)
            .l2Sensitivity(1)
            .randomness(counting)
            .accountant(acc)
            .build();
    DiscreteLaplaceMechanism third =
        DiscreteLaplaceMechanism.builder()
            .epsilon(0.6)
            .l1Sensitivity(1)
            .randomness(counting)
            .accountant(acc)
            .build();
    assertThrows(PrivacyBudgetExceededException.class, () -> second.addNoise(1));
    assertThrows(PrivacyBudgetExceededException.class, () -> third.addNoise(1));
    assertEquals(0, counting.draws());
  }
}
