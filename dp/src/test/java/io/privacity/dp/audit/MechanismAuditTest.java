package io.privacity.dp.audit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.DiscreteGaussianMechanism;
import io.privacity.dp.mechanism.DiscreteLaplaceMechanism;
import io.privacity.dp.mechanism.ExponentialMechanism;
import io.privacity.dp.mechanism.ExponentialMechanism.Variant;
import io.privacity.dp.mechanism.GaussianMechanism;
import io.privacity.dp.mechanism.LaplaceMechanism;
import io.privacity.dp.mechanism.RandomizedResponse;
import io.privacity.dp.mechanism.SparseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Audits every mechanism on this branch at ε ∈ {0.1, 1, 4} — randomized response (k = 2, 5), the
 * exponential mechanism and permute-and-flip (general and monotone), sparse vector (c = 1; c = 2
 * monotone), the Laplace mechanism (double and long), discrete Laplace, Gaussian and discrete
 * Gaussian (at δ = 1e-5, with the δ-adjusted bound) — and shows that planted bugs are caught: noise
 * scale halved (test lattice Laplace, and the production LaplaceMechanism built with 2ε),
 * sensitivity ignored (exponential mechanism, LaplaceMechanism), sparse vector without threshold
 * noise, and the textbook floating-point Laplace (Mironov's attack) — the latter in {@link
 * PlantedBugAuditTest}.
 *
 * <p><b>Correct mechanisms.</b> The 95% lower bound must not exceed the claimed ε. For a correct
 * mechanism this fails with probability at most 5% per audit by the auditor's validity — too often
 * for an unseeded test — so every audit uses fixed seeds (mechanism and split) and is
 * deterministic; the seeds were not tuned. The audited pairs are the worst cases we know for each
 * mechanism, so the bounds are close to the truth (printed after the run).
 *
 * <p><b>Planted bugs</b> (test-only, {@link PlantedBugs}): the bound must exceed the claimed ε.
 * Each bug's true ε is far above the claim (2ε, 4ε-ish, ≥ 1.8ε, ∞), so detection has a wide margin.
 */
class MechanismAuditTest {
  static final Map<String, String> FIGURES = new TreeMap<>();

  /** One mechanism under audit: two neighbouring inputs, the claimed ε and its δ. */
  record Case(
      String name, double epsilon, double delta, int samples, Function<Integer, Object> mechanism) {
    Case(String name, double epsilon, int samples, Function<Integer, Object> mechanism) {
      this(name, epsilon, 0, samples, mechanism);
    }

    @Override
    public String toString() {
      return name + " ε=" + epsilon + (delta > 0 ? " δ=" + delta : "");
    }
  }

  /** δ of the audited Gaussian mechanisms. */
  private static final double GAUSS_DELTA = 1e-5;

  static final double[] EPSILONS = {0.1, 1, 4};

  /**
   * Samples for the continuous-output and sparse-vector audits: at ε = 0.1 a bug that doubles ε
   * shifts probabilities by only ~10%, which needs 10^6 samples to certify; 3·10^5 suffice above.
   */
  static int samplesFor(double eps) {
    return eps < 0.5 ? 1_000_000 : 300_000;
  }

  static AuditResult audit(Case c, long seed) {
    DpAuditor auditor =
        DpAuditor.builder()
            .samples(c.samples())
            .delta(c.delta())
            .randomness(StableRandomness.seeded(seed))
            .build();
    // Inputs are 0 and 1; each case maps them to its own neighbouring pair.
    AuditResult r = auditor.audit(c.mechanism(), 0, 1);
    FIGURES.put(c.toString(), r.toString());
    return r;
  }

