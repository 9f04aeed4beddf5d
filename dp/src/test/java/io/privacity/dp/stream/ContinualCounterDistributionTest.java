package io.privacity.dp.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import io.privacity.dp.stream.ContinualCounter.Algorithm;
import io.privacity.dp.stream.ContinualCounter.Estimator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Accuracy of the continual counters: error at T = 10^6 against the theoretical bound and against
 * the naive counters, and the exact variance each counter reports against the empirical one.
 */
class ContinualCounterDistributionTest {
  private static final int T = 1_000_000;
  private static final double EPSILON = 1.0;

  /**
   * Tree (Honaker) vs bound vs naive at T = 10^6, ε = 1, Δ = 1; L = ⌈log2 T⌉+1 = 21.
   *
   * <p>Bound: each release is the sum of at most L noisy nodes (Honaker's estimate has no larger
   * variance), each discrete Laplace of scale b = L/ε with variance ≤ 2b²; rounding adds at most
   * 1/2. Hence RMSE ≤ sqrt(2)·L^1.5/ε + 1/2 = 136.6.
   *
   * <p>False failure: the run's mean square error is a sum of many independent squared noise terms
   * (every tree level contributes about 1/L of it); it exceeds 3.6 times its expectation (≈ 71²)
   * only if one of the top nodes of a run deviates by more than ~10 standard deviations, p &lt;
   * 1e-8. Averaged over 3 runs it falls below 0.4 times its expectation with probability &lt; 1e-7
   * (Chernoff bound on a sum of independent positive terms with relative variance ≈ 0.02/run).
   *
   * <p>Naive noisy increments: the error at t is a random walk of t discrete Laplace(1/ε) steps,
   * expected MSE = Var·T/2 ≈ 0.92·10^6 (RMSE ≈ 959). Its MSE over a run is ≈ Var·T·∫B², B a
   * Brownian motion; the Chernoff bound with E exp(−s∫B²) = cosh(√(2s))^(−1/2) gives P(mean over 3
   * runs of ∫B² &lt; 0.0203) &lt; 3e-8, so asserting naive MSE ≥ 2·bound² (i.e. RMSE ≥ 1.41·136.6)
   * fails a correct implementation with probability &lt; 1e-7. Naive split budget (ε/T per
   * release): RMSE ≈ sqrt(2)·T/ε ≈ 1.4·10^6, a mean of 10^6 independent squares: asserting ≥ 1000
   * times the tree bound cannot fail in practice.
   */
  @Test
  void tree_rmseAtMillionSteps_withinBound_andFarBelowNaive() {
    int levels = BinaryTreeCounter.levels(T);
    double bound = Math.sqrt(2) * Math.pow(levels, 1.5) / EPSILON + 0.5;
    int runs = 3;
    double treeMse = 0;
    double expectedTreeMse = 0;
    double naiveMse = 0;
    for (int run = 0; run < runs; run++) {
      BinaryTreeCounter tree =
          BinaryTreeCounter.create(
              PrivacyLoss.pure(EPSILON),
              T,
              1,
              Estimator.HONAKER,
              Randomness.insecureSeeded(1000 + run));
      treeMse += meanSquareError(tree, 77 + run) / runs;
      ContinualCounter naive = counter(Algorithm.NAIVE_NOISY_INCREMENTS, 2000 + run);
      naiveMse += meanSquareError(naive, 77 + run) / runs;
      if (run == 0) {
        for (long t = 1; t <= T; t++) {
          expectedTreeMse += tree.varianceAt(t) / T;
        }
      }
    }
    double splitMse = meanSquareError(counter(Algorithm.NAIVE_SPLIT_BUDGET, 3000), 77);
    System.out.printf(
        "T=%d eps=%.1f: tree(Honaker) RMSE %.1f (expected %.1f, bound %.1f); naive noisy"
            + " increments RMSE %.1f (expected %.1f); naive split budget RMSE %.3g%n",
        T,
        EPSILON,
        Math.sqrt(treeMse),
        Math.sqrt(expectedTreeMse),
        bound,
        Math.sqrt(naiveMse),
        Math.sqrt(DiscreteLaplaceNoise.forEpsilon(EPSILON, 1).variance() * (T + 1) / 2.0),
        Math.sqrt(splitMse));
    assertTrue(Math.sqrt(treeMse) <= bound, "tree RMSE above the bound");
    assertTrue(treeMse >= 0.4 * expectedTreeMse, "tree MSE far below its exact expectation");
    assertTrue(naiveMse >= 2 * bound * bound, "naive noisy increments not above 1.41·bound");
    assertTrue(Math.sqrt(splitMse) >= 1000 * bound, "naive split budget not far above bound");
  }

