package io.privacity.dp.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.Composition;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubsampleTest {
  private static final List<Integer> THOUSAND = IntStream.range(0, 1000).boxed().toList();

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -0.5, 1.0000001, Double.POSITIVE_INFINITY})
  void poisson_badRate_throws(double q) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Subsample.poisson(q));
    assertTrue(e.getMessage().contains("samplingRate"), e.getMessage());
    assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
  }

  @Test
  void withoutReplacement_badSize_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Subsample.withoutReplacement(0));
    assertTrue(e.getMessage().contains("sampleSize"), e.getMessage());
    IllegalArgumentException small =
        assertThrows(
            IllegalArgumentException.class,
            () -> Subsample.withoutReplacement(5).sample(List.of(1, 2, 3)));
    assertTrue(small.getMessage().contains("got 3"), small.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Subsample.withoutReplacement(5).amplify(PrivacyLoss.laplace(1), 4));
  }

  @Test
  void amplify_isTheSubsampledDescription() {
    PrivacyLoss g = PrivacyLoss.gaussian(1);
    assertEquals(PrivacyLoss.subsampled(g, 0.01), Subsample.poisson(0.01).amplify(g, 1000));
    assertEquals(
        PrivacyLoss.subsampledWithoutReplacement(g, 10, 1000),
        Subsample.withoutReplacement(10).amplify(g, 1000));
  }

  @Test
  void run_chargesTheAmplifiedCurveOnce_thenRunsOnTheSample() {
    PrivacyAccountant a =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(2, 1e-5))
            .composition(Composition.pld(1e-6))
            .build();
    Subsample s = Subsample.poisson(0.1, Randomness.insecureSeeded(1));
    int size = s.run(a, "sample", THOUSAND, PrivacyLoss.gaussian(2), List::size);
    assertEquals(1, a.charges().size());
    assertEquals(PrivacyLoss.subsampled(PrivacyLoss.gaussian(2), 0.1), a.charges().get(0).loss());
    assertTrue(size > 0 && size < 1000, "size " + size);
  }

  @Test
  void run_refused_drawsNothingAndDoesNotRunTheMechanism() {
    PrivacyAccountant a = PrivacyAccountant.withBudget(PrivacyLoss.pure(0.01));
    CountingRandomness r = new CountingRandomness(2);
    AtomicBoolean ran = new AtomicBoolean();
    assertThrows(
        PrivacyBudgetExceededException.class,
        () ->
            Subsample.poisson(0.5, r)
                .run(a, "too much", THOUSAND, PrivacyLoss.laplace(0.5), x -> ran.getAndSet(true)));
    assertFalse(ran.get());
    assertEquals(0, r.draws());
    assertTrue(a.charges().isEmpty());
  }

  @Test
  void run_nullArguments_throwWithoutCharging() {
    PrivacyAccountant a = PrivacyAccountant.withBudget(PrivacyLoss.pure(10));
    Subsample s = Subsample.poisson(0.5);
    assertThrows(IllegalArgumentException.class, () -> s.run(a, "x", THOUSAND, null, List::size));
    assertThrows(
        IllegalArgumentException.class,
        () -> s.run(a, " ", THOUSAND, PrivacyLoss.laplace(1), List::size));
    assertTrue(a.charges().isEmpty());
  }

  /**
   * The inclusion probability is exactly q. 2·10^6 Bernoulli(0.3) draws: the count's standard
   * deviation is sqrt(n q (1−q)) ≈ 648; a correct sampler is more than 6 sd away with probability
   * below 2e-9 (normal tail; n is large enough for the normal approximation).
   */
  @Test
  void poisson_inclusionRateIsQ() {
    Subsample s = Subsample.poisson(0.3, Randomness.insecureSeeded(20261206));
    List<Integer> population = IntStream.range(0, 2_000_000).boxed().toList();
    double n = population.size();
    double kept = s.sample(population).size();
    double sd = Math.sqrt(n * 0.3 * 0.7);
    assertEquals(n * 0.3, kept, 6 * sd);
    // A tiny dyadic-free rate: 10^-3 over 2·10^6 (sd ≈ 44.7), same 6 sd reasoning.
    double tiny = Subsample.poisson(1e-3, Randomness.insecureSeeded(7)).sample(population).size();
    assertEquals(n * 1e-3, tiny, 6 * Math.sqrt(n * 1e-3 * (1 - 1e-3)));
    assertEquals(population, Subsample.poisson(1).sample(population));
  }

  /**
   * Sampling 3 of 10 without replacement, 300,000 times: each element is in a sample with
   * probability 0.3 (count sd = sqrt(300000·0.3·0.7) ≈ 251). Each of the 10 counts beyond 6 sd has
   * probability < 2e-9; by the union bound a correct sampler fails with probability < 2e-8.
   */
  @Test
  void withoutReplacement_isUniform() {
    Subsample s = Subsample.withoutReplacement(3, Randomness.insecureSeeded(11));
    List<Integer> ten = IntStream.range(0, 10).boxed().toList();
    long[] counts = new long[10];
    int trials = 300_000;
    for (int t = 0; t < trials; t++) {
      List<Integer> sample = s.sample(ten);
      assertEquals(3, new HashSet<>(sample).size());
      for (int x : sample) {
        counts[x]++;
      }
    }
    double sd = Math.sqrt(trials * 0.3 * 0.7);
    for (long c : counts) {
      assertEquals(trials * 0.3, c, 6 * sd);
    }
    assertEquals(IntStream.range(0, 10).boxed().toList(), ten); // the input is not modified
  }

  /**
   * Rates at the edges of (0, 1]: the smallest positive double keeps nothing of 10^4 elements (a
   * correct sampler keeps one with probability below 10^4·4.9e-324), the largest double below 1
   * keeps everything (drops one with probability below 10^4·1.2e-16); both charge a valid loss.
   */
  @Test
  void poisson_extremeRates() {
    List<Integer> population = IntStream.range(0, 10_000).boxed().toList();
    assertTrue(
        Subsample.poisson(Double.MIN_VALUE, Randomness.insecureSeeded(3))
            .sample(population)
            .isEmpty());
    assertEquals(
        population,
        Subsample.poisson(Math.nextDown(1.0), Randomness.insecureSeeded(4)).sample(population));
    PrivacyAccountant a = PrivacyAccountant.withBudget(PrivacyLoss.pure(1));
    int n =
        Subsample.poisson(Double.MIN_VALUE)
            .run(a, "tiny", population, PrivacyLoss.laplace(1), List::size);
    assertEquals(0, n);
    assertTrue(a.spent().epsilon() < 1e-300, a.spent().toString());
  }
}
