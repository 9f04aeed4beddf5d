package io.privacity.dp.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import io.privacity.dp.testing.StatTests;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Unbiasedness and variance of the frequency oracles' estimators, and the clients' exact laws. */
class FrequencyOracleDistributionTest {
  private static final int K = 10;

  /** True counts: a skewed distribution with a zero. */
  private static final int[] WEIGHTS = {30, 20, 14, 10, 8, 6, 5, 4, 3, 0};

  private static FrequencyOracle oracle(FrequencyOracle.Protocol p, double eps) {
    switch (p) {
      case DIRECT_ENCODING:
        return FrequencyOracle.directEncoding(K, eps);
      case OPTIMIZED_UNARY_ENCODING:
        return FrequencyOracle.optimizedUnaryEncoding(K, eps);
      default:
        return FrequencyOracle.optimizedLocalHashing(K, eps);
    }
  }

  private static LocalRandomizer<? extends LdpReport> client(FrequencyOracle o, Randomness r) {
    switch (o.protocol()) {
      case DIRECT_ENCODING:
        return KrrClient.of(o, r);
      case OPTIMIZED_UNARY_ENCODING:
        return OueClient.of(o, r);
      default:
        return OlhClient.of(o, r);
    }
  }

  private static FrequencyAggregator server(FrequencyOracle o) {
    switch (o.protocol()) {
      case DIRECT_ENCODING:
        return KrrServer.of(o);
      case OPTIMIZED_UNARY_ENCODING:
        return OueServer.of(o);
      default:
        return OlhServer.of(o);
    }
  }

  /** Runs n devices whose values follow WEIGHTS (n a multiple of 100); returns the estimate. */
  private static FrequencyEstimate run(FrequencyOracle o, int n, Randomness r) {
    LocalRandomizer<? extends LdpReport> c = client(o, r);
    FrequencyAggregator s = server(o);
    for (int v = 0; v < K; v++) {
      for (int i = 0; i < WEIGHTS[v] * n / 100; i++) {
        s.add(c.randomize(v));
      }
    }
    return s.estimate();
  }

  /**
   * Unbiased: one run of n = 50 000 devices; every z = (estimate − truth)/sqrt(exact variance) must
   * satisfy |z| ≤ 5.8. The estimate is a sum of 50 000 independent bounded terms, so z is N(0,1) to
   * high accuracy; P(|z| &gt; 5.8) ≈ 6.6e-9, times 10 values × 2 ε × 3 protocols &lt; 4e-7.
   */
  @ParameterizedTest
  @EnumSource(FrequencyOracle.Protocol.class)
  void estimates_areUnbiased(FrequencyOracle.Protocol protocol) {
    for (double eps : new double[] {0.5, 2}) {
      FrequencyOracle o = oracle(protocol, eps);
      int n = 50_000;
      FrequencyEstimate e =
          run(o, n, Randomness.insecureSeeded(protocol.ordinal() * 10 + (long) eps));
      for (int v = 0; v < K; v++) {
        double truth = WEIGHTS[v] * n / 100.0;
        double z = (e.count(v) - truth) / Math.sqrt(o.variance(n, truth));
        assertTrue(Math.abs(z) <= 5.8, protocol + " ε=" + eps + " v=" + v + " z=" + z);
      }
    }
  }

