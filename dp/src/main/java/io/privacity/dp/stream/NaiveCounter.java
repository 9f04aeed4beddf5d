package io.privacity.dp.stream;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.Guarantee;
import java.util.Map;

/**
 * The two naive continual counters the tree mechanism is compared with (see {@link
 * ContinualCounter.Algorithm}): noise on every increment, or fresh noise with ε/T on every release.
 */
final class NaiveCounter extends EventLevelCounter {
  private final Algorithm algorithm;
  private final NoiseSource noise;
  private final double noiseVariance;
  private final IntegerNoise description;
  private long exactSum;
  private long released;

  NaiveCounter(
      Algorithm algorithm,
      long horizon,
      long sensitivity,
      NoiseSource noise,
      double noiseVariance,
      IntegerNoise description) {
    super("horizon", horizon, sensitivity);
    this.algorithm = algorithm;
    this.noise = noise;
    this.noiseVariance = noiseVariance;
    this.description = description;
  }

  static NaiveCounter create(
      Algorithm algorithm, PrivacyLoss budget, long horizon, long sensitivity, Randomness random) {
    // Noisy increments: each increment is one release of sensitivity Δ (parallel composition over
    // disjoint steps). Split budget: an event changes all T releases by ≤ Δ: T·(budget/T).
    long coordinates = algorithm == Algorithm.NAIVE_SPLIT_BUDGET ? horizon : 1;
    IntegerNoise noise = IntegerNoise.forBudget(budget, sensitivity, coordinates);
    return new NaiveCounter(
        algorithm, horizon, sensitivity, () -> noise.sample(random), noise.variance(), noise);
  }

  @Override
  public synchronized long next(long increment) {
    advance(increment);
    exactSum += increment;
    if (algorithm == Algorithm.NAIVE_SPLIT_BUDGET) {
      released = exactSum + noise.sample();
      record(released, noiseVariance);
    } else {
      released += increment + noise.sample();
      record(released, variance() + noiseVariance);
    }
    return released;
  }

  @Override
  public Guarantee guarantee() {
    Map<String, Object> p = parameters(limit);
    description.describe("", p);
    return new Guarantee("ContinualCounter/" + algorithm, description.described(), p);
  }

  @Override
  public String toString() {
    return "NaiveCounter{" + algorithm + ", t=" + time() + ", " + guarantee().loss() + "}";
  }
}
