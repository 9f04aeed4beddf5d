package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.dp.testing.StatTests;

/** Statistical assertions shared by the distribution tests. */
final class StatAssert {
  /**
   * Significance of every single statistical assertion. Each test class makes at most a few dozen
   * such assertions, so a correct implementation fails a class with probability below 50 · 1e-8 =
   * 5e-7 < 1e-6 per run (union bound).
   */
  static final double ALPHA = 1e-8;

  private StatAssert() {}

  /**
   * Pearson's chi-square goodness-of-fit test of {@code observed} against {@code probabilities}.
   * Cells with expected count below 5 are pooled into one, so the chi-square approximation holds.
   *
   * @return the p-value
   */
  static double chiSquarePValue(long[] observed, double[] probabilities) {
    return StatTests.chiSquarePValue(observed, probabilities);
  }

  /** Asserts a chi-square fit at significance {@link #ALPHA}. */
  static void assertFits(long[] observed, double[] probabilities, String what) {
    double p = chiSquarePValue(observed, probabilities);
    assertTrue(p > ALPHA, what + ": chi-square p-value " + p + " <= " + ALPHA);
  }

  /**
   * Asserts |mean − expected| ≤ 5.73 standard errors, a two-sided normal test at significance 1e-8.
   */
  static void assertMean(double mean, double expected, double standardError, String what) {
    double zScore = Math.abs(mean - expected) / standardError;
    assertTrue(zScore <= 5.73, what + ": mean " + mean + " vs " + expected + ", z=" + zScore);
  }
}
