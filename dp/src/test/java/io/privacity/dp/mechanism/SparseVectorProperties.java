package io.privacity.dp.mechanism;

import io.privacity.core.random.Randomness;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

/** Properties of sparse-vector sessions and of the noise calibration. */
class SparseVectorProperties {

  /** A session gives at most c positive answers and halts exactly at the c-th. */
  @Property(tries = 200, seed = "20261127")
  void session_haltsExactlyAtC(
      @ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -20, max = 20) Double> queries,
      @ForAll @IntRange(min = 1, max = 5) int c,
      @ForAll @DoubleRange(min = 0.05, max = 10) double eps,
      @ForAll long seed) {
    SparseVector.Session s =
        SparseVector.builder()
            .epsilon(eps)
            .sensitivity(1)
            .threshold(0)
            .maxPositives(c)
            .randomness(Randomness.insecureSeeded(seed))
            .build()
            .start();
    int positives = 0;
    for (double q : queries) {
      if (s.isHalted()) {
        try {
          s.isAbove(q);
          throw new AssertionError("a halted session answered");
        } catch (IllegalStateException expected) {
          break;
        }
      }
      if (s.isAbove(q)) {
        positives++;
      }
    }
    if (positives > c || positives != s.positives() || s.isHalted() != (positives == c)) {
      throw new AssertionError(positives + " positives, c=" + c);
    }
  }

  /**
   * The lattice noise is never smaller than Lyu–Su–Li's: b_ρ ≥ Δ/ε₁ and b_ν ≥ (2)cΔ/ε₂, and ε₁ + ε₂
   * ≤ ε.
   */
  @Property(tries = 300, seed = "20261127")
  void noiseScales_areConservative(
      @ForAll @Scale(7) @DoubleRange(min = 1e-4, max = 100) double eps,
      @ForAll @Scale(7) @DoubleRange(min = 1e-6, max = 1e6) double delta,
      @ForAll @IntRange(min = 1, max = 10_000) int c,
      @ForAll boolean monotone) {
    SparseVector svt =
        SparseVector.builder()
            .epsilon(eps)
            .sensitivity(delta)
            .threshold(0)
            .maxPositives(c)
            .monotoneQueries(monotone)
            .build();
    double eps1 = svt.thresholdEpsilon();
    double eps2 = eps - eps1;
    double tol = 1 - 1e-12;
    if (!(svt.thresholdNoiseScale() >= delta / eps1 * tol)) {
      throw new AssertionError("threshold scale " + svt.thresholdNoiseScale());
    }
    double needed = (monotone ? 1 : 2) * c * delta / eps2;
    if (!(svt.queryNoiseScale() >= needed * tol)) {
      throw new AssertionError("query scale " + svt.queryNoiseScale() + " < " + needed);
    }
    double eff = (Double) svt.guarantee().parameters().get("effectiveEpsilonBeforeRounding");
    if (!(eff <= eps * (1 + 1e-12))) {
      throw new AssertionError("effective " + eff + " > " + eps);
    }
  }
}
