package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privacity.core.random.Randomness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chi-square tests of whole sparse-vector sessions (10^6 each) against the exact law of the answer
 * pattern: P[pattern] = ∫ f_ρ(z) ∏_i P[answer_i | ρ = z] dz with ρ ~ Lap(b_ρ), ν_i ~ Lap(b_ν).
 *
 * <p>The reference uses continuous Laplace densities, integrated by Simpson's rule; the sampler
 * uses discrete Laplace noise on a lattice of step Δ·2^−20, whose pattern probabilities differ from
 * the continuous ones by O(2^−20) ≈ 1e-6, and the integration error is below 1e-6. With 10^6
 * samples such a discrepancy moves the chi-square statistic by about n·d²/p ≤ 1e-4: negligible.
 * Each assertion is at significance 1e-8; the class makes 6, so a correct implementation fails it
 * with probability ≤ 6e-8.
 */
class SparseVectorDistributionTest {
  private static final double[] QUERIES = {-1, 0.5, 2, 0};

  @ParameterizedTest
  @CsvSource({
    "0.5, 1, false",
    "1, 1, false",
    "4, 1, false",
    "1, 2, true",
    "4, 2, false",
    "2, 3, true"
  })
  void sessions_followExactPatternLaw(double eps, int c, boolean monotone) {
    SparseVector svt =
        SparseVector.builder()
            .epsilon(eps)
            .sensitivity(1)
            .threshold(0)
            .maxPositives(c)
            .monotoneQueries(monotone)
            .randomness(Randomness.insecureSeeded(31L * c + Double.doubleToLongBits(eps)))
            .build();
    // The scales are Lyu–Su–Li's, up to the lattice rounding (relative 2^-20).
    double eps1 = eps / (1 + Math.pow(monotone ? c : 2.0 * c, 2.0 / 3));
    assertEquals(1 / eps1, svt.thresholdNoiseScale(), 1e-5 / eps1);
    double bq = (monotone ? 1 : 2) * c / (eps - eps1);
    assertEquals(bq, svt.queryNoiseScale(), 1e-5 * bq);

    List<String> patterns = new ArrayList<>();
    enumerate("", 0, c, patterns);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < patterns.size(); i++) {
      index.put(patterns.get(i), i);
    }
    long[] counts = new long[patterns.size()];
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < 1_000_000; n++) {
      SparseVector.Session s = svt.start();
      sb.setLength(0);
      for (double q : QUERIES) {
        if (s.isHalted()) {
          break;
        }
        sb.append(s.isAbove(q) ? 'T' : 'F');
      }
      counts[index.get(sb.toString())]++;
    }
    double[] expected = new double[patterns.size()];
    double total = 0;
    for (int i = 0; i < patterns.size(); i++) {
      expected[i] =
          patternProbability(patterns.get(i), svt.thresholdNoiseScale(), svt.queryNoiseScale());
      total += expected[i];
    }
    assertEquals(1, total, 1e-6);
    StatAssert.assertFits(counts, expected, "SVT eps=" + eps + " c=" + c);
  }

  /** All answer patterns: stop at the c-th T or after the last query. */
  private static void enumerate(String prefix, int positives, int c, List<String> out) {
    if (positives == c || prefix.length() == QUERIES.length) {
      out.add(prefix);
      return;
    }
    enumerate(prefix + "T", positives + 1, c, out);
    enumerate(prefix + "F", positives, c, out);
  }

  private static double patternProbability(String pattern, double bRho, double bNu) {
    int steps = 400_000;
    double lo = -60 * bRho;
    double hi = 60 * bRho;
    double h = (hi - lo) / steps;
    double sum = 0;
    for (int i = 0; i <= steps; i++) {
      double z = lo + i * h;
      double f = Math.exp(-Math.abs(z) / bRho) / (2 * bRho);
      for (int j = 0; j < pattern.length(); j++) {
        double above = laplaceAtLeast(0 + z - QUERIES[j], bNu);
        f *= pattern.charAt(j) == 'T' ? above : 1 - above;
      }
      double w = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2);
      sum += w * f;
    }
    return sum * h / 3;
  }

  /** P[ν ≥ x] for ν ~ Lap(b). */
  private static double laplaceAtLeast(double x, double b) {
    return x >= 0 ? 0.5 * Math.exp(-x / b) : 1 - 0.5 * Math.exp(x / b);
  }
}
