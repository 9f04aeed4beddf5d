package io.privacity.dp.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.privacity.core.random.Randomness;
import io.privacity.dp.audit.AuditResult;
import io.privacity.dp.audit.DpAuditor;
import io.privacity.dp.stream.ContinualCounter.Algorithm;
import io.privacity.dp.stream.ContinualCounter.Estimator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Statistical audit of the event-level guarantee: two streams that differ in one event (step s has
 * increment 1 instead of 0), and the release at some step t ≥ s. The auditor's lower bound is below
 * the true loss with probability ≥ 95%, so for a correct ε-DP counter it exceeds ε with probability
 * ≤ 5% — with the fixed seeds the outcome is deterministic.
 */
class ContinualCounterDpTest {
  private static final double EPSILON = 1.0;
  private static final int T = 16;

  private static final DpAuditor AUDITOR =
      DpAuditor.builder()
          .samples(100_000)
          .confidence(0.95)
          .randomness(Randomness.insecureSeeded(2024))
          .build();

  private static Function<long[], Long> releaseAt(
      Algorithm alg, Estimator estimator, int step, Randomness random) {
    return stream -> {
      ContinualCounter.Builder b =
          ContinualCounter.builder()
              .epsilon(EPSILON)
              .algorithm(alg)
              .estimator(estimator)
              .randomness(random);
      ContinualCounter c =
          alg == Algorithm.HYBRID ? b.unboundedHorizon().build() : b.horizon(T).build();
      long released = 0;
      for (int t = 0; t < step; t++) {
        released = c.next(stream[t]);
      }
      return released;
    };
  }

  private static void audit(Algorithm alg, Estimator estimator, int event, int step) {
    long[] without = new long[T];
    long[] with = new long[T];
    with[event - 1] = 1;
    AuditResult r =
        AUDITOR.audit(
            releaseAt(alg, estimator, step, Randomness.insecureSeeded(event * 100L + step)),
            without,
            with);
    System.out.println(alg + "/" + estimator + " event " + event + ", release " + step + ": " + r);
    assertFalse(r.epsilonLowerBound() > EPSILON, r.toString());
  }

  @Test
  void tree_standard_leafRelease() {
    audit(Algorithm.BINARY_TREE, Estimator.STANDARD, 1, 1);
  }

  @Test
  void tree_honaker_rootRelease() {
    audit(Algorithm.BINARY_TREE, Estimator.HONAKER, 3, T);
  }

  @Test
  void hybrid_firstRelease() {
    audit(Algorithm.HYBRID, Estimator.HONAKER, 1, 1);
  }

  @Test
  void naiveNoisyIncrements_release() {
    audit(Algorithm.NAIVE_NOISY_INCREMENTS, Estimator.HONAKER, 2, 2);
  }
}
