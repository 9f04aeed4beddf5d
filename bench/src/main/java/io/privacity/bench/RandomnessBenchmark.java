package io.privacity.bench;

import io.privacity.core.random.Randomness;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One random long from the default {@link Randomness#secure()} against the JDK's generators, on one
 * thread. Target (bench/targets.tsv): at least 10× the default {@code SecureRandom}.
 *
 * <p>Every generator is created and used once in {@link #setUp()}, so seeding (which may read the
 * OS entropy source) is not measured; what is measured is the steady-state cost of a draw.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class RandomnessBenchmark {
  private Randomness secure;
  private SecureRandom defaultSecureRandom;
  private SecureRandom drbg;
  private SplittableRandom splittable;

  /**
   * Creates and warms every generator.
   *
   * @throws NoSuchAlgorithmException if the JDK has no DRBG (every JDK since 9 has)
   */
  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    secure = Randomness.secure();
    defaultSecureRandom = new SecureRandom();
    drbg = SecureRandom.getInstance("DRBG");
    splittable = new SplittableRandom(new SecureRandom().nextLong());
    secure.nextLong();
    defaultSecureRandom.nextLong();
    drbg.nextLong();
    splittable.nextLong();
  }

  /**
   * Privacity's default CSPRNG (AES-256-CTR, fast key erasure, per thread).
   *
   * @return a random long
   */
  @Benchmark
  public long secureNextLong() {
    return secure.nextLong();
  }

  /**
   * Baseline: {@code new SecureRandom()} (the platform default, NativePRNG on Linux).
   *
   * @return a random long
   */
  @Benchmark
  public long baselineSecureRandom() {
    return defaultSecureRandom.nextLong();
  }

  /**
   * Baseline: {@code SecureRandom.getInstance("DRBG")} (NIST SP 800-90A Hash_DRBG by default).
   *
   * @return a random long
   */
  @Benchmark
  public long baselineDrbg() {
    return drbg.nextLong();
  }

  /**
   * Baseline: {@link SplittableRandom}, fast and not secure — the floor a CSPRNG cannot beat.
   *
   * @return a random long
   */
  @Benchmark
  public long baselineSplittableRandom() {
    return splittable.nextLong();
  }
}
