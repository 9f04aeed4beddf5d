package io.privacity.bench;

import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.ExponentialMechanism;
import io.privacity.dp.mechanism.ExponentialMechanism.Variant;
import io.privacity.dp.mechanism.RandomizedResponse;
import io.privacity.dp.mechanism.SparseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Private selection (exponential mechanism, permute-and-flip), randomized response and the sparse
 * vector technique, each beside the textbook floating-point implementation it replaces (Gumbel
 * argmax with {@code Math.log}, a {@code nextDouble() < p} coin, a Laplace inverse-CDF comparison).
 * The baselines are <b>not</b> private (Mironov 2012); they show what exactness costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SelectionBenchmark {
  @Param({"10", "1000"})
  public int candidates;

  private double[] utilities;
  private ExponentialMechanism<Integer> permuteAndFlip;
  private ExponentialMechanism<Integer> exponential;
  private RandomizedResponse randomizedResponse;
  private SparseVector.Session session;
  private SparseVector sparseVector;
  private final SplittableRandom baselineRandom = new SplittableRandom(1);
  private static final double EPSILON = 1;

  /** Builds the mechanisms over utilities 0, 1, …, k−1 (sensitivity 1). */
  @Setup
  public void setup() {
    List<Integer> ids = new ArrayList<>();
    utilities = new double[candidates];
    for (int i = 0; i < candidates; i++) {
      ids.add(i);
      utilities[i] = i % 37;
    }
    Randomness rnd = Randomness.secure();
    permuteAndFlip =
        ExponentialMechanism.builder(ids).epsilon(EPSILON).sensitivity(1).randomness(rnd).build();
    exponential =
        ExponentialMechanism.builder(ids)
            .epsilon(EPSILON)
            .sensitivity(1)
            .variant(Variant.EXPONENTIAL)
            .randomness(rnd)
            .build();
    randomizedResponse = RandomizedResponse.builder().epsilon(EPSILON).randomness(rnd).build();
    sparseVector =
        SparseVector.builder()
            .epsilon(EPSILON)
            .sensitivity(1)
            .threshold(1e9)
            .randomness(rnd)
            .build();
    session = sparseVector.start();
  }

  /** Permute-and-flip, exact. */
  @Benchmark
  public int permuteAndFlip() {
    return permuteAndFlip.selectIndex(utilities);
  }

  /** Exponential mechanism by exact rejection sampling. */
  @Benchmark
  public int exponentialMechanism() {
    return exponential.selectIndex(utilities);
  }

  /** Baseline: textbook floating-point Gumbel argmax (not private). */
  @Benchmark
  public int baselineGumbelArgmax() {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < utilities.length; i++) {
      double gumbel = -Math.log(-Math.log(baselineRandom.nextDouble()));
      double score = EPSILON * utilities[i] / 2 + gumbel;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }

  /** Binary randomized response, exact. */
  @Benchmark
  public boolean randomizedResponse() {
    return randomizedResponse.respond(true);
  }

  /** Baseline: a floating-point coin (not exact). */
  @Benchmark
  public boolean baselineFloatingPointCoin() {
    return baselineRandom.nextDouble() < Math.exp(EPSILON) / (1 + Math.exp(EPSILON));
  }

  /** One sparse-vector query on an exact lattice (threshold far above: never halts). */
  @Benchmark
  public boolean sparseVectorQuery() {
    return session.isAbove(0);
  }

  /** Baseline: a textbook floating-point Laplace comparison (not private). */
  @Benchmark
  public boolean baselineTextbookLaplaceComparison() {
    double u = baselineRandom.nextDouble() - 0.5;
    double noise = -4 * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    return noise >= 1e9;
  }
}
