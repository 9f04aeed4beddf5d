package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Distribution of the lattice planar Laplace noise N (before it is added to the rounded input and
 * released): its radius s·‖N‖ must follow Gamma(shape 2, rate ε) and its angle must be uniform.
 *
 * <p>Kolmogorov–Smirnov with n = 10^6 samples: by the Dvoretzky–Kiefer–Wolfowitz inequality with
 * Massart's constant, P(D_n &gt; c) ≤ 2·exp(−2nc²); c = sqrt(ln(2/α)/(2n)) with α = 10^−7 gives c ≈
 * 0.00290, so a correct continuous sampler fails each test with probability ≤ 10^−7 (two tests: ≤
 * 2·10^−7 per run). The lattice is fine (ε·s = 2^−10, typical ‖N‖ ≈ 2000 grid units), so the
 * lattice law's own distance from the continuous one (lattice-point counting in discs and sectors,
 * O(1/‖N‖)) is an order of magnitude below c.
 */
class PlanarLaplaceDistributionTest {
  private static final int N = 1_000_000;
  private static final double KS_CRITICAL = Math.sqrt(Math.log(2 / 1e-7) / (2.0 * N));

  private static double ksStatistic(double[] sorted, java.util.function.DoubleUnaryOperator cdf) {
    double d = 0;
    int n = sorted.length;
    for (int i = 0; i < n; i++) {
      double f = cdf.applyAsDouble(sorted[i]);
      d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
    }
    return d;
  }

  @Test
  void radiusIsGamma2_andAngleUniform_beforeSnapping() {
    double eps = 0.004;
    double step = 1.0 / (1024 * eps); // ε·s = 2^-10
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .epsilonPerMeter(eps)
            .gridStepMeters(step)
            .origin(GeoPoint.of(37.78, -122.42))
            .randomness(Randomness.insecureSeeded(2013))
            .build();
    double rate = pl.effectiveEpsilon();
    assertTrue(rate <= eps && rate > eps * (1 - 1e-9));
    double[] radius = new double[N];
    double[] angle = new double[N];
    for (int i = 0; i < N; i++) {
      long[] n = pl.sampleLatticeNoise();
      radius[i] = step * Math.hypot(n[0], n[1]);
      angle[i] = Math.atan2(n[1], n[0]);
    }
    Arrays.sort(radius);
    Arrays.sort(angle);
    double dRadius =
        ksStatistic(radius, r -> -Math.expm1(-rate * r) - rate * r * Math.exp(-rate * r));
    // atan2 ∈ (−π, π]; uniform CDF.
    double dAngle = ksStatistic(angle, t -> (t + Math.PI) / (2 * Math.PI));
    assertTrue(dRadius < KS_CRITICAL, "radius KS D=" + dRadius + " >= " + KS_CRITICAL);
    assertTrue(dAngle < KS_CRITICAL, "angle KS D=" + dAngle + " >= " + KS_CRITICAL);
  }

  @Test
  void defaultGrid_meanErrorIsTwoOverEpsilon() {
    // Location Guard's medium level: ℓ = 2 within 500 m, ε = 0.004/m, mean error 500 m.
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .privacyLevel(2, 500)
            .origin(GeoPoint.of(37.78, -122.42))
            .randomness(Randomness.insecureSeeded(7))
            .build();
    assertEquals(2.0, pl.gridStepMeters()); // largest power of two ≤ 1/(64ε) = 3.9 m
    GeoPoint truth = GeoPoint.of(37.79, -122.40);
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    int within95 = 0;
    double r95 = pl.radiusForProbability(0.95);
    for (int i = 0; i < n; i++) {
      double d = truth.haversineMeters(pl.obfuscate(truth));
      sum += d;
      sumSq += d * d;
      if (d <= r95) {
        within95++;
      }
    }
    double mean = sum / n;
    double sd = Math.sqrt(sumSq / n - mean * mean); // ≈ sqrt(2)/ε ≈ 354 m
    // z = 5.5 on the sample mean (false failure ≈ 4e-8), plus 1 m for input rounding and lattice.
    assertEquals(500, mean, 5.5 * sd / Math.sqrt(n) + 1, "mean error");
    // Coverage of the 95% radius: binomial sd = sqrt(0.95·0.05/n) ≈ 4.9e-4; z = 5.5 → 0.0027.
    double coverage = (double) within95 / n;
    assertTrue(coverage >= 0.95 - 0.0027, "coverage " + coverage);
  }
}
