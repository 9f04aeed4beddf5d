package io.privacity.dp.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClopperPearsonTest {

  @ParameterizedTest
  @CsvSource({
    "0, 10",
    "1, 10",
    "5, 10",
    "9, 10",
    "10, 10",
    "0, 100000",
    "3, 100000",
    "50000, 100000",
    "99999, 100000",
    "17, 500000"
  })
  void bounds_haveExactTailProbabilities(long k, int n) {
    double a = 0.025;
    double lo = ClopperPearson.lower(k, n, a);
    double hi = ClopperPearson.upper(k, n, a);
    assertTrue(lo <= (double) k / n && (double) k / n <= hi, lo + " " + hi);
    if (k > 0) {
      // P[Bin(n, lo) >= k] must be <= a (conservative) and close to a (not wasteful).
      double tail = 1 - new BinomialDistribution(null, n, lo).cumulativeProbability((int) k - 1);
      assertTrue(tail <= a * (1 + 1e-6), "lower tail " + tail);
      assertEquals(a, tail, a * 1e-3);
    } else {
      assertEquals(0.0, lo);
    }
    if (k < n) {
      double tail = new BinomialDistribution(null, n, hi).cumulativeProbability((int) k);
      assertTrue(tail <= a * (1 + 1e-6), "upper tail " + tail);
      assertEquals(a, tail, a * 1e-3);
    } else {
      assertEquals(1.0, hi);
    }
  }
}
