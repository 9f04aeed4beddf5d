package io.privacity.dp.local;

import io.privacity.core.random.Randomness;

/** Exact randomized response over m outcomes with keep weight a and weight b for each other. */
final class ExactRandomizedResponse {
  private ExactRandomizedResponse() {}

  /**
   * Keeps {@code value} with probability a/(a+(m−1)b), else returns each other outcome with
   * probability b/(a+(m−1)b): one uniform integer below a+(m−1)b decides.
   */
  static int respond(Randomness random, int value, int m, long a, long b) {
    long r = random.nextLong(a + (m - 1) * b);
    if (r < a) {
      return value;
    }
    int other = (int) ((r - a) / b);
    return other >= value ? other + 1 : other;
  }
}
