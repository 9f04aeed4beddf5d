package io.privacity.bench;

import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.DiscreteGaussianMechanism;
import io.privacity.dp.mechanism.DiscreteLaplaceMechanism;
import io.privacity.dp.mechanism.GaussianMechanism;
import io.privacity.dp.mechanism.LaplaceMechanism;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Floating-point-safe noise (exact integer samplers on a lattice, {@link Randomness#secure()})
 * beside the textbook floating-point samplers it replaces. The baselines are insecure on purpose:
 * they show the price of exactness, not an alternative.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NoiseBenchmark {
  private static final double VALUE = 1234.5;

  private final LaplaceMechanism laplace =
      LaplaceMechanism.builder().epsilon(1).l1Sensitivity(1).build();
  private final GaussianMechanism gaussian =
      GaussianMechanism.builder().epsilon(1).delta(1e-6).l2Sensitivity(1).build();
  private final DiscreteLaplaceMechanism discreteLaplace =
      DiscreteLaplaceMechanism.builder().epsilon(1).l1Sensitivity(1).build();
  private final DiscreteGaussianMechanism discreteGaussian =
      DiscreteGaussianMechanism.builder().epsilon(1).delta(1e-6).l2Sensitivity(1).build();

  private final SplittableRandom splittable = new SplittableRandom(42);
  private final Random random = new Random(42);
  private final double laplaceScale = 1.0;
  private final double gaussianSigma = gaussian.sigma();

  /**
   * Secure lattice Laplace: exact two-sided geometric from AES-CTR randomness.
   *
   * @return a noisy value
   */
  @Benchmark
  public double secureLaplace() {
    return laplace.addNoise(VALUE);
  }

  /**
   * Textbook inverse-CDF Laplace on SplittableRandom (vulnerable to Mironov's attack).
   *
   * @return a noisy value
   */
  @Benchmark
  public double baselineNaiveLaplace() {
    double u = splittable.nextDouble() - 0.5;
    return VALUE - laplaceScale * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
  }

  /**
   * Secure lattice Gaussian: exact discrete Gaussian from AES-CTR randomness.
   *
   * @return a noisy value
   */
  @Benchmark
  public double secureGaussian() {
    return gaussian.addNoise(VALUE);
  }

  /**
   * Textbook Gaussian: java.util.Random.nextGaussian (insecure, floating point).
   *
   * @return a noisy value
   */
  @Benchmark
  public double baselineNextGaussian() {
    return VALUE + gaussianSigma * random.nextGaussian();
  }

  /**
   * Exact discrete Gaussian on integers (σ ≈ 3.9, CKS Algorithm 3), samples per second.
   *
   * @return a noisy count
   */
  @Benchmark
  public long discreteGaussian() {
    return discreteGaussian.addNoise(1234L);
  }

  /**
   * Exact discrete Laplace on integers (scale 1, CKS Algorithm 2), samples per second.
   *
   * @return a noisy count
   */
  @Benchmark
  public long discreteLaplace() {
    return discreteLaplace.addNoise(1234L);
  }
}
