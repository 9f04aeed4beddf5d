package io.privacity.bench;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.Charge;
import io.privacity.core.accounting.Composition;
import io.privacity.core.accounting.PrivacyAccountant;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Charges per second on one shared {@link PrivacyAccountant}, with one and two threads, beside
 * baselines that only add to a shared number (a {@link DoubleAdder}, a synchronized counter). The
 * gap is the price of fail-closed accounting: validation, the atomic check-and-spend under a lock,
 * and recording every {@link Charge}. Targets in bench/targets.tsv.
 *
 * <p>The accountants are rebuilt before each iteration with a budget no iteration can exhaust, so
 * every charge is admitted. They keep every charge (by design), so iterations are short and the
 * clock is fixed to keep memory per charge small; the heap is raised for the fork.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g"})
public class AccountantBenchmark {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
  private static final PrivacyLoss CHARGE = PrivacyLoss.pure(1e-6);
  private static final PrivacyLoss GAUSSIAN = PrivacyLoss.zcdp(1e-12);

  private PrivacyAccountant basic;
  private PrivacyAccountant zcdp;
  private DoubleAdder adder;
  private final Object lock = new Object();
  private double counter;

  /** Fresh accountants and counters before each iteration. */
  @Setup(Level.Iteration)
  public void setUp() {
    basic =
        PrivacyAccountant.builder().budget(PrivacyLoss.approximate(1e6, 1e-6)).clock(CLOCK).build();
    zcdp =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1e6, 1e-6))
            .composition(Composition.zcdp(1e-7))
            .clock(CLOCK)
            .build();
    adder = new DoubleAdder();
    synchronized (lock) {
      counter = 0;
    }
  }

  /**
   * One basic-composition charge, one thread.
   *
   * @return the recorded charge
   */
  @Benchmark
  @Threads(1)
  public Charge chargeBasic() {
    return basic.charge("query", CHARGE);
  }

  /**
   * One basic-composition charge, two threads on the same accountant.
   *
   * @return the recorded charge
   */
  @Benchmark
  @Threads(2)
  public Charge chargeBasicTwoThreads() {
    return basic.charge("query", CHARGE);
  }

  /**
   * One zCDP charge (ρ adds up; the budget check uses the cheap Bun–Steinke bound while it fits).
   *
   * @return the recorded charge
   */
  @Benchmark
  @Threads(1)
  public Charge chargeZcdp() {
    return zcdp.charge("query", GAUSSIAN);
  }

  /**
   * Baseline: add ε to a {@link DoubleAdder}, no check, no record.
   *
   * @return the increment
   */
  @Benchmark
  @Threads(1)
  public double baselineAtomicAdd() {
    adder.add(1e-6);
    return 1e-6;
  }

  /**
   * Baseline: add ε to a synchronized counter, no check, no record; one thread.
   *
   * @return the new total
   */
  @Benchmark
  @Threads(1)
  public double baselineSynchronizedCounter() {
    synchronized (lock) {
      return counter += 1e-6;
    }
  }

  /**
   * Baseline: add ε to a synchronized counter, no check, no record; two threads.
   *
   * @return the new total
   */
  @Benchmark
  @Threads(2)
  public double baselineSynchronizedCounterTwoThreads() {
    synchronized (lock) {
      return counter += 1e-6;
    }
  }
}
