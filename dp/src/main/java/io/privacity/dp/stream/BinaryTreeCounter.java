package io.privacity.dp.stream;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.Guarantee;
import java.util.Map;

/**
 * The binary tree mechanism over a known horizon (see {@link ContinualCounter}). At step t the
 * dyadic intervals ending at t become complete and each gets one noise draw; the release combines
 * the complete intervals that tile [1, t].
 *
 * <p>State per level h (0 = leaves): the exact sum, the noisy sum and Honaker's bottom-up estimate
 * of the one complete interval of length 2^h that is a maximal complete subtree (a bit of t).
 */
final class BinaryTreeCounter extends EventLevelCounter {

  /** Observes every noised interval; for tests of the node accounting. */
  interface NodeListener {
    void noised(int level, long first, long last, long exactSum);
  }

  private final int levels;
  private final Estimator estimator;
  private final NoiseSource noise;
  private final double nodeVariance;
  private final PrivacyLoss loss;
  private final IntegerNoise description;
  private final NodeListener listener;

  /** Weight of a node's own noisy value in Honaker's bottom-up estimate, per level. */
  private final double[] ownWeight;

  /** Variance of Honaker's bottom-up estimate of a complete node, per level. */
  private final double[] upVariance;

  private final long[] exact;
  private final long[] noisy;
  private final double[] up;

  BinaryTreeCounter(
      long horizon,
      long sensitivity,
      Estimator estimator,
      NoiseSource noise,
      double nodeVariance,
      PrivacyLoss loss,
      IntegerNoise description,
      NodeListener listener) {
    super("horizon", horizon, sensitivity);
    this.levels = levels(horizon);
    this.estimator = estimator;
    this.noise = noise;
    this.nodeVariance = nodeVariance;
    this.loss = loss;
    this.description = description;
    this.listener = listener;
    this.ownWeight = new double[levels];
    this.upVariance = new double[levels];
    ownWeight[0] = 1;
    upVariance[0] = nodeVariance;
    for (int h = 1; h < levels; h++) {
      double children = 2 * upVariance[h - 1];
      // Inverse-variance weighting of the node's own noisy sum and its children's estimates.
      ownWeight[h] = children / (nodeVariance + children);
      upVariance[h] = nodeVariance * children / (nodeVariance + children);
    }
    this.exact = new long[levels];
    this.noisy = new long[levels];
    this.up = new double[levels];
  }

  static BinaryTreeCounter create(
      PrivacyLoss budget, long horizon, long sensitivity, Estimator estimator, Randomness random) {
    int levels = levels(horizon);
    // Each event lies in at most `levels` noised intervals, each changed by at most Δ.
    IntegerNoise noise = IntegerNoise.forBudget(budget, sensitivity, levels);
    return new BinaryTreeCounter(
        horizon,
        sensitivity,
        estimator,
        () -> noise.sample(random),
        noise.variance(),
        noise.described(),
        noise,
        null);
  }

  /** L = ⌈log2 T⌉ + 1: the number of levels, and the most noised intervals an event lies in. */
  static int levels(long horizon) {
    return (horizon <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(horizon - 1)) + 1;
  }

  @Override
  public synchronized long next(long increment) {
    long t = advance(increment);
    int top = Long.numberOfTrailingZeros(t);
    long e = increment;
    long n = e + noise.sample();
    double u = n;
    if (listener != null) {
      listener.noised(0, t, t, e);
    }
    for (int h = 1; h <= top; h++) {
      // The new node at level h has the stored level-(h−1) root as left child, (e, u) as right.
      e += exact[h - 1];
      double children = up[h - 1] + u;
      n = e + noise.sample();
      u = ownWeight[h] * n + (1 - ownWeight[h]) * children;
      if (listener != null) {
        listener.noised(h, t - (1L << h) + 1, t, e);
      }
    }
    exact[top] = e;
    noisy[top] = n;
    up[top] = u;
    double sum = 0;
    double var = 0;
    for (int h = 0; h < levels; h++) {
      if ((t >>> h & 1) != 0) {
        if (estimator == Estimator.HONAKER) {
          sum += up[h];
          var += upVariance[h];
        } else {
          sum += noisy[h];
          var += nodeVariance;
        }
      }
    }
    record(sum, var);
    return Math.round(sum);
  }

  /** The exact variance of the release at time t (1 ≤ t ≤ T), without running the counter. */
  double varianceAt(long t) {
    double var = 0;
    for (int h = 0; h < levels; h++) {
      if ((t >>> h & 1) != 0) {
        var += estimator == Estimator.HONAKER ? upVariance[h] : nodeVariance;
      }
    }
    return var;
  }

  int levels() {
    return levels;
  }

  double nodeVariance() {
    return nodeVariance;
  }

  @Override
  public Guarantee guarantee() {
    Map<String, Object> p = parameters(limit);
    p.put("levels", levels);
    p.put("estimator", estimator.name());
    if (description != null) {
      description.describe("", p);
    }
    return new Guarantee("ContinualCounter/" + Algorithm.BINARY_TREE, loss, p);
  }

  @Override
  public String toString() {
    return "BinaryTreeCounter{t=" + time() + ", T=" + limit + ", " + guarantee().loss() + "}";
  }
}
