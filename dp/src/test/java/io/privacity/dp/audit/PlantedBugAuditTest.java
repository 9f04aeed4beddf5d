package io.privacity.dp.audit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.audit.MechanismAuditTest.Case;
import io.privacity.dp.mechanism.ExponentialMechanism;
import io.privacity.dp.mechanism.LaplaceMechanism;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Planted bugs (test-only, {@link PlantedBugs}, or production mechanisms misconfigured) must be
 * flagged: the 95% lower bound must exceed the claimed ε, at ε ∈ {0.1, 1, 4}. Each bug's true ε is
 * far above the claim (2ε, 3ε–4ε, ≥ 1.8ε, ∞); audits use fixed seeds, so runs are deterministic,
 * and the printed bounds show the margins.
 */
class PlantedBugAuditTest {

  static Stream<Arguments> bugs() {
    List<Arguments> out = new ArrayList<>();
    for (double eps : MechanismAuditTest.EPSILONS) {
      long seed = Double.doubleToLongBits(eps) + 100;
      Randomness halved = StableRandomness.seeded(seed);
      out.add(
          Arguments.of(
              new Case(
                  "BUG Laplace noise scale halved",
                  eps,
                  MechanismAuditTest.samplesFor(eps),
                  x -> PlantedBugs.latticeLaplace(halved, x, eps, 0.5))));
      // Sensitivity ignored: the claim is for Δ = 4 but the mechanism is calibrated to Δ = 1.
      ExponentialMechanism<Integer> ignoresDelta =
          ExponentialMechanism.builder(List.of(0, 1, 2, 3, 4))
              .epsilon(eps)
              .sensitivity(1)
              .randomness(StableRandomness.seeded(seed + 1))
              .build();
      double[][] pair = {{4, 0, 0, 0, 0}, {0, 4, 4, 4, 4}};
      out.add(
          Arguments.of(
              new Case(
                  "BUG ExponentialMechanism sensitivity ignored",
                  eps,
                  400_000,
                  x -> ignoresDelta.selectIndex(pair[x]))));
      Randomness svt = StableRandomness.seeded(seed + 2);
      // Twenty queries, all at the threshold (input 0) or all Δ below it (input 1). The output is
      // post-processed to the number of ⊥ answers before the first ⊤, so that the auditor's
      // threshold events {#⊥ ≥ j} ("the answers start with j ⊥") are available: each ⊥ multiplies
      // the likelihood ratio by about e^(ε₂/2), with no threshold noise to cap the product.
      double[][] queries = {new double[20], new double[20]};
      Arrays.fill(queries[1], -1);
      out.add(
          Arguments.of(
              new Case(
                  "BUG SparseVector without threshold noise",
                  eps,
                  MechanismAuditTest.samplesFor(eps),
                  x ->
                      leadingBelow(
                          PlantedBugs.svtWithoutThresholdNoise(svt, queries[x], 0, eps)))));
      // The production LaplaceMechanism misconfigured: built for 2ε (noise scale halved), and
      // for Δ = 1 where the claim is for Δ = 3 (sensitivity ignored).
      LaplaceMechanism twiceEps =
          LaplaceMechanism.builder()
              .epsilon(2 * eps)
              .l1Sensitivity(1)
              .randomness(StableRandomness.seeded(seed + 4))
              .build();
      out.add(
          Arguments.of(
              new Case(
                  "BUG LaplaceMechanism scale halved (built with 2ε)",
                  eps,
                  MechanismAuditTest.samplesFor(eps),
                  x -> twiceEps.addNoise((double) x))));
      LaplaceMechanism unitDelta =
          LaplaceMechanism.builder()
              .epsilon(eps)
              .l1Sensitivity(1)
              .randomness(StableRandomness.seeded(seed + 5))
              .build();
      out.add(
          Arguments.of(
              new Case(
                  "BUG LaplaceMechanism sensitivity ignored (Δ=3 claimed, built with 1)",
                  eps,
                  400_000,
                  x -> unitDelta.addNoise(3.0 * x))));
      // The same textbook sampler on raw outputs: the auditor's own lattice events find that
      // every output on input 1 is a multiple of 2^-53 while many on input 0 are not.
      Randomness raw = StableRandomness.seeded(seed + 6);
      out.add(
          Arguments.of(
              new Case(
                  "BUG textbook floating-point Laplace, raw outputs",
                  eps,
                  100_000,
                  x -> PlantedBugs.textbookLaplace(raw, x, 1 / eps))));
      Randomness textbook = StableRandomness.seeded(seed + 3);
      double b = 1 / eps;
      // Mironov's attack: the event "output not producible on input 0" (post-processing).
      out.add(
          Arguments.of(
              new Case(
                  "BUG textbook floating-point Laplace",
                  eps,
                  100_000,
                  x ->
                      !PlantedBugs.textbookReachableFromZero(
                          PlantedBugs.textbookLaplace(textbook, x, b), b))));
    }
    return out.stream();
  }

  private static int leadingBelow(String pattern) {
    int i = pattern.indexOf('T');
    return i < 0 ? pattern.length() : i;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bugs")
  void plantedBug_isFlagged(Case c) {
    AuditResult r = MechanismAuditTest.audit(c, 12);
    assertTrue(r.epsilonLowerBound() > c.epsilon(), c + " not flagged: " + r);
  }

  @Test
  void mironovSupportTest_acceptsEveryOutputOfInputZero() {
    Randomness r = StableRandomness.seeded(13);
    for (double b : new double[] {10, 1, 0.25}) {
      for (int i = 0; i < 20_000; i++) {
        double o = PlantedBugs.textbookLaplace(r, 0, b);
        assertTrue(PlantedBugs.textbookReachableFromZero(o, b), o + " " + b);
      }
    }
  }

  @AfterAll
  static void printFigures() {
    MechanismAuditTest.FIGURES.forEach(
        (k, v) -> {
          if (k.startsWith("BUG")) {
            System.out.println("AUDIT " + k + " -> " + v);
          }
        });
  }
}
