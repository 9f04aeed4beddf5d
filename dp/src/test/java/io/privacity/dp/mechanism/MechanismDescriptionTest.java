package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.PrivacyLoss.Mechanism;
import io.privacity.core.accounting.Composition;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.random.Randomness;
import org.junit.jupiter.api.Test;

/**
 * Every mechanism charges its description — the curve of the noise it actually draws — stating the
 * guarantee it was calibrated for, so basic accounting is unchanged and the tight modes compose the
 * real curve.
 */
class MechanismDescriptionTest {
  private static final Randomness R = Randomness.insecureSeeded(5);

  @Test
  void laplace_chargesADiscreteLaplaceStatingItsEpsilon() {
    LaplaceMechanism m =
        LaplaceMechanism.builder().epsilon(0.5).l1Sensitivity(3).randomness(R).build();
    PrivacyLoss loss = m.guarantee().loss();
    assertEquals(Mechanism.DISCRETE_LAPLACE, loss.mechanism());
    assertEquals(PrivacyLoss.Kind.PURE, loss.kind());
    assertEquals(0.5, loss.epsilon());
    assertTrue(loss.curve().epsilon() <= 0.5 * (1 + 1e-9), loss.toString());
  }

  @Test
  void discreteLaplace_chargesItsDescription() {
    DiscreteLaplaceMechanism m =
        DiscreteLaplaceMechanism.builder().epsilon(0.25).l1Sensitivity(2).randomness(R).build();
    PrivacyLoss loss = m.guarantee().loss();
    assertEquals(Mechanism.DISCRETE_LAPLACE, loss.mechanism());
    assertEquals(2L, loss.parameters().get("sensitivity").longValue());
    assertEquals(0.25, loss.epsilon());
  }

  @Test
  void gaussians_chargeADiscreteGaussianStatingTheirTarget() {
    GaussianMechanism g =
        GaussianMechanism.builder().epsilon(1).delta(1e-6).l2Sensitivity(1).randomness(R).build();
    assertEquals(Mechanism.DISCRETE_GAUSSIAN, g.guarantee().loss().mechanism());
    assertEquals(PrivacyLoss.approximate(1, 1e-6), g.guarantee().loss().stated());
    DiscreteGaussianMechanism d =
        DiscreteGaussianMechanism.builder().rho(0.125).l2Sensitivity(1).randomness(R).build();
    assertEquals(Mechanism.DISCRETE_GAUSSIAN, d.guarantee().loss().mechanism());
    assertEquals(PrivacyLoss.zcdp(0.125), d.guarantee().loss().stated());
  }

  @Test
  void randomizedResponse_chargesItsExactTruthProbability() {
    RandomizedResponse rr =
        RandomizedResponse.builder().categories(4).epsilon(1).randomness(R).build();
    PrivacyLoss loss = rr.guarantee().loss();
    assertEquals(Mechanism.RANDOMIZED_RESPONSE, loss.mechanism());
    assertEquals(4L, loss.parameters().get("categories").longValue());
  }

  @Test
  void continualCounter_chargesOneMechanismPerTreeLevel() {
    PrivacyLoss tree =
        io.privacity.dp.stream.ContinualCounter.builder()
            .epsilon(1)
            .horizon(1024)
            .randomness(R)
            .build()
            .guarantee()
            .loss();
    assertEquals(Mechanism.COMPOSITION, tree.mechanism());
    assertEquals(11, tree.parts().size()); // ⌈log2 1024⌉ + 1 levels, each moved by 1
    assertEquals(Mechanism.DISCRETE_LAPLACE, tree.parts().get(0).mechanism());
    assertTrue(tree.stated().epsilon() <= 1);
  }

  /**
   * The point of descriptions: under PLD accounting, 100 Laplace releases at ε = 0.1 spend far less
   * than the basic 10, and less than 100 generic pure charges of 0.1 (composed as randomized
   * response, the worst pure 0.1-DP mechanism).
   */
  @Test
  void pld_composesTheLaplaceCurve_tighterThanGenericPureCharges() {
    PrivacyAccountant described =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(20, 1e-5))
            .composition(Composition.pld(1e-6))
            .build();
    PrivacyAccountant generic =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(20, 1e-5))
            .composition(Composition.pld(1e-6))
            .build();
    LaplaceMechanism m =
        LaplaceMechanism.builder()
            .epsilon(0.1)
            .l1Sensitivity(1)
            .accountant(described)
            .randomness(R)
            .build();
    for (int i = 0; i < 100; i++) {
      m.addNoise(1.0);
      generic.charge("pure", PrivacyLoss.pure(0.1));
    }
    double d = described.spent().epsilon();
    double g = generic.spent().epsilon();
    assertTrue(d < g && d < 10, d + " vs generic " + g);
  }
}
