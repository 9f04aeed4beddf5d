package io.privacity.dp.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Goodness-of-fit helpers for the distribution tests: a chi-square test of integer samples against
 * an exact CDF, with bins merged until each expects at least {@value #MIN_EXPECTED} samples.
 *
 * <p>Thresholds: every assertion here fails a correct sampler with probability {@value
 * #P_THRESHOLD} (the chi-square p-value is uniform under the null, and the chi-square approximation
 * is accurate with ≥ 20 expected per bin); a test class makes at most 10 such assertions, so a
 * correct implementation fails a run with probability ≤ 10⁻⁶.
 */
public final class StatTests {
  /** The p-value below which a goodness-of-fit assertion fails. */
  public static final double P_THRESHOLD = 1e-7;

  /**
   * |z| threshold for normal-approximation checks of means: two-sided P(|N(0,1)| > 5.33) ≈ 1e-7.
   */
  public static final double Z_THRESHOLD = 5.33;

  private static final int MIN_EXPECTED = 20;

  private StatTests() {}

  /**
   * Chi-square test of {@code samples} against the exact CDF {@code cdf(z) = P(Z ≤ z)}.
   *
   * @param what label for the failure message
   * @param samples the samples
   * @param cdf the exact CDF
   * @param lo lowest cut point
   * @param hi highest cut point
   * @param cuts number of equally spaced cut points in [lo, hi]
   * @return the p-value
   */
  public static double assertFits(
      String what, long[] samples, LongToDoubleFunction cdf, long lo, long hi, int cuts) {
    long[] edges =
        java.util.stream.LongStream.range(0, cuts)
            .map(i -> lo + Math.round((double) (hi - lo) * i / (cuts - 1)))
            .distinct()
            .toArray();
    // Bins: (-inf, e0), [e0, e1), ..., [e_last, +inf).
    int nb = edges.length + 1;
    double[] p = new double[nb];
    double prev = 0;
    for (int i = 0; i < edges.length; i++) {
      double c = cdf.applyAsDouble(edges[i] - 1);
      p[i] = c - prev;
      prev = c;
    }
    p[nb - 1] = 1 - prev;
    long[] obs = new long[nb];
    for (long s : samples) {
      int idx = Arrays.binarySearch(edges, s);
      int bin = idx >= 0 ? idx + 1 : -idx - 1;
      obs[bin]++;
    }
    // Merge bins left to right until each expects ≥ MIN_EXPECTED.
    double n = samples.length;
    List<double[]> merged = new ArrayList<>();
    double accP = 0;
    long accO = 0;
    for (int i = 0; i < nb; i++) {
      accP += p[i];
      accO += obs[i];
      if (accP * n >= MIN_EXPECTED) {
        merged.add(new double[] {accP, accO});
        accP = 0;
        accO = 0;
      }
    }
    if (!merged.isEmpty()) {
      double[] last = merged.get(merged.size() - 1);
      last[0] += accP;
      last[1] += accO;
    }
    assertTrue(merged.size() >= 3, what + ": too few bins (" + merged.size() + ")");
    double chi = 0;
    for (double[] b : merged) {
      double e = b[0] * n;
      chi += (b[1] - e) * (b[1] - e) / e;
    }
    int df = merged.size() - 1;
    double pValue = 1 - new ChiSquaredDistribution(null, df).cumulativeProbability(chi);
    assertTrue(
        pValue > P_THRESHOLD, what + ": chi-square " + chi + " with " + df + " df, p = " + pValue);
    return pValue;
  }

  /**
   * Pearson's chi-square goodness-of-fit p-value of {@code observed} against {@code probabilities}.
   * Cells with expected count below 5 are pooled into one, so the chi-square approximation holds;
   * if the pool expects fewer than 5, it is instead asserted to hold few observations.
   *
   * @param observed the counts per cell
   * @param probabilities the exact cell probabilities
   * @return the p-value
   */
  public static double chiSquarePValue(long[] observed, double[] probabilities) {
    long n = 0;
    for (long o : observed) {
      n += o;
    }
    double stat = 0;
    int df = -1;
    double pooledExpected = 0;
    long pooledObserved = 0;
    for (int i = 0; i < observed.length; i++) {
      double e = probabilities[i] * n;
      if (e < 5) {
        pooledExpected += e;
        pooledObserved += observed[i];
        continue;
      }
      stat += (observed[i] - e) * (observed[i] - e) / e;
      df++;
    }
    if (pooledExpected > 0) {
      if (pooledExpected >= 5) {
        stat +=
            (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
        df++;
      } else {
        // Too little mass to test by chi-square; a correct sampler almost never lands there.
        assertTrue(
            pooledObserved <= 5 + 10 * pooledExpected,
            "pooled rare cells: observed " + pooledObserved + ", expected " + pooledExpected);
      }
    }
    if (df < 1) {
      return 1;
    }
    return 1 - new ChiSquaredDistribution(null, df).cumulativeProbability(stat);
  }

  /**
   * Asserts that a sample mean is within {@link #Z_THRESHOLD} standard errors of {@code mean}.
   *
   * @param what label
   * @param samples the samples
   * @param mean the exact mean
   * @param variance the exact variance
   */
  public static void assertMean(String what, long[] samples, double mean, double variance) {
    double sum = 0;
    for (long s : samples) {
      sum += s;
    }
    double m = sum / samples.length;
    double se = Math.sqrt(variance / samples.length);
    assertTrue(
        Math.abs(m - mean) <= Z_THRESHOLD * se,
        what + ": mean " + m + " vs " + mean + " (se " + se + ")");
  }

  /**
   * Asserts that a sample variance (about the known mean 0) is within 7 standard errors of {@code
   * variance}, given the exact fourth moment. With ≥ 10⁵ samples the estimator is close to normal;
   * 7 standard errors leaves room for the skew of a heavy-tailed estimator (a one-sided Chebyshev
   * bound alone would give 2%, the normal approximation 2.6e-12).
   *
   * @param what label
   * @param samples the samples, of a distribution with mean 0
   * @param variance the exact variance
   * @param fourthMoment the exact fourth moment E[Z⁴]
   */
  public static void assertVariance(
      String what, long[] samples, double variance, double fourthMoment) {
    double sum = 0;
    for (long s : samples) {
      sum += (double) s * s;
    }
    double v = sum / samples.length;
    double se = Math.sqrt((fourthMoment - variance * variance) / samples.length);
    assertTrue(
        Math.abs(v - variance) <= 7 * se,
        what + ": variance " + v + " vs " + variance + " (se " + se + ")");
  }

  /**
   * The exact CDF of the two-sided geometric P(z) = (1−q)/(1+q) q^|z|, q = exp(−γ).
   *
   * @param gamma γ
   * @return the CDF
   */
  public static LongToDoubleFunction twoSidedGeometricCdf(double gamma) {
    double q = Math.exp(-gamma);
    return z -> z < 0 ? Math.exp(-gamma * -z) / (1 + q) : 1 - Math.exp(-gamma * (z + 1)) / (1 + q);
  }

  /**
   * Variance of the two-sided geometric: 2q/(1−q)².
   *
   * @param gamma γ
   * @return the variance
   */
  public static double twoSidedGeometricVariance(double gamma) {
    double q = Math.exp(-gamma);
    double omq = -Math.expm1(-gamma);
    return 2 * q / (omq * omq);
  }

  /**
   * The exact CDF of N_Z(0, σ²) by direct summation (for σ up to a few thousand).
   *
   * @param sigmaSq σ²
   * @return the CDF
   */
  public static LongToDoubleFunction discreteGaussianCdf(double sigmaSq) {
    int half = (int) Math.ceil(40 * Math.sqrt(sigmaSq)) + 10;
    double[] pmf = new double[2 * half + 1];
    double total = 0;
    for (int z = -half; z <= half; z++) {
      pmf[z + half] = Math.exp(-(double) z * z / (2 * sigmaSq));
      total += pmf[z + half];
    }
    double[] cdf = new double[pmf.length];
    double acc = 0;
    for (int i = 0; i < pmf.length; i++) {
      acc += pmf[i] / total;
      cdf[i] = acc;
    }
    return z -> z < -half ? 0 : z >= half ? 1 : cdf[(int) z + half];
  }

  /**
   * The exact second and fourth moments of N_Z(0, σ²).
   *
   * @param sigmaSq σ²
   * @return {E[Z²], E[Z⁴]}
   */
  public static double[] discreteGaussianMoments(double sigmaSq) {
    int half = (int) Math.ceil(40 * Math.sqrt(sigmaSq)) + 10;
    double total = 0;
    double m2 = 0;
    double m4 = 0;
    for (int z = -half; z <= half; z++) {
      double w = Math.exp(-(double) z * z / (2 * sigmaSq));
      total += w;
      m2 += w * z * z;
      m4 += w * (double) z * z * z * z;
    }
    return new double[] {m2 / total, m4 / total};
  }
}
