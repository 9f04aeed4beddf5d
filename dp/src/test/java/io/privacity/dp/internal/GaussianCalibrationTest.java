package io.privacity.dp.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link GaussianCalibration#discreteDeltaUpper} against the exact privacy profile of the discrete
 * Gaussian, summed term by term: δ·N = Σ_y max(0, f(y) − e^ε f(y + S)), f(y) = e^{−y²/2σ²}, N = Σ_y
 * f(y), over |y| ≤ 40σ + S (the rest is below e^−800). The bound must dominate it (it is what the
 * privacy claim rests on) and be tight (issue 16: it used to be up to 2× at S = 1 and useless for a
 * threshold below 0).
 */
class GaussianCalibrationTest {

  private static double exactDelta(double sigma, long s, double eps) {
    double twoSigmaSq = 2 * sigma * sigma;
    long half = (long) Math.ceil(40 * sigma) + s + 2;
    double n = 0;
    double d = 0;
    double expEps = Math.exp(eps);
    for (long y = -half; y <= half; y++) {
      double f = Math.exp(-(double) y * y / twoSigmaSq);
      n += f;
      double shifted = Math.exp(-(double) (y + s) * (y + s) / twoSigmaSq);
      d += Math.max(0, f - expEps * shifted);
    }
    return d / n;
  }

  @Test
  void upperBound_dominatesTheExactProfile_andIsTight() {
    for (double sigma : new double[] {3, 50, 300, 1000, 4000, 20_000}) {
      for (long s : new long[] {1, 2, 7, 100, 4096, 5000}) {
        for (double eps : new double[] {1e-6, 1e-3, 0.1, 0.5, 2}) {
          double exact = exactDelta(sigma, s, eps);
          double upper = GaussianCalibration.discreteDeltaUpper(sigma, s, eps);
          String where = "σ=" + sigma + ", S=" + s + ", ε=" + eps;
          // The exact sum itself is accurate to about 10^−12 relative (10^5 terms).
          assertTrue(upper >= exact * (1 - 1e-9), where + ": " + upper + " < exact " + exact);
          if (exact > 1e-200) {
            // The subtracted tail is summed for 4096 terms, then bounded by an integral (a loss of
            // about half a term, ≤ 10^−5 relative here); windows wider than 4096 terms are bounded
            // by an integral plus their largest term. Either moves σ by far less than 10^−4.
            double slack = s > 4096 ? 0.002 : 1e-4;
            assertTrue(upper <= exact * (1 + slack) + 1e-15, where + ": " + upper + " vs " + exact);
          }
        }
      }
    }
  }
}