  /**
   * Variance: R = 400 independent runs of n = 1000 devices; for each value the sample variance s²
   * of the estimates against the exact σ². (R−1)s²/σ² is χ²(R−1) for normal estimates (each is a
   * sum of 1000 independent bounded terms, excess kurtosis &lt; 0.01); accept inside the [1e-8, 1 −
   * 1e-8] quantiles: false failure ≤ 2e-8 per value, &lt; 1e-6 over 10 values × 3 protocols.
   */
  @ParameterizedTest
  @EnumSource(FrequencyOracle.Protocol.class)
  void empiricalVariance_matchesFormula(FrequencyOracle.Protocol protocol) {
    FrequencyOracle o = oracle(protocol, 1.0);
    int n = 1000;
    int runs = 400;
    double[] sum = new double[K];
    double[] sumSq = new double[K];
    Randomness r = Randomness.insecureSeeded(100 + protocol.ordinal());
    for (int i = 0; i < runs; i++) {
      FrequencyEstimate e = run(o, n, r);
      for (int v = 0; v < K; v++) {
        sum[v] += e.count(v);
        sumSq[v] += e.count(v) * e.count(v);
      }
    }
    ChiSquaredDistribution chi = new ChiSquaredDistribution(null, runs - 1);
    double lo = chi.inverseCumulativeProbability(1e-8);
    double hi = chi.inverseCumulativeProbability(1 - 1e-8);
    for (int v = 0; v < K; v++) {
      double mean = sum[v] / runs;
      double s2 = (sumSq[v] - runs * mean * mean) / (runs - 1);
      double sigma2 = o.variance(n, WEIGHTS[v] * n / 100.0);
      double stat = (runs - 1) * s2 / sigma2;
      assertTrue(
          stat >= lo && stat <= hi,
          protocol + " v=" + v + ": s²=" + s2 + " vs σ²=" + sigma2 + " (χ²=" + stat + ")");
    }
  }

  /** The k-RR client's report law is exactly p for the value and q for each other value. */
  @Test
  void krrClient_exactLaw() {
    FrequencyOracle o = FrequencyOracle.directEncoding(K, 1.0);
    KrrClient c = KrrClient.of(o, Randomness.insecureSeeded(8));
    int value = 3;
    long[] samples = new long[400_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = c.randomize(value).value();
    }
    double p = o.supportProbability();
    double q = o.falseSupportProbability();
    StatTests.assertFits(
        "k-RR law",
        samples,
        z -> z < 0 ? 0 : z >= K - 1 ? 1 : (z + 1) * q + (z >= value ? p - q : 0),
        0,
        K - 1,
        K);
  }

  /**
   * OUE bits: the value's bit is 1 with probability 1/2, others with q; OLH: the reported bucket
   * equals the value's hash with probability p, and another value's hash with probability 1/g (the
   * hash-family assumption). Binomial z-tests with |z| ≤ 5.33 (p ≈ 1e-7 each).
   */
  @Test
  void oueBits_andOlhSupport_haveTheirProbabilities() {
    int n = 200_000;
    FrequencyOracle oue = FrequencyOracle.optimizedUnaryEncoding(K, 1.0);
    OueClient c = OueClient.of(oue, Randomness.insecureSeeded(9));
    long own = 0;
    long other = 0;
    for (int i = 0; i < n; i++) {
      OueReport r = c.randomize(2);
      own += r.bit(2) ? 1 : 0;
      other += r.bit(7) ? 1 : 0;
    }
    assertBinomial("OUE own bit", own, n, 0.5);
    assertBinomial("OUE other bit", other, n, oue.falseSupportProbability());
    FrequencyOracle olh = FrequencyOracle.optimizedLocalHashing(K, 1.0);
    OlhClient h = OlhClient.of(olh, Randomness.insecureSeeded(10));
    long supportOwn = 0;
    long supportOther = 0;
    for (int i = 0; i < n; i++) {
      OlhReport r = h.randomize(4);
      SeededHash hash = new SeededHash(r.seed(), olh.hashRange());
      supportOwn += hash.hash(4) == r.bucket() ? 1 : 0;
      supportOther += hash.hash(5) == r.bucket() ? 1 : 0;
    }
    assertBinomial("OLH own", supportOwn, n, olh.supportProbability());
    assertBinomial("OLH other", supportOther, n, olh.falseSupportProbability());
  }

  private static void assertBinomial(String what, long k, int n, double p) {
    double z = (k - n * p) / Math.sqrt(n * p * (1 - p));
    assertTrue(Math.abs(z) <= StatTests.Z_THRESHOLD, what + ": " + k + "/" + n + " vs " + p);
  }
}
