package io.privacity.dp.stream;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.Guarantee;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two naive continual counters the tree mechanism is compared with (see {@link
 * ContinualCounter.Algorithm}): noise on every increment, or fresh noise with ε/T on every release.
 */
final class NaiveCounter implements ContinualCounter {
  /** Largest accepted increment: keeps every running sum far from overflow. */
  static final long MAX_INCREMENT = 1L << 40;

  private final Algorithm algorithm;
  private final long horizon;
  private final long sensitivity;
  private final NoiseSource noise;
  private final double noiseVariance;
  private final IntegerNoise description;
  private long time;
  private long exactSum;
  private long released;
  private double variance;

  NaiveCounter(
      Algorithm algorithm,
      long horizon,
      long sensitivity,
      NoiseSource noise,
      double noiseVariance,
      IntegerNoise description) {
    this.algorithm = algorithm;
    this.horizon = horizon;
    this.sensitivity = sensitivity;
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

  static void checkIncrement(long increment) {
    if (increment < 0 || increment > MAX_INCREMENT) {
      throw new IllegalArgumentException(
          "increment must be in [0, " + MAX_INCREMENT + "], got " + increment);
    }
  }

  @Override
  public synchronized long next(long increment) {
    checkIncrement(increment);
    if (time >= horizon) {
      throw new IllegalStateException("horizon reached: all " + horizon + " steps released");
    }
    time++;
    exactSum += increment;
    if (algorithm == Algorithm.NAIVE_SPLIT_BUDGET) {
      released = exactSum + noise.sample();
      variance = noiseVariance;
    } else {
      released += increment + noise.sample();
      variance += noiseVariance;
    }
    return released;
  }

  @Override
  public synchronized double estimate() {
    return released;
  }

  @Override
  public synchronized double variance() {
    return variance;
  }

  @Override
  public synchronized long time() {
    return time;
  }

  @Override
  public Guarantee guarantee() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("neighbours", "event-level: one step's increment changes by at most sensitivity");
    p.put("horizon", horizon);
    p.put("sensitivity", sensitivity);
    description.describe("", p);
    return new Guarantee("ContinualCounter/" + algorithm, description.loss(), p);
  }

  @Override
  public String toString() {
    return "NaiveCounter{" + algorithm + ", t=" + time() + ", " + guarantee().loss() + "}";
  }
}
