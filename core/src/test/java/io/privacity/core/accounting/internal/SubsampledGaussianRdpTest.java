package io.privacity.core.accounting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Acceptance: the Rényi DP of the Poisson-subsampled Gaussian (Mironov, Talwar and Zhang 2019)
 * matches numerical integration to 10^−6 relative. The reference integrates A_α = E_{z∼N(0,σ²)}[(1
 * − q + q·e^{(2z−1)/(2σ²)})^α] with commons-math's Gauss–Legendre integrator, piece by piece over
 * [−40σ, α + 40σ] (the integrand peaks near z = α): no code shared with the closed form (integer α)
 * or the two-series expansion (fractional α).
 */
class SubsampledGaussianRdpTest {

  /** ln A_α by integration, the integrand scaled by e^{−shift} to stay in range. */
  static double integratedLogA(double q, double sigma, double alpha) {
    double s2 = sigma * sigma;
    double shift = alphaPeak(q, sigma, alpha);
    UnivariateFunction f =
        z -> {
          double logRatio = (2 * z - 1) / (2 * s2);
          double inner =
              logRatio > 0
                  ? logRatio + Math.log(q + (1 - q) * Math.exp(-logRatio))
                  : Math.log1p(q * Math.expm1(logRatio));
          return Math.exp(
              -z * z / (2 * s2) - Math.log(sigma * Math.sqrt(2 * Math.PI)) + alpha * inner - shift);
        };
    IterativeLegendreGaussIntegrator integrator =
        new IterativeLegendreGaussIntegrator(24, 1e-13, 1e-25);
    double lo = -40 * sigma;
    double hi = alpha + 40 * sigma;
    int pieces = (int) Math.ceil((hi - lo) / (sigma / 4));
    double width = (hi - lo) / pieces;
    double sum = 0;
    for (int i = 0; i < pieces; i++) {
      sum += integrator.integrate(1_000_000, f, lo + i * width, lo + (i + 1) * width);
    }
    return shift + Math.log(sum);
  }

  /** A rough ln of the integrand's maximum over the range, for scaling. */
  private static double alphaPeak(double q, double sigma, double alpha) {
    double max = Double.NEGATIVE_INFINITY;
    double s2 = sigma * sigma;
    for (double z = -40 * sigma; z <= alpha + 40 * sigma; z += sigma / 16) {
      double logRatio = (2 * z - 1) / (2 * s2);
      double inner =
          logRatio > 0
              ? logRatio + Math.log(q + (1 - q) * Math.exp(-logRatio))
              : Math.log1p(q * Math.expm1(logRatio));
      max = Math.max(max, -z * z / (2 * s2) + alpha * inner);
    }
    return max;
  }

  @ParameterizedTest(name = "q={0}, σ={1}, α={2}")
  @CsvSource({
    "0.01, 1, 2", "0.01, 1, 3", "0.01, 1, 5", "0.01, 1, 8", "0.01, 1, 12", "0.01, 1, 16",
    "0.01, 1, 32", "0.001, 1, 4", "0.001, 1, 20", "0.1, 1, 6", "0.1, 2, 10", "0.01, 2, 32",
    "0.01, 4, 64", "0.05, 0.8, 8", "0.3, 5, 24", "0.5, 3, 16"
  })
  void integerOrder_matchesNumericalIntegration(double q, double sigma, int alpha) {
    double closed = SubsampledRdp.gaussianLogA(alpha, q, sigma) / (alpha - 1);
    double integrated = integratedLogA(q, sigma, alpha) / (alpha - 1);
    assertEquals(integrated, closed, 1e-6 * Math.abs(integrated), "ε(α)");
    // The accountant's curve uses the same value (or the inner curve when that is smaller).
    double curve = Curves.of(PrivacyLoss.subsampled(PrivacyLoss.gaussian(sigma), q)).rdp(alpha);
    assertEquals(Math.min(closed, alpha / (2 * sigma * sigma)), curve, 1e-9 * closed);
  }

  @ParameterizedTest(name = "q={0}, σ={1}, α={2}")
  @CsvSource({
    "0.01, 1, 1.5",
    "0.01, 1, 2.5",
    "0.01, 1, 7.5",
    "0.001, 2, 3.25",
    "0.1, 1, 1.05",
    "0.05, 3, 5.75"
  })
  void fractionalOrder_seriesMatchesNumericalIntegration(double q, double sigma, double alpha) {
    double series = SubsampledRdp.gaussianFractionalLogA(q, sigma, alpha) / (alpha - 1);
    double integrated = integratedLogA(q, sigma, alpha) / (alpha - 1);
    assertTrue(series >= integrated * (1 - 1e-9), "the series must not under-report");
    assertEquals(integrated, series, 1e-6 * Math.abs(integrated));
    assertTrue(SubsampledRdp.gaussian(q, sigma, alpha) >= integrated * (1 - 1e-9));
  }

  @Test
  void removalOrderDominates_asMironovTalwarZhangShow() {
    // D_α(μ0 ‖ μ) ≤ D_α(μ ‖ μ0), μ = (1−q)μ0 + qμ1: the accountant reports the latter.
    double q = 0.02;
    double sigma = 1.3;
    for (int alpha : new int[] {2, 4, 8, 16}) {
      double s2 = sigma * sigma;
      UnivariateFunction f =
          z -> {
            double logMu0 = -z * z / (2 * s2);
            double logMu1 = -(z - 1) * (z - 1) / (2 * s2);
            double m = Math.max(logMu0, logMu1);
            double logMu = m + Math.log((1 - q) * Math.exp(logMu0 - m) + q * Math.exp(logMu1 - m));
            return Math.exp(alpha * logMu0 + (1 - alpha) * logMu)
                / (sigma * Math.sqrt(2 * Math.PI));
          };
      double sum = 0;
      IterativeLegendreGaussIntegrator integrator =
          new IterativeLegendreGaussIntegrator(24, 1e-13, 1e-25);
      for (double z = -40 * sigma; z < 40 * sigma; z += sigma / 4) {
        sum += integrator.integrate(1_000_000, f, z, z + sigma / 4);
      }
      double other = Math.log(sum) / (alpha - 1);
      assertTrue(other <= SubsampledRdp.gaussianLogA(alpha, q, sigma) / (alpha - 1));
    }
  }

  @Test
  void zhuWangGeneralBound_isAboveTheExactGaussianValue() {
    // Zhu and Wang's bound holds for every Poisson-subsampled mechanism; for the Gaussian it must
    // lie above the exact Mironov–Talwar–Zhang value.
    Curve gaussian = Curves.of(PrivacyLoss.gaussian(1.5));
    for (int alpha : new int[] {2, 3, 6, 10, 20}) {
      double exact = SubsampledRdp.gaussianLogA(alpha, 0.01, 1.5) / (alpha - 1);
      assertTrue(SubsampledRdp.zhuWang(0.01, gaussian, alpha) >= exact * (1 - 1e-9));
    }
  }
}
