package io.privacity.dp.mechanism;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Privacy amplification by subsampling: runs a mechanism on a random sample of the data and charges
 * the accountant the <i>amplified</i> curve ({@link PrivacyLoss#subsampled} or {@link
 * PrivacyLoss#subsampledWithoutReplacement}), which the Rényi and PLD accountants compose exactly.
 * Immutable; thread-safe.
 *
 * <pre>{@code
 * PrivacyAccountant budget = PrivacyAccountant.builder()
 *     .budget(PrivacyLoss.approximate(3, 1e-6)).composition(Composition.pld(1e-6)).build();
 * GaussianMechanism g = GaussianMechanism.builder().l2Sensitivity(1).rho(0.5).build(); // no accountant
 * double noisySum = Subsample.poisson(0.01).run(budget, "hourly sum", trips,
 *     g.guarantee().loss(), sample -> g.addNoise(sum(sample)));
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>If the mechanism is (ε, δ)-DP — or has a given Rényi curve or privacy loss distribution — with
 * respect to one element of the list (the privacy unit), then:
 *
 * <ul>
 *   <li>{@link #poisson(double)}: keeping each element independently with probability q, the
 *       composite is ln(1 + q(e^ε − 1)), qδ)-DP under adding or removing one element (Balle, Barthe
 *       and Gaboardi 2018, Theorem 8); Rényi curves amplify as in Mironov, Talwar and Zhang 2019
 *       (Gaussian, exact) and Zhu and Wang 2019; privacy loss distributions as in Zhu, Dong and
 *       Wang 2022;
 *   <li>{@link #withoutReplacement(int)}: m elements uniformly without replacement from the n
 *       given, the same with γ = m/n under <i>substituting</i> one element (Balle et al. 2018,
 *       Theorem 9; Wang, Balle and Kasiviswanathan 2019 for Rényi DP).
 * </ul>
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>Each element is one privacy unit (bound contributions first), and the mechanism sees the
 *       data <i>only</i> through the sample it is given.
 *   <li>{@code mechanismLoss} is the loss of the mechanism on the sample, for the neighbouring
 *       relation above (for sampling without replacement, substitution: e.g. twice the add/remove
 *       sensitivity of a sum), and the mechanism charges no accountant itself — {@link #run}
 *       charges once, amplified.
 *   <li>Sampling without replacement treats n as public; Poisson sampling does not need n.
 * </ul>
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>Poisson inclusion is an exact Bernoulli(q) draw: the bits of a uniform real are compared with
 * the finite binary expansion of the double q, so the inclusion probability is exactly q, never
 * more. Sampling without replacement is a partial Fisher–Yates shuffle with exact uniform integers.
 * The default randomness is {@link Randomness#secure()}.
 *
 * <p><b>Warning:</b> amplification holds only if the sample stays secret: never release which
 * elements were sampled, nor the sample size.
 *
 * <p>Derivations: {@code docs/proofs/accounting.md}, section "Subsampling".
 */
public final class Subsample {
  private final boolean poisson;
  private final double samplingRate;
  private final int sampleSize;
  private final long[] rateBits;
  private final Randomness randomness;

  private Subsample(boolean poisson, double q, int m, Randomness randomness) {
    this.poisson = poisson;
    this.samplingRate = q;
    this.sampleSize = m;
    this.rateBits = poisson ? binaryExpansion(q) : new long[0];
    this.randomness = randomness;
  }

  /**
   * Poisson sampling with secure randomness: each element is kept independently with probability q.
   *
   * @param samplingRate q, in (0, 1]
   * @return the sampler
   * @throws IllegalArgumentException if q is NaN or outside (0, 1]
   */
  public static Subsample poisson(double samplingRate) {
    return poisson(samplingRate, Randomness.secure());
  }

  /**
   * Poisson sampling with the given randomness (use {@link Randomness#insecureSeeded} in tests
   * only).
   *
   * @param samplingRate q, in (0, 1]
   * @param randomness the randomness
   * @return the sampler
   * @throws IllegalArgumentException if q is NaN or outside (0, 1], or randomness is null
   */
  public static Subsample poisson(double samplingRate, Randomness randomness) {
    if (!(samplingRate > 0 && samplingRate <= 1)) {
      throw new IllegalArgumentException("samplingRate must be in (0, 1], got " + samplingRate);
    }
    return new Subsample(true, samplingRate, 0, Checks.notNull("randomness", randomness));
  }

  /**
   * Sampling m elements uniformly without replacement, with secure randomness.
   *
   * @param sampleSize m, ≥ 1 (at most the population's size when sampling)
   * @return the sampler
   * @throws IllegalArgumentException if m &lt; 1
   */
  public static Subsample withoutReplacement(int sampleSize) {
    return withoutReplacement(sampleSize, Randomness.secure());
  }

  /**
   * Sampling m elements uniformly without replacement with the given randomness.
   *
   * @param sampleSize m, ≥ 1
   * @param randomness the randomness
   * @return the sampler
   * @throws IllegalArgumentException if m &lt; 1 or randomness is null
   */
  public static Subsample withoutReplacement(int sampleSize, Randomness randomness) {
    Checks.inRange("sampleSize", sampleSize, 1, Integer.MAX_VALUE);
    return new Subsample(false, Double.NaN, sampleSize, Checks.notNull("randomness", randomness));
  }

  /**
   * The loss of running a mechanism with loss {@code mechanismLoss} on a sample drawn by this
   * sampler from {@code populationSize} elements: the amplified description.
   *
   * @param mechanismLoss the mechanism's loss on the sample (one mechanism, not a composition)
   * @param populationSize n, ≥ 1 (and ≥ m when sampling without replacement)
   * @return the amplified loss
   * @throws IllegalArgumentException if the loss cannot be subsampled or n is out of range
   */
  public PrivacyLoss amplify(PrivacyLoss mechanismLoss, long populationSize) {
    Checks.notNull("mechanismLoss", mechanismLoss);
    Checks.inRange("populationSize", populationSize, 1, Long.MAX_VALUE);
    if (poisson) {
      return PrivacyLoss.subsampled(mechanismLoss, samplingRate);
    }
    if (sampleSize > populationSize) {
      throw new IllegalArgumentException(
          "populationSize must be >= sampleSize = " + sampleSize + ", got " + populationSize);
    }
    return PrivacyLoss.subsampledWithoutReplacement(mechanismLoss, sampleSize, populationSize);
  }

  /**
   * Draws a sample (charging nothing: a sample that is never released spends no privacy).
   *
   * @param population the data, one element per privacy unit
   * @param <T> the element type
   * @return a new list: the kept elements in their original order (Poisson), or m elements in
   *     random order (without replacement)
   * @throws IllegalArgumentException if population is null, or smaller than m
   */
  public <T> List<T> sample(List<T> population) {
    Checks.notNull("population", population);
    if (poisson) {
      List<T> kept = new ArrayList<>();
      for (T t : population) {
        if (keep()) {
          kept.add(t);
        }
      }
      return kept;
    }
    int n = population.size();
    if (sampleSize > n) {
      throw new IllegalArgumentException(
          "population must hold at least sampleSize = " + sampleSize + " elements, got " + n);
    }
    List<T> copy = new ArrayList<>(population);
    for (int i = 0; i < sampleSize; i++) {
      int j = i + randomness.nextInt(n - i);
      Collections.swap(copy, i, j);
    }
    return new ArrayList<>(copy.subList(0, sampleSize));
  }

  /**
   * Fails closed: charges the amplified loss ({@link #amplify}) to the accountant, then draws the
   * sample and runs the mechanism on it. If the charge is refused nothing is sampled and the
   * mechanism is not called.
   *
   * @param accountant the accountant to charge
   * @param label the charge's label, non-blank
   * @param population the data, one element per privacy unit
   * @param mechanismLoss the mechanism's loss on the sample
   * @param mechanism the mechanism, applied once to the sample; it must not charge an accountant
   * @param <T> the element type
   * @param <R> the release type
   * @return what the mechanism released
   * @throws IllegalArgumentException on a null or invalid argument (nothing is charged)
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   *     the charge
   */
  public <T, R> R run(
      PrivacyAccountant accountant,
      String label,
      List<T> population,
      PrivacyLoss mechanismLoss,
      Function<? super List<T>, ? extends R> mechanism) {
    Checks.notNull("accountant", accountant);
    Checks.nonBlank("label", label);
    Checks.notNull("population", population);
    Checks.notNull("mechanism", mechanism);
    PrivacyLoss amplified = amplify(mechanismLoss, Math.max(1, population.size()));
    if (!poisson && sampleSize > population.size()) {
      throw new IllegalArgumentException(
          "population must hold at least sampleSize = "
              + sampleSize
              + " elements, got "
              + population.size());
    }
    accountant.charge(label, amplified);
    return mechanism.apply(sample(population));
  }

  /** Exact Bernoulli(q): a uniform real in [0, 1), bit by bit, below q. */
  private boolean keep() {
    if (samplingRate == 1) {
      return true;
    }
    for (long chunk : rateBits) {
      int c = Long.compareUnsigned(randomness.nextLong(), chunk);
      if (c != 0) {
        return c < 0;
      }
    }
    return false; // equal to q's expansion so far; the rest of q is zeros: the uniform is ≥ q
  }

  /** q's binary expansion after the point, in 64-bit chunks (empty for q = 1). */
  private static long[] binaryExpansion(double q) {
    if (q == 1) {
      return new long[0];
    }
    List<Long> chunks = new ArrayList<>();
    BigDecimal rest = new BigDecimal(q);
    BigDecimal two64 = new BigDecimal(BigInteger.ONE.shiftLeft(64));
    while (rest.signum() > 0) {
      BigDecimal scaled = rest.multiply(two64);
      BigInteger whole = scaled.toBigInteger();
      chunks.add(whole.longValue());
      rest = scaled.subtract(new BigDecimal(whole));
    }
    long[] out = new long[chunks.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = chunks.get(i);
    }
    return out;
  }

  @Override
  public String toString() {
    return poisson
        ? "Subsample.poisson(" + samplingRate + ")"
        : "Subsample.withoutReplacement(" + sampleSize + ")";
  }
}