  private static ContinualCounter counter(Algorithm alg, long seed) {
    return ContinualCounter.builder()
        .epsilon(EPSILON)
        .horizon(T)
        .algorithm(alg)
        .randomness(Randomness.insecureSeeded(seed))
        .build();
  }

  /** Mean over t of (release − truth)² on a bursty stream of hourly-like counts. */
  private static double meanSquareError(ContinualCounter c, long dataSeed) {
    Randomness data = Randomness.insecureSeeded(dataSeed);
    long truth = 0;
    double sum = 0;
    for (int t = 1; t <= T; t++) {
      long inc = data.nextInt(8) == 0 ? data.nextInt(40) : data.nextInt(3);
      truth += inc;
      double err = c.next(inc) - truth;
      sum += err * err;
    }
    return sum / T;
  }

  /**
   * Every counter's {@link ContinualCounter#variance()} is the exact variance of its estimate, and
   * the estimate is unbiased: 20 000 independent runs of 40 steps.
   *
   * <p>Thresholds: the estimate errors are sums of independent discrete Laplace draws (kurtosis ≤
   * 6), so the sample variance s² of R = 20 000 runs has relative standard deviation ≤ sqrt(5/R) =
   * 0.0158; |s²/σ² − 1| ≤ 0.1 is a 6.3-sigma band (normal approximation of s², p ≈ 3e-10 per step).
   * Means: |mean| ≤ 6·σ/√R (p ≈ 2e-9 per step, CLT over 20 000 runs). Over 40 steps × 9
   * configurations the false-failure probability stays below 1e-6 per run of this class (normal
   * approximations); with the fixed seeds the outcome is deterministic.
   */
  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void reportedVariance_matchesEmpiricalVariance_andEstimateUnbiased(Algorithm alg) {
    checkVariance(alg, Estimator.HONAKER, false);
    if (alg == Algorithm.BINARY_TREE) {
      checkVariance(alg, Estimator.STANDARD, false);
    }
  }

  /** As above with ρ-zCDP and discrete Gaussian noise (kurtosis ≤ 3: the same bounds hold). */
  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"BINARY_TREE", "HYBRID", "NAIVE_NOISY_INCREMENTS"})
  void gaussian_reportedVariance_matchesEmpiricalVariance_andEstimateUnbiased(Algorithm alg) {
    checkVariance(alg, Estimator.HONAKER, true);
  }

  private static void checkVariance(Algorithm alg, Estimator estimator, boolean gaussian) {
    int steps = 40;
    int runs = 20_000;
    double[] sum = new double[steps];
    double[] sumSq = new double[steps];
    double[] reported = new double[steps];
    Randomness random =
        Randomness.insecureSeeded(alg.ordinal() * 31L + estimator.ordinal() + (gaussian ? 7 : 0));
    for (int run = 0; run < runs; run++) {
      ContinualCounter.Builder b =
          ContinualCounter.builder().algorithm(alg).estimator(estimator).randomness(random);
      if (gaussian) {
        b.rho(0.5);
      } else {
        b.epsilon(EPSILON);
      }
      ContinualCounter c =
          alg == Algorithm.HYBRID ? b.unboundedHorizon().build() : b.horizon(steps).build();
      long truth = 0;
      for (int t = 0; t < steps; t++) {
        long inc = t % 3;
        truth += inc;
        c.next(inc);
        double err = c.estimate() - truth;
        sum[t] += err;
        sumSq[t] += err * err;
        reported[t] = c.variance();
      }
    }
    for (int t = 0; t < steps; t++) {
      double mean = sum[t] / runs;
      double var = (sumSq[t] - runs * mean * mean) / (runs - 1);
      String at = alg + "/" + estimator + (gaussian ? "/gaussian" : "") + " t=" + (t + 1);
      assertTrue(
          Math.abs(mean) <= 6 * Math.sqrt(reported[t] / runs), at + " biased: mean error " + mean);
      assertTrue(
          Math.abs(var / reported[t] - 1) <= 0.1,
          at + " variance " + var + " vs reported " + reported[t]);
    }
  }
}
