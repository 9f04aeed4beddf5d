package io.privacity.dp.mechanism;

import io.privacity.core.random.Randomness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chi-square tests of the report distribution against the exact pmf, and tests of the estimator's
 * unbiasedness and variance. The 6 chi-square and 14 mean assertions are at significance {@link
 * StatAssert#ALPHA} = 1e-8 each; the 14 variance assertions fail a correct implementation with
 * probability about 1e-11 each (see there). In total a correct implementation fails this class with
 * probability below 2.1e-7 per run.
 */
class RandomizedResponseDistributionTest {

  @ParameterizedTest
  @CsvSource({"0.1, 2, 0", "1, 2, 1", "4, 2, 0", "0.5, 5, 3", "2, 10, 9", "1, 64, 17"})
  void reports_followExactPmf(double epsilon, int k, int truth) {
    RandomizedResponse rr =
        RandomizedResponse.builder()
            .epsilon(epsilon)
            .categories(k)
            .randomness(Randomness.insecureSeeded(1000L * k + truth))
            .build();
    int n = 1_000_000;
    long[] counts = new long[k];
    for (int i = 0; i < n; i++) {
      counts[rr.respond(truth)]++;
    }
    double[] pmf = new double[k];
    for (int v = 0; v < k; v++) {
      // Exact probabilities from the integers, and independently from e^ε.
      pmf[v] =
          v == truth
              ? (double) rr.truthNumerator() / rr.denominator()
              : (double) rr.otherNumerator() / rr.denominator();
      double fromEps = (v == truth ? Math.exp(epsilon) : 1) / (Math.exp(epsilon) + k - 1);
      org.junit.jupiter.api.Assertions.assertEquals(fromEps, pmf[v], 1e-9);
    }
    StatAssert.assertFits(counts, pmf, "k-RR eps=" + epsilon + " k=" + k);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 2", "1, 4", "3, 8"})
  void estimator_isUnbiased_withStatedVariance(double epsilon, int k) {
    RandomizedResponse rr =
        RandomizedResponse.builder()
            .epsilon(epsilon)
            .categories(k)
            .randomness(Randomness.insecureSeeded(77L + k))
            .build();
    int respondents = 2_000;
    int[] truth = new int[respondents];
    long[] trueCounts = new long[k];
    for (int i = 0; i < respondents; i++) {
      truth[i] = (i * i + 3 * i) % k == 0 ? 0 : i % k; // a skewed, fixed population
      trueCounts[truth[i]]++;
    }
    int reps = 1_000;
    double[] sum = new double[k];
    double[] sumSq = new double[k];
    for (int r = 0; r < reps; r++) {
      long[] reports = new long[k];
      for (int i = 0; i < respondents; i++) {
        reports[rr.respond(truth[i])]++;
      }
      double[] est = rr.estimateCounts(reports);
      for (int v = 0; v < k; v++) {
        sum[v] += est[v];
        sumSq[v] += est[v] * est[v];
      }
    }
    for (int v = 0; v < k; v++) {
      double var = rr.countVariance(respondents, trueCounts[v]);
      double mean = sum[v] / reps;
      StatAssert.assertMean(mean, trueCounts[v], Math.sqrt(var / reps), "mean of n̂_" + v);
      // The sample variance of 1000 near-normal estimates has relative standard error
      // sqrt(2/999) ≈ 0.045; 0.3 is more than 6.6 standard errors: for 999·s²/σ² ~ χ²(999),
      // P[s²/σ² ∉ [0.7, 1.3]] ≈ 1e-11.
      double sampleVar = (sumSq[v] - reps * mean * mean) / (reps - 1);
      org.junit.jupiter.api.Assertions.assertEquals(1, sampleVar / var, 0.3, "variance of n̂_" + v);
    }
  }
}
