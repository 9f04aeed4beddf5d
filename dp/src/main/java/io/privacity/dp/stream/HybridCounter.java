package io.privacity.dp.stream;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.Guarantee;
import java.util.Map;

/**
 * The hybrid mechanism of Chan, Shi and Song (2011, §4) for streams of unknown length: a
 * logarithmic mechanism with ε/2 releases the count at t = 1, 2, 4, …, 2^k (each step's increment
 * is in exactly one of its noisy segment sums), and a binary tree mechanism with ε/2 counts the
 * steps of the current epoch (2^k, 2^{k+1}); each step is in exactly one epoch's tree.
 */
final class HybridCounter extends EventLevelCounter {
  private final PrivacyLoss half;
  private final Estimator estimator;
  private final Randomness random;
  private final IntegerNoise logNoise;
  private final NoiseSource logSource;
  private final PrivacyLoss realized;
  private long segmentSum;
  private long logNoisy;
  private double logVariance;
  private BinaryTreeCounter tree;

  HybridCounter(
      PrivacyLoss budget, long limit, long sensitivity, Estimator estimator, Randomness random) {
    super("limit", limit, sensitivity);
    this.half = IntegerNoise.half(budget);
    this.estimator = estimator;
    this.random = random;
    this.logNoise = IntegerNoise.forBudget(half, sensitivity, 1);
    this.logSource = () -> logNoise.sample(random);
    // Each epoch's tree realizes at most half the budget; the logarithmic part logNoise.loss().
    this.realized =
        budget.kind() == PrivacyLoss.Kind.ZCDP
            ? PrivacyLoss.zcdp(Math.min(budget.rho(), logNoise.loss().rho() + half.rho()))
            : PrivacyLoss.pure(
                Math.min(budget.epsilon(), logNoise.loss().epsilon() + half.epsilon()));
  }

  @Override
  public synchronized long next(long increment) {
    long t = advance(increment);
    segmentSum += increment;
    if (Long.bitCount(t) == 1) {
      // t = 2^k: the logarithmic mechanism releases the noisy segment (2^{k−1}, 2^k].
      logNoisy += segmentSum + logSource.sample();
      logVariance += logNoise.variance();
      segmentSum = 0;
      // The epoch (2^k, 2^{k+1}) has t − 1 steps (none for k = 0).
      tree = t == 1 ? null : BinaryTreeCounter.create(half, t - 1, sensitivity, estimator, random);
      record(logNoisy, logVariance);
    } else {
      tree.next(increment);
      record(logNoisy + tree.estimate(), logVariance + tree.variance());
    }
    return Math.round(estimate());
  }

  @Override
  public Guarantee guarantee() {
    Map<String, Object> p = parameters("unbounded (at most " + limit + " steps)");
    p.put("estimator", estimator.name());
    logNoise.describe("logarithmic", p);
    return new Guarantee("ContinualCounter/" + Algorithm.HYBRID, realized, p);
  }

  @Override
  public String toString() {
    return "HybridCounter{t=" + time() + ", " + guarantee().loss() + "}";
  }
}