  static Stream<Arguments> correct() {
    List<Arguments> out = new ArrayList<>();
    for (double eps : EPSILONS) {
      long seed = Double.doubleToLongBits(eps);
      RandomizedResponse binary =
          RandomizedResponse.builder()
              .epsilon(eps)
              .randomness(StableRandomness.seeded(seed + 1))
              .build();
      out.add(
          Arguments.of(
              new Case("RandomizedResponse k=2", eps, 300_000, x -> binary.respond(x == 1))));
      RandomizedResponse kary =
          RandomizedResponse.builder()
              .epsilon(eps)
              .categories(5)
              .randomness(StableRandomness.seeded(seed + 2))
              .build();
      out.add(Arguments.of(new Case("RandomizedResponse k=5", eps, 300_000, kary::respond)));
      for (Variant v : Variant.values()) {
        ExponentialMechanism<Integer> em =
            ExponentialMechanism.builder(List.of(0, 1, 2, 3, 4))
                .epsilon(eps)
                .sensitivity(1)
                .variant(v)
                .randomness(StableRandomness.seeded(seed + 3 + v.ordinal()))
                .build();
        // Worst case for general utilities: one candidate up by Δ, all others down by Δ.
        double[][] pair = {{1, 0, 0, 0, 0}, {0, 1, 1, 1, 1}};
        out.add(
            Arguments.of(
                new Case("ExponentialMechanism " + v, eps, 300_000, x -> em.selectIndex(pair[x]))));
        ExponentialMechanism<Integer> mono =
            ExponentialMechanism.builder(List.of(0, 1, 2, 3, 4))
                .epsilon(eps)
                .sensitivity(1)
                .variant(v)
                .monotoneUtility(true)
                .randomness(StableRandomness.seeded(seed + 5 + v.ordinal()))
                .build();
        // Monotone neighbours: only candidate 0 moves, up by Δ.
        double[][] monoPair = {{0, 0, 0, 0, 0}, {1, 0, 0, 0, 0}};
        out.add(
            Arguments.of(
                new Case(
                    "ExponentialMechanism " + v + " monotone",
                    eps,
                    300_000,
                    x -> mono.selectIndex(monoPair[x]))));
      }
      SparseVector svt =
          SparseVector.builder()
              .epsilon(eps)
              .sensitivity(1)
              .threshold(0)
              .randomness(StableRandomness.seeded(seed + 7))
              .build();
      out.add(Arguments.of(new Case("SparseVector c=1", eps, 200_000, x -> svtPattern(svt, x))));
      SparseVector svt2 =
          SparseVector.builder()
              .epsilon(eps)
              .sensitivity(1)
              .threshold(0)
              .maxPositives(2)
              .monotoneQueries(true)
              .randomness(StableRandomness.seeded(seed + 8))
              .build();
      out.add(
          Arguments.of(
              new Case("SparseVector c=2 monotone", eps, 200_000, x -> svtPattern(svt2, x))));
      Randomness lap = StableRandomness.seeded(seed + 9);
      out.add(
          Arguments.of(
              new Case(
                  "test lattice Laplace (correct control)",
                  eps,
                  300_000,
                  x -> PlantedBugs.latticeLaplace(lap, x, eps, 1))));
      LaplaceMechanism laplace =
          LaplaceMechanism.builder()
              .epsilon(eps)
              .l1Sensitivity(1)
              .randomness(StableRandomness.seeded(seed + 10))
              .build();
      out.add(
          Arguments.of(
              new Case(
                  "LaplaceMechanism double", eps, 300_000, x -> laplace.addNoise((double) x))));
      out.add(
          Arguments.of(
              new Case("LaplaceMechanism long", eps, 300_000, x -> laplace.addNoise((long) x))));
      DiscreteLaplaceMechanism dlap =
          DiscreteLaplaceMechanism.builder()
              .epsilon(eps)
              .l1Sensitivity(1)
              .randomness(StableRandomness.seeded(seed + 11))
              .build();
      out.add(
          Arguments.of(
              new Case("DiscreteLaplaceMechanism", eps, 300_000, x -> dlap.addNoise((long) x))));
      GaussianMechanism gauss =
          GaussianMechanism.builder()
              .epsilon(eps)
              .delta(GAUSS_DELTA)
              .l2Sensitivity(1)
              .randomness(StableRandomness.seeded(seed + 12))
              .build();
      out.add(
          Arguments.of(
              new Case(
                  "GaussianMechanism",
                  eps,
                  GAUSS_DELTA,
                  300_000,
                  x -> gauss.addNoise((double) x))));
      DiscreteGaussianMechanism dgauss =
          DiscreteGaussianMechanism.builder()
              .epsilon(eps)
              .delta(GAUSS_DELTA)
              .l2Sensitivity(1)
              .randomness(StableRandomness.seeded(seed + 13))
              .build();
      out.add(
          Arguments.of(
              new Case(
                  "DiscreteGaussianMechanism",
                  eps,
                  GAUSS_DELTA,
                  300_000,
                  x -> dgauss.addNoise((long) x))));
    }
    return out.stream();
  }

  /** Ten queries, all at the threshold (input 0) or all Δ below it (input 1). */
  private static String svtPattern(SparseVector svt, int input) {
    SparseVector.Session s = svt.start();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10 && !s.isHalted(); i++) {
      sb.append(s.isAbove(-input) ? 'T' : 'F');
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("correct")
  void correctMechanism_lowerBoundNeverExceedsClaim(Case c) {
    AuditResult r = audit(c, 11);
    assertTrue(r.epsilonLowerBound() <= c.epsilon(), c + ": " + r);
  }

  @AfterAll
  static void printFigures() {
    FIGURES.forEach(
        (k, v) -> {
          if (!k.startsWith("BUG")) {
            System.out.println("AUDIT " + k + " -> " + v);
          }
        });
  }
}
