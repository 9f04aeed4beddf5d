package io.privacity.dp.audit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.dp.mechanism.GaussianMechanism;
import io.privacity.dp.mechanism.LaplaceMechanism;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DpAuditor} on the Laplace and Gaussian mechanisms at huge scales, Δ/ε ∈ {2^40, 2^70,
 * 2^100} (issue 16): the ε lower bound must not exceed the claim on either entry point that accepts
 * the scale, and the long entry point must refuse scales a long cannot carry (above 2^56). Before
 * the fix, {@code addNoise(long)} at Δ/ε = 2^100 shifted by {@code 1L << 68}, which wraps to 16:
 * noise of scale ~7·10^10 instead of 10^30, an empirical ε far above 1.
 *
 * <p>The inputs are 0 and Δ (the extreme neighbours). As in {@link MechanismAuditTest}, each audit
 * is at 95% confidence with fixed seeds, so it is deterministic; the seeds were not tuned.
 */
class LargeScaleAuditTest {
  private static final double EPSILON = 1;
  private static final double DELTA = 1e-5;
  private static final int SAMPLES = 200_000;

  private static AuditResult audit(Function<Integer, Object> mechanism, double delta, long seed) {
    AuditResult r =
        DpAuditor.builder()
            .samples(SAMPLES)
            .delta(delta)
            .randomness(StableRandomness.seeded(seed))
            .build()
            .audit(mechanism, 0, 1);
    System.out.println("AUDIT large scale, seed " + seed + " -> " + r);
    return r;
  }

  /**
   * Audits {@code addNoise(double)} on 0 and Δ, and {@code addNoise(long)} likewise when a long
   * carries the noise (else it must refuse).
   */
  private static void auditBothEntryPoints(
      int log2Scale,
      double delta,
      long seed,
      DoubleFunction<Object> onDouble,
      LongFunction<Object> onLong,
      boolean longCarriesIt) {
    double sensitivity = Math.scalb(EPSILON, log2Scale);
    AuditResult r = audit(x -> onDouble.apply(x * sensitivity), delta, seed);
    assertTrue(r.epsilonLowerBound() <= EPSILON, "double 2^" + log2Scale + ": " + r);
    long big = (long) Math.min(sensitivity, 0x1p62);
    if (longCarriesIt) {
      AuditResult rl = audit(x -> onLong.apply(x * big), delta, seed + 100);
      assertTrue(rl.epsilonLowerBound() <= EPSILON, "long 2^" + log2Scale + ": " + rl);
    } else {
      assertThrows(IllegalArgumentException.class, () -> onLong.apply(big));
    }
  }

  @ParameterizedTest(name = "Δ/ε = 2^{0}")
  @ValueSource(ints = {40, 70, 100})
  void laplace_lowerBoundStaysBelowTheClaim(int log2Scale) {
    LaplaceMechanism m =
        LaplaceMechanism.builder()
            .epsilon(EPSILON)
            .l1Sensitivity(Math.scalb(EPSILON, log2Scale))
            .randomness(StableRandomness.seeded(log2Scale))
            .build();
    // The scale Δ/ε fits a long up to 2^56.
    auditBothEntryPoints(log2Scale, 0, 100 + log2Scale, m::addNoise, m::addNoise, log2Scale <= 56);
  }

  @ParameterizedTest(name = "Δ/ε = 2^{0}")
  @ValueSource(ints = {40, 70, 100})
  void gaussian_lowerBoundStaysBelowTheClaim(int log2Scale) {
    GaussianMechanism m =
        GaussianMechanism.builder()
            .epsilon(EPSILON)
            .delta(DELTA)
            .l2Sensitivity(Math.scalb(EPSILON, log2Scale))
            .randomness(StableRandomness.seeded(log2Scale))
            .build();
    // σ ≈ 4.4Δ fits a long up to Δ ≈ 2^53.
    auditBothEntryPoints(
        log2Scale, DELTA, 300 + log2Scale, m::addNoise, m::addNoise, log2Scale <= 50);
  }
}
