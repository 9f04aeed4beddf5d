package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every parameter the Laplace and Gaussian builders accept gives noise of the claimed scale on both
 * entry points — or the entry point refuses with an {@link IllegalArgumentException} naming the
 * limit — over the whole accepted range, edges 2^62 … 2^1000 included (issue 16). Before the fix,
 * {@code addNoise(long)} computed {@code 1L << k}, which wraps for k ≥ 63: Laplace with Δ = 10^30,
 * ε = 1 added noise of mean |·| 5.4·10^10 instead of 10^30.
 *
 * <p><b>Thresholds.</b> Every scale assertion allows 7 standard errors of a mean over N = 1000
 * draws. The statistics are a Gamma(1000)-like sum (mean |noise| of a geometric ≈ exponential) and
 * a χ²₁₀₀₀ (mean square of a Gaussian); by the Wilson–Hilferty approximation their upper tails at 7
 * standard errors are below 10^−10 (z ≈ 6.5 and 6.4 after the cube-root transform), the lower tails
 * lighter still. At most 902 such checks run (300 + 150 tries, two each, and the example) and 1200
 * interval checks at level 1 − 10^−10, so a correct implementation fails a run with probability
 * below 3·10^−7. The seeds are fixed, so a run is deterministic anyway.
 */
class LatticeScaleProperties {
  private static final int N = 1000;
  private static final double Z = 7;

  /** 2^e·m, m ∈ [1, 2), with the edges of the accepted ranges drawn often. */
  private static Arbitrary<Double> powers(int min, int max, Integer... edges) {
    Arbitrary<Integer> exponent =
        edges.length == 0
            ? Arbitraries.integers().between(min, max)
            : Arbitraries.oneOf(Arbitraries.integers().between(min, max), Arbitraries.of(edges));
    return Combinators.combine(exponent, Arbitraries.doubles().between(1, 2))
        .as((e, m) -> Math.scalb(m, e));
  }

  @Provide
  Arbitrary<Double> sensitivities() {
    return powers(-1000, 1000, -1000, -900, -60, -1, 0, 1, 62, 63, 64, 100, 500, 900, 1000);
  }

  @Provide
  Arbitrary<Double> epsilons() {
    return powers(-70, 110, -60, -30, -20, 0, 1, 62, 63, 100);
  }

  @Provide
  Arbitrary<Double> gaussianEpsilons() {
    return powers(-24, 8, -20, -10, 0, 3);
  }

  @Provide
  Arbitrary<Double> deltas() {
    return Arbitraries.of(1e-3, 1e-6, 1e-9, 1e-12, 0.3);
  }

