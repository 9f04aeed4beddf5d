package io.privacity.bench;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.internal.Curve;
import io.privacity.core.accounting.internal.Curves;
import io.privacity.core.accounting.internal.PldEvaluator;
import io.privacity.core.accounting.internal.Rdp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Query time of the tight accountants (issue 21): ε at δ = 10^-6 of 10^4 heterogeneous charges —
 * Gaussian, Laplace, Poisson-subsampled Gaussian, discrete Gaussian and randomized response
 * descriptions with {@code distinct} different parameter sets — computed from scratch, as an
 * accountant does after a charge of a new shape: {@link #pldQuery} (privacy loss distributions:
 * discretization and FFT composition) beside the baseline {@link #baselineRdpQuery} (Rényi DP on
 * 172 orders, the cheapest tight alternative a user would pick). With 10000 distinct descriptions
 * (every charge its own parameters) the evaluator coarsens the parameters pessimistically to at
 * most 160 groups (docs/proofs/accounting.md). Times the composition itself through the accounting
 * internals, not JSON parsing or locking. The target is PLD ≤ 1 s on one core; the ratio
 * target is in bench/targets.tsv.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g"})
public class TightAccountingBenchmark {
  private static final int CHARGES = 10_000;
  private static final double DELTA = 1e-6;

  /**
   * How many different mechanism descriptions the 10^4 charges use; 10000: every charge has its own
   * parameters ({@link #allDistinct}).
   */
  @Param({"16", "256", "10000"})
  public int distinct;

  private List<Curve> curves;
  private long[] counts;

  /** The charges, grouped by curve as the accountants keep them (identical charges counted). */
  @Setup(Level.Trial)
  public void record() {
    record(distinct);
  }

  void record(int distinctDescriptions) {
    this.distinct = distinctDescriptions;
    if (distinct >= CHARGES) {
      curves = new ArrayList<>();
      SplittableRandom random = new SplittableRandom(21);
      for (int i = 0; i < CHARGES; i++) {
        curves.add(Curves.of(allDistinct(random, i).curve()));
      }
      counts = new long[CHARGES];
      java.util.Arrays.fill(counts, 1);
      return;
    }
    List<PrivacyLoss> kinds = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(21);
    for (int i = 0; i < distinct; i++) {
      double u = 1 + random.nextDouble();
      switch (i % 5) {
        case 0 -> kinds.add(PrivacyLoss.gaussian(20 * u));
        case 1 -> kinds.add(PrivacyLoss.laplace(50 * u));
        case 2 -> kinds.add(PrivacyLoss.subsampled(PrivacyLoss.gaussian(u), 0.001 * u));
        case 3 -> kinds.add(PrivacyLoss.discreteGaussian(20 * u, 1));
        default -> kinds.add(PrivacyLoss.randomizedResponse(0.5 + 0.01 * u));
      }
    }
    Map<PrivacyLoss, long[]> groups = new LinkedHashMap<>();
    for (int i = 0; i < CHARGES; i++) {
      PrivacyLoss loss = kinds.get(random.nextInt(kinds.size()));
      groups.computeIfAbsent(loss.curve(), k -> new long[1])[0]++;
    }
    curves = new ArrayList<>();
    counts = new long[groups.size()];
    int g = 0;
    for (Map.Entry<PrivacyLoss, long[]> e : groups.entrySet()) {
      curves.add(Curves.of(e.getKey()));
      counts[g++] = e.getValue()[0];
    }
  }

  /**
   * The i-th of 10^4 all-distinct charges: Gaussians with σ/Δ ∈ [0.5, 50], Laplace with b/Δ ∈ [5,
   * 100], randomized response with p ∈ [0.5, 0.55], Poisson-subsampled Gaussians with σ/Δ ∈ [0.5,
   * 5] and q ∈ [0.001, 0.051], in turn, with random parameters.
   */
  static PrivacyLoss allDistinct(SplittableRandom r, int i) {
    switch (i % 4) {
      case 0:
        return PrivacyLoss.gaussian(0.5 + 49.5 * r.nextDouble());
      case 1:
        return PrivacyLoss.laplace(5 + 95 * r.nextDouble());
      case 2:
        return PrivacyLoss.randomizedResponse(0.5 + 0.05 * r.nextDouble());
      default:
        return PrivacyLoss.subsampled(
            PrivacyLoss.gaussian(0.5 + 4.5 * r.nextDouble()), 0.001 + 0.05 * r.nextDouble());
    }
  }

  /**
   * ε at δ = 10^-6 by privacy loss distributions, from scratch: a fresh evaluator discretizes every
   * curve (both directions) and composes them by FFT.
   *
   * @return ε
   */
  @Benchmark
  @Threads(1)
  public double pldQuery() {
    return new PldEvaluator().evaluate(curves, counts).epsilon(DELTA);
  }

  /**
   * Baseline: ε at δ = 10^-6 by Rényi DP, from scratch: every curve on the 172 orders, summed with
   * its multiplicity, converted.
   *
   * @return ε
   */
  @Benchmark
  @Threads(1)
  public double baselineRdpQuery() {
    double[] tau = new double[Rdp.size()];
    for (int g = 0; g < counts.length; g++) {
      double[] t = Rdp.curve(curves.get(g));
      for (int i = 0; i < tau.length; i++) {
        tau[i] += counts[g] * t[i];
      }
    }
    return Rdp.epsilon(tau, DELTA);
  }
}
