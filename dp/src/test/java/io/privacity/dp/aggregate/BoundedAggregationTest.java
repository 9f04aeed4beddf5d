package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.random.Randomness;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BoundedAggregationTest {

  /** Counts random draws, to check that nothing is drawn before the charge. */
  static final class CountingRandomness implements Randomness {
    final Randomness inner = Randomness.insecureSeeded(7);
    final AtomicLong draws = new AtomicLong();

    @Override
    public long nextLong() {
      draws.incrementAndGet();
      return inner.nextLong();
    }
  }

  static ContributionBounds bounds(int l0, int linf, double lo, double hi) {
    return ContributionBounds.builder()
        .maxPartitionsContributed(l0)
        .maxContributionsPerPartition(linf)
        .valueBounds(lo, hi)
        .build();
  }

  static BoundedAggregation.Builder<String> base() {
    return BoundedAggregation.<String>builder()
        .epsilon(1)
        .delta(1e-6)
        .contributionBounds(bounds(2, 3, 0, 10))
        .count()
        .sum()
        .mean()
        .randomness(Randomness.insecureSeeded(1));
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("epsilon NaN", (Supplier<?>) () -> base().epsilon(Double.NaN), "epsilon"),
        Arguments.of("epsilon 0", (Supplier<?>) () -> base().epsilon(0), "epsilon"),
        Arguments.of("epsilon -1", (Supplier<?>) () -> base().epsilon(-1), "epsilon"),
        Arguments.of(
            "epsilon +inf",
            (Supplier<?>) () -> base().epsilon(Double.POSITIVE_INFINITY),
            "epsilon"),
        Arguments.of("delta 0", (Supplier<?>) () -> base().delta(0), "delta"),
        Arguments.of("delta 1", (Supplier<?>) () -> base().delta(1), "delta"),
        Arguments.of("delta NaN", (Supplier<?>) () -> base().delta(Double.NaN), "delta"),
        Arguments.of(
            "inverted bounds",
            (Supplier<?>) () -> ContributionBounds.builder().valueBounds(5, 1),
            "lower must be < upper"),
        Arguments.of(
            "empty bounds",
            (Supplier<?>) () -> ContributionBounds.builder().valueBounds(1, 1),
            "lower must be < upper"),
        Arguments.of(
            "NaN lower bound",
            (Supplier<?>) () -> ContributionBounds.builder().valueBounds(Double.NaN, 1),
            "lower"),
        Arguments.of(
            "infinite upper bound",
            (Supplier<?>)
                () -> ContributionBounds.builder().valueBounds(0, Double.POSITIVE_INFINITY),
            "upper"),
        Arguments.of(
            "overflowing range",
            (Supplier<?>)
                () -> ContributionBounds.builder().valueBounds(-Double.MAX_VALUE, Double.MAX_VALUE),
            "upper - lower"),
        Arguments.of(
            "negative L0",
            (Supplier<?>) () -> ContributionBounds.builder().maxPartitionsContributed(-1),
            "maxPartitionsContributed"),
        Arguments.of(
            "zero L0",
            (Supplier<?>) () -> ContributionBounds.builder().maxPartitionsContributed(0),
            "maxPartitionsContributed"),
        Arguments.of(
            "negative Linf",
            (Supplier<?>) () -> ContributionBounds.builder().maxContributionsPerPartition(-3),
            "maxContributionsPerPartition"),
        Arguments.of(
            "huge Linf",
            (Supplier<?>) () -> ContributionBounds.builder().maxContributionsPerPartition(1 << 21),
            "maxContributionsPerPartition"),
        Arguments.of("null bounds", (Supplier<?>) () -> base().contributionBounds(null), "null"),
        Arguments.of("rank NaN", (Supplier<?>) () -> base().quantiles(Double.NaN), "rank"),
        Arguments.of("rank 1.5", (Supplier<?>) () -> base().quantiles(1.5), "rank"),
        Arguments.of("no ranks", (Supplier<?>) () -> base().quantiles(), "ranks"),
        Arguments.of("level 1", (Supplier<?>) () -> base().confidenceLevel(1), "confidenceLevel"),
        Arguments.of(
            "empty public partitions",
            (Supplier<?>) () -> base().publicPartitions(List.of()),
            "publicPartitions"),
        Arguments.of("blank name", (Supplier<?>) () -> base().name(" "), "name"),
        Arguments.of(
            "NaN value",
            (Supplier<?>) () -> base().build().newAccumulator().add("u", "k", Double.NaN),
            "value must be finite"),
        Arguments.of(
            "infinite value",
            (Supplier<?>)
                () -> base().build().newAccumulator().add("u", "k", Double.NEGATIVE_INFINITY),
            "value must be finite"),
        Arguments.of(
            "null unit",
            (Supplier<?>) () -> base().build().newAccumulator().add(null, "k", 1.0),
            "unit"),
        Arguments.of(
            "null partition",
            (Supplier<?>) () -> base().build().newAccumulator().add("u", null, 1.0),
            "partition"),
        Arguments.of(
            "null accumulator", (Supplier<?>) () -> base().build().release(null), "accumulator"),
        Arguments.of(
            "null bytes",
            (Supplier<?>) () -> base().build().accumulatorFromBytes(null, PartitionCodec.strings()),
            "bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void bad_input_throws_illegal_argument_naming_the_parameter(
      String what, Supplier<?> call, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
    assertTrue(e.getMessage().contains(fragment), what + ": " + e.getMessage());
  }

  @Test
  void incomplete_builders_throw_illegal_state() {
    assertThrows(
        IllegalStateException.class,
        () -> BoundedAggregation.<String>builder().delta(1e-6).count().build(),
        "epsilon unset");
    assertThrows(
        IllegalStateException.class,
        () -> BoundedAggregation.<String>builder().epsilon(1).delta(1e-6).count().build(),
        "bounds unset");
    assertThrows(
        IllegalStateException.class,
        () ->
            BoundedAggregation.<String>builder()
                .epsilon(1)
                .delta(1e-6)
                .contributionBounds(bounds(1, 1, 0, 1))
                .build(),
        "no statistic");
    assertThrows(
        IllegalStateException.class,
        () -> base().delta(1e-6).build().newAccumulator().add("u", "k"),
        "value needed");
    ContributionBounds countOnly =
        ContributionBounds.builder()
            .maxPartitionsContributed(1)
            .maxContributionsPerPartition(1)
            .build();
    assertThrows(
        IllegalStateException.class,
        () ->
            BoundedAggregation.<String>builder()
                .epsilon(1)
                .delta(1e-6)
                .contributionBounds(countOnly)
                .sum()
                .build(),
        "sum without value bounds");
    assertThrows(
        IllegalStateException.class,
        () ->
            BoundedAggregation.<String>builder()
                .epsilon(1)
                .contributionBounds(countOnly)
                .count()
                .build(),
        "delta unset without public partitions");
    assertThrows(IllegalStateException.class, () -> ContributionBounds.builder().build());
  }

  @Test
  void release_is_single_use() {
    BoundedAggregation<String> a = base().build();
    Accumulator<String> acc = a.newAccumulator();
    acc.add("u", "k", 1);
    a.release(acc);
    assertThrows(IllegalStateException.class, () -> a.release(acc));
    assertThrows(IllegalStateException.class, () -> a.release(a.newAccumulator()));
  }

  @Test
  void accountant_is_charged_before_any_noise_and_refusal_draws_nothing() {
    CountingRandomness r = new CountingRandomness();
    PrivacyAccountant tight = PrivacyAccountant.withBudget(PrivacyLoss.approximate(0.5, 1e-5));
    BoundedAggregation<String> a = base().randomness(r).accountant(tight).build();
    Accumulator<String> acc = a.newAccumulator();
    for (int u = 0; u < 100; u++) {
      acc.add("u" + u, "k", 1);
    }
    acc.closeUnits();
    long before = r.draws.get();
    assertThrows(PrivacyBudgetExceededException.class, () -> a.release(acc));
    assertEquals(before, r.draws.get(), "no randomness drawn after a refused charge");
    assertEquals(0, tight.charges().size());

    BoundedAggregation<String> b =
        base()
            .randomness(r)
            .accountant(
                PrivacyAccountant.builder()
                    .budget(PrivacyLoss.approximate(2, 1e-5))
                    .onCharge(c -> assertEquals(before, r.draws.get(), "charged before noise"))
                    .build())
            .build();
    assertNotNull(b.release(acc).get("k"));
  }

  @Test
  void refused_charge_leaves_the_aggregation_releasable() {
    PrivacyAccountant acct = PrivacyAccountant.withBudget(PrivacyLoss.approximate(0.5, 1e-5));
    BoundedAggregation<String> a = base().accountant(acct).build();
    Accumulator<String> acc = a.newAccumulator();
    assertThrows(PrivacyBudgetExceededException.class, () -> a.release(acc));
    assertThrows(PrivacyBudgetExceededException.class, () -> a.release(acc));
  }

  @Test
  void release_is_written_to_the_ledger_with_its_guarantee() {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    BoundedAggregation<String> a = base().name("kwh-by-district").ledger(ledger).build();
    Accumulator<String> acc = a.newAccumulator();
    acc.add("h1", "north", 3.5);
    a.release(acc);
    assertEquals(1, ledger.size());
    var e = ledger.entries().get(0);
    assertEquals(LedgerEventType.RELEASE, e.type());
    assertTrue(e.details().get("guarantee").contains("\"epsilon\":1.0"), e.details().toString());
    assertTrue(e.summary().contains("kwh-by-district"));
  }

  @Test
  void public_partitions_are_all_released_and_other_keys_dropped() {
    BoundedAggregation<String> a = base().publicPartitions(Set.of("a", "b", "empty")).build();
    Accumulator<String> acc = a.newAccumulator();
    acc.add("u1", "a", 1).add("u2", "b", 2).add("u3", "secret", 3);
    AggregationResult<String> r = a.release(acc);
    assertEquals(Set.of("a", "b", "empty"), r.partitions().keySet());
    assertEquals(PrivacyLoss.pure(1), r.guarantee().loss().stated());
    assertEquals(PrivacyLoss.Mechanism.COMPOSITION, r.guarantee().loss().mechanism());
    assertEquals(0, a.selectionDelta());
  }

  @Test
  void unrequested_statistics_throw_and_requested_ones_are_present() {
    BoundedAggregation<String> a =
        BoundedAggregation.<String>builder()
            .epsilon(2)
            .contributionBounds(bounds(1, 1, 0, 100))
            .variance()
            .quantiles(0.5)
            .publicPartitions(Set.of("k"))
            .randomness(Randomness.insecureSeeded(3))
            .build();
    Accumulator<String> acc = a.newAccumulator();
    for (int u = 0; u < 2000; u++) {
      acc.add("u" + u, "k", u % 100);
    }
    PartitionResult<String> p = a.release(acc).get("k");
    assertThrows(IllegalStateException.class, p::count);
    assertThrows(IllegalStateException.class, p::sum);
    assertThrows(IllegalStateException.class, p::mean);
    // Uniform on 0..99: variance 833.25; median 49.5. Noise at ε/3 per measurement over 2000
    // records: the variance's noise sd is well under 50, the median's rank error a few records.
    assertEquals(833.25, p.variance().value(), 100);
    assertTrue(p.variance().interval().contains(833.25), p.variance().toString());
    assertEquals(49.5, p.quantiles().get(0).value(), 3);
    assertNull(p.quantiles().get(0).interval());
    assertTrue(p.quantiles().get(0).guarantee().mechanism().startsWith("ExponentialMechanism"));
  }

  @Test
  void selection_threshold_meets_the_delta_exactly() {
    for (int l0 : new int[] {1, 3, 10}) {
      for (double delta : new double[] {1e-3, 1e-6, 1e-10}) {
        BoundedAggregation<String> a =
            BoundedAggregation.<String>builder()
                .epsilon(1)
                .delta(delta)
                .contributionBounds(bounds(l0, 1, 0, 1))
                .count()
                .build();
        assertTrue(a.selectionDelta() <= delta, l0 + " " + delta + " " + a.selectionDelta());
        // One less would exceed δ: the threshold is the smallest that works (fails before issue
        // 16, which added one more than the bound needs).
        double t = (Double) a.guarantee().parameters().get("selectionScale");
        assertTrue(
            PartitionSelection.selectionDelta(a.selectionThreshold() - 1, t, l0) > delta,
            "threshold not minimal: " + a.selectionThreshold());
      }
    }
  }

  /**
   * The exact tail, computed independently: Z two-sided geometric with P(z) ∝ q^|z|, q = e^(−1/t),
   * so P(Z ≥ m) = q^m/(1 + q) for m ≥ 0, and a unit alone in L0 partitions makes one appear with
   * probability 1 − (1 − P(Z ≥ τ − 1))^L0. In log space with StrictMath.
   */
  private static double exactSelectionDelta(long tau, double t, int l0) {
    double logP = -(tau - 1) / t - StrictMath.log1p(StrictMath.exp(-1 / t));
    return -StrictMath.expm1(l0 * StrictMath.log1p(-StrictMath.exp(logP)));
  }

  @Test
  void selection_threshold_is_the_smallest_meeting_delta_against_the_exact_tail() {
    int checked = 0;
    for (double eps : new double[] {0.1, 0.5, 1, 2, 8}) {
      for (int l0 : new int[] {1, 2, 4, 8, 24, 100}) {
        for (double delta : new double[] {1e-2, 1e-3, 1e-5, 1e-6, 1e-9, 1e-12}) {
          BoundedAggregation<String> a = selectedCount(eps, delta, l0);
          long tau = a.selectionThreshold();
          double t = (Double) a.guarantee().parameters().get("selectionScale");
          double at = exactSelectionDelta(tau, t, l0);
          double below = exactSelectionDelta(tau - 1, t, l0);
          String where = "ε=" + eps + ", L0=" + l0 + ", δ=" + delta + ": τ=" + tau;
          assertTrue(at <= delta, where + " gives " + at);
          if (tau > 1 && Math.abs(below / delta - 1) > 1e-9) { // skip exact ties
            assertTrue(below > delta, where + " is not the smallest: τ−1 gives " + below);
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 150, "checked " + checked);
  }

  @Test
  void selection_that_releases_nothing_says_so_without_counting_the_candidates() {
    // 68 stations with a handful of units each, against a threshold of dozens: nothing released.
    String[] warnings = new String[2];
    for (int candidates : new int[] {68, 1}) {
      BoundedAggregation<String> a = selectedCount(1, 1e-5, 8);
      Accumulator<String> acc = a.newAccumulator();
      for (int s = 0; s < candidates; s++) {
        for (int u = 0; u < 3; u++) {
          acc.add("bike-" + s + "-" + u, "station-" + s);
        }
      }
      AggregationResult<String> r = a.release(acc);
      assertTrue(r.partitions().isEmpty());
      assertEquals(a.selectionThreshold(), r.selectionThreshold());
      assertEquals(1, r.warnings().size());
      String w = r.warnings().get(0);
      assertTrue(w.contains("released no partition"), w);
      assertTrue(w.contains("τ = " + r.selectionThreshold()), w);
      assertTrue(w.contains("probability 1/2"), w);
      assertTrue(!w.contains("68"), "the number of candidates must not leak: " + w);
      assertTrue(r.toString().contains("warnings"), r.toString());
      warnings[candidates == 68 ? 0 : 1] = w;
    }
    // The text depends on public facts only: 68 candidates or 1 give the same warning.
    assertEquals(warnings[0], warnings[1]);
  }

  /** A count with private partition selection (L∞ = 1), seeded. */
  private static BoundedAggregation<String> selectedCount(double epsilon, double delta, int l0) {
    return BoundedAggregation.<String>builder()
        .epsilon(epsilon)
        .delta(delta)
        .contributionBounds(bounds(l0, 1, 0, 1))
        .count()
        .randomness(Randomness.insecureSeeded(3))
        .build();
  }

  /** A count with selection over `units` units spread evenly over `keys` keys. */
  private static AggregationResult<String> countOver(int units, int keys) {
    BoundedAggregation<String> a = selectedCount(4, 1e-3, 1);
    Accumulator<String> acc = a.newAccumulator();
    for (int u = 0; u < units; u++) {
      acc.add("u" + u, "busy-" + (u % keys));
    }
    return a.release(acc);
  }

  @Test
  void warnings_for_few_partitions_and_none_for_many_or_public_ones() {
    AggregationResult<String> r = countOver(500, 2);
    assertEquals(2, r.partitions().size());
    assertTrue(r.warnings().get(0).contains("released only 2 partition"), r.warnings().toString());
    AggregationResult<String> rMany = countOver(5000, 20);
    assertEquals(20, rMany.partitions().size());
    assertEquals(List.of(), rMany.warnings());
    AggregationResult<String> rPublic =
        base().publicPartitions(Set.of("a")).build().release(base().build().newAccumulator());
    assertEquals(0, rPublic.selectionThreshold());
    assertEquals(List.of(), rPublic.warnings());
  }

  @Test
  void counts_are_released_as_integers_with_integer_intervals() {
    BoundedAggregation<String> a = base().publicPartitions(Set.of("a")).build();
    Accumulator<String> acc = a.newAccumulator();
    for (int u = 0; u < 18_009; u++) {
      acc.add(u, "a", 1.0);
    }
    DpCount c = a.release(acc).get("a").count();
    long value = c.value(); // a long: no 18008.999999999996
    assertEquals((double) value, Math.rint(c.interval().lower()) + (value - c.interval().lower()));
    assertEquals(Math.rint(c.interval().lower()), c.interval().lower());
    assertEquals(Math.rint(c.interval().upper()), c.interval().upper());
    String printed = c.toString();
    assertTrue(printed.matches("-?\\d+ \\[-?\\d+, -?\\d+\\] @0\\.95 .*"), printed);
  }

  @Test
  void ungrouped_releases_whole_dataset_statistics_without_a_partition_key() {
    BoundedAggregation<Object> total =
        BoundedAggregation.builder()
            .epsilon(2)
            .contributionBounds(bounds(1, 4, 0, 10))
            .count()
            .sum()
            .mean()
            .ungrouped()
            .randomness(Randomness.insecureSeeded(9))
            .build();
    assertEquals(PrivacyLoss.pure(2), total.guarantee().loss().stated());
    assertEquals(0, total.selectionThreshold());
    Accumulator<Object> acc = total.newAccumulator();
    for (int u = 0; u < 1000; u++) {
      acc.addToTotal("household-" + u, 5.0);
      acc.addToTotalByUnitId(u, 5.0);
    }
    AggregationResult<Object> r = total.release(acc);
    assertTrue(r.partitions().isEmpty());
    assertEquals("total", r.total().key().toString());
    // 2000 units with one reading of 5 each: count 2000, sum 10^4, mean 5, up to the noise. With
    // ε_m = 2/3 per measurement the discrete Laplace scales are 4/ε_m = 6 (count), 4·10/ε_m = 60
    // (sum) and 4·5/ε_m = 30 (normalized sum, divided by the count for the mean, whose values all
    // sit at the midpoint 5): P(|Z| > 17 scales) < 10^−7 each.
    assertEquals(2000, r.total().count().value(), 17 * 6);
    assertEquals(10_000, r.total().sum().value(), 17 * 60);
    assertEquals(5, r.total().mean().value(), 17 * 30 / 1800.0);
    assertEquals(List.of(), r.warnings());
  }

  @Test
  void ungrouped_misuse_is_refused_with_a_clear_message() {
    BoundedAggregation<Object> total =
        BoundedAggregation.builder()
            .epsilon(1)
            .contributionBounds(bounds(1, 1, 0, 1))
            .count()
            .ungrouped()
            .build();
    IllegalStateException keyed =
        assertThrows(IllegalStateException.class, () -> total.newAccumulator().add("u", "k"));
    assertTrue(keyed.getMessage().contains("addToTotal"), keyed.getMessage());
    IllegalStateException grouped =
        assertThrows(
            IllegalStateException.class, () -> base().build().newAccumulator().addToTotal("u", 1));
    assertTrue(grouped.getMessage().contains("ungrouped"), grouped.getMessage());
    IllegalStateException l0 =
        assertThrows(
            IllegalStateException.class,
            () ->
                BoundedAggregation.builder()
                    .epsilon(1)
                    .contributionBounds(bounds(4, 1, 0, 1))
                    .count()
                    .ungrouped()
                    .build());
    assertTrue(l0.getMessage().contains("maxPartitionsContributed(1)"), l0.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> base().publicPartitions(Set.of("a")).ungrouped().build());
    assertThrows(
        IllegalStateException.class,
        () -> base().build().release(base().build().newAccumulator()).total());
    // A grouped accumulator does not fit an ungrouped aggregation (and vice versa).
    BoundedAggregation<Object> g =
        BoundedAggregation.builder()
            .epsilon(1)
            .delta(1e-6)
            .contributionBounds(bounds(1, 1, 0, 1))
            .count()
            .build();
    assertThrows(IllegalArgumentException.class, () -> total.release(g.newAccumulator()));
    // Serialized and restored, the one implicit key survives.
    Accumulator<Object> acc = total.newAccumulator().addToTotal("u1").addToTotal("u2");
    PartitionCodec<Object> unused =
        new PartitionCodec<>() {
          @Override
          public byte[] encode(Object key) {
            throw new AssertionError("an ungrouped aggregation has no keys to encode");
          }

          @Override
          public Object decode(byte[] bytes) {
            throw new AssertionError("an ungrouped aggregation has no keys to decode");
          }
        };
    Accumulator<Object> back = total.accumulatorFromBytes(acc.toBytes(unused), unused);
    assertTrue(acc.sameStateAs(back));
  }

  @Test
  void guarantee_json_names_bounds_and_split() {
    String json = base().build().guarantee().toJson();
    assertTrue(json.contains("\"maxPartitionsContributed\":2"), json);
    assertTrue(json.contains("\"selectionThreshold\""), json);
    assertTrue(json.contains("\"delta\":1.0E-6"), json);
  }
}