  @Provide
  Arbitrary<Double> values() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e6, 1e6),
        powers(-1074, 1023).map(v -> v == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : v),
        powers(-1074, 1023).map(v -> v == Double.POSITIVE_INFINITY ? -Double.MAX_VALUE : -v),
        Arbitraries.of(0.0, 1e9, 1e12, 1e13, Double.MAX_VALUE, -Double.MAX_VALUE));
  }

  @Provide
  Arbitrary<Long> longValues() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-1_000_000, 1_000_000),
        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 1L << 62, 0L));
  }

  /** Mean and standard deviation of |Z| for the two-sided geometric of rate γ, times g. */
  private static double[] absMoments(double gamma, double g) {
    double mean = 1 / Math.sinh(gamma);
    double second = 2 * Math.exp(-gamma) / (Math.expm1(-gamma) * Math.expm1(-gamma));
    double sd = Math.sqrt(Math.max(0, second - mean * mean));
    return new double[] {mean * g, sd * g};
  }

  /**
   * Mean |noise| against its exact expectation, when that is at least one lattice unit g (below,
   * the noise is mostly 0 and its mean a rare-event count, too coarse for a normal test at 10^−10).
   */
  private static void assertMeanAbs(double[] draws, double[] moments, double g, String what) {
    if (!(moments[0] >= g)) {
      return;
    }
    double sum = 0;
    for (double d : draws) {
      sum += Math.abs(d / moments[0]);
    }
    double mean = sum / draws.length; // in units of the expected mean: ≈ 1
    double se = moments[1] / moments[0] / Math.sqrt(draws.length);
    assertTrue(
        Math.abs(mean - 1) <= Z * se + 1e-12,
        what + ": mean |noise| is " + mean + " times the claimed one (se " + se + ")");
  }

  private static void assertSd(double[] draws, double sigma, String what) {
    double sum = 0;
    for (double d : draws) {
      double u = d / sigma;
      sum += u * u;
    }
    // E[u²] = 1 with sd √2 (Gaussian): the mean square of N draws has standard error √(2/N).
    double ms = sum / draws.length;
    assertTrue(
        Math.abs(ms - 1) <= Z * Math.sqrt(2.0 / draws.length),
        what + ": noise variance is " + ms + " times the claimed σ²");
  }

  /** The built mechanism, or null if the builder refused with a message naming the limit. */
  private static <M> M builtOrRefused(Supplier<M> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("2^"), e.getMessage());
      return null;
    }
  }

  @Property(tries = 300, seed = "16")
  void laplace_noiseHasTheClaimedScale_onBothEntryPoints(
      @ForAll("sensitivities") double sensitivity,
      @ForAll("epsilons") double epsilon,
      @ForAll long seed) {
    double scale = sensitivity / epsilon;
    LaplaceMechanism m =
        builtOrRefused(
            () ->
                LaplaceMechanism.builder()
                    .epsilon(epsilon)
                    .l1Sensitivity(sensitivity)
                    .randomness(Randomness.insecureSeeded(seed))
                    .build());
    if (m == null) {
      // Refused only outside the documented range.
      assertTrue(
          !(scale >= 0x1p-900 && scale <= 0x1p900) || epsilon < 0x1p-28,
          "refused an accepted Δ=" + sensitivity + ", ε=" + epsilon);
      return;
    }
    assertTrue(m.scale() >= scale * (1 - 1e-12), "scale " + m.scale() + " < Δ/ε " + scale);
    double g = m.granularity();
    double[] draws = new double[N];
    for (int i = 0; i < N; i++) {
      draws[i] = m.addNoise(0.0);
    }
    assertMeanAbs(draws, absMoments(g / m.scale(), g), g, "addNoise(double)");
    double integerScale = (double) m.guarantee().parameters().get("integerScale");
    if (m.scale() > 0x1p56) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> m.addNoise(0L));
      assertTrue(e.getMessage().contains("2^56"), e.getMessage());
      return;
    }
    double gi = (double) m.guarantee().parameters().get("integerGranularity");
    // Integers at most Δ apart differ by at most max(1, ⌊Δ⌋): the long path's scale covers that.
    double integerSensitivity = Math.min(sensitivity, Math.max(1, Math.floor(sensitivity)));
    assertTrue(integerScale * epsilon >= integerSensitivity * (1 - 1e-12), "integer scale");
    for (int i = 0; i < N; i++) {
      draws[i] = m.addNoise(0L);
    }
    assertMeanAbs(draws, absMoments(gi / integerScale, gi), gi, "addNoise(long)");
  }

  @Property(tries = 150, seed = "16")
  void gaussian_noiseHasTheClaimedSigma_onBothEntryPoints(
      @ForAll("sensitivities") double sensitivity,
      @ForAll("gaussianEpsilons") double epsilon,
      @ForAll("deltas") double delta,
      @ForAll long seed) {
    GaussianMechanism m =
        builtOrRefused(
            () ->
                GaussianMechanism.builder()
                    .epsilon(epsilon)
                    .delta(delta)
                    .l2Sensitivity(sensitivity)
                    .randomness(Randomness.insecureSeeded(seed))
                    .build());
    if (m == null) {
      return;
    }
    double sigmaStar = (double) m.guarantee().parameters().get("continuousSigma");
    assertTrue(m.sigma() >= sigmaStar, "σ " + m.sigma() + " below σ* " + sigmaStar);
    double[] draws = new double[N];
    for (int i = 0; i < N; i++) {
      draws[i] = m.addNoise(0.0);
    }
    assertSd(draws, m.sigma(), "addNoise(double)");
    double gi = (double) m.guarantee().parameters().get("integerGranularity");
    double si = (double) m.guarantee().parameters().get("integerSigma");
    if (si > 0x1p56) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> m.addNoise(0L));
      assertTrue(e.getMessage().contains("2^56"), e.getMessage());
      return;
    }
    double sd = GaussianNoise.standardDeviationLower(si / gi) * gi;
    if (sd < 2 * gi) {
      return; // integer noise of a step or two: its sd is checked exactly in GaussianSigmaGridTest
    }
    for (int i = 0; i < N; i++) {
      draws[i] = m.addNoise(0L);
    }
    assertSd(draws, sd, "addNoise(long)");
  }

  @Property(tries = 300, seed = "16")
  void everyFiniteInput_isCoveredByItsInterval(
      @ForAll("values") double x,
      @ForAll("longValues") long xl,
      @ForAll("sensitivities") double sensitivity,
      @ForAll long seed) {
    // ε = 1 keeps Δ/ε inside the accepted range for every Δ drawn above 2^-900.
    if (sensitivity < 0x1p-899 || sensitivity > 0x1p899) {
      return;
    }
    Randomness r = Randomness.insecureSeeded(seed);
    LaplaceMechanism lap =
        LaplaceMechanism.builder().epsilon(1).l1Sensitivity(sensitivity).randomness(r).build();
    double level = 1 - 1e-10;
    double y = lap.addNoise(x);
    assertTrue(lap.confidenceInterval(y, level).contains(x), "Laplace " + x + " -> " + y);
    if (lap.scale() <= 0x1p56) {
      long yl = lap.addNoise(xl);
      assertTrue(lap.confidenceInterval(yl, level).contains(xl), "Laplace " + xl + " -> " + yl);
    }
    if (sensitivity > 0x1p850) {
      return; // σ* ≈ 4.4Δ beyond 2^900: refused
    }
    GaussianMechanism gauss =
        GaussianMechanism.builder()
            .epsilon(1)
            .delta(1e-6)
            .l2Sensitivity(sensitivity)
            .randomness(r)
            .build();
    y = gauss.addNoise(x);
    assertTrue(gauss.confidenceInterval(y, level).contains(x), "Gaussian " + x + " -> " + y);
    if ((double) gauss.guarantee().parameters().get("integerSigma") <= 0x1p56) {
      long yl = gauss.addNoise(xl);
      assertTrue(gauss.confidenceInterval(yl, level).contains(xl), "Gaussian " + xl + " -> " + yl);
    }
  }

  @Example
  void theAuditedCases_areReleasedAtTheirScale_orRefusedOnLongs() {
    LaplaceMechanism lap =
        LaplaceMechanism.builder()
            .epsilon(1)
            .l1Sensitivity(1e30)
            .randomness(Randomness.insecureSeeded(30))
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> lap.addNoise(5L));
    assertTrue(e.getMessage().contains("2^56") && e.getMessage().contains("addNoise(double)"));
    double[] draws = new double[N];
    for (int i = 0; i < N; i++) {
      draws[i] = lap.addNoise(0.0);
    }
    double g = lap.granularity();
    assertMeanAbs(draws, absMoments(g / lap.scale(), g), g, "Δ = 1e30");
    GaussianMechanism gauss =
        GaussianMechanism.builder()
            .rho(0.5)
            .l2Sensitivity(1e27)
            .randomness(Randomness.insecureSeeded(27))
            .build();
    assertEquals(1e27, gauss.sigma(), 1e27 * 1e-6);
    assertThrows(IllegalArgumentException.class, () -> gauss.addNoise(5L));
    for (int i = 0; i < N; i++) {
      draws[i] = gauss.addNoise(0.0);
    }
    assertSd(draws, gauss.sigma(), "σ = 1e27");
  }
}
