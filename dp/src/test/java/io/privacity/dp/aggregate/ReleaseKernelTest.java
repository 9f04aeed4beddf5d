package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.random.Randomness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The distributed-release hooks: same arithmetic as an Accumulator, same protocol as release. */
class ReleaseKernelTest {
  static BoundedAggregation.Builder<String> builder() {
    return BoundedAggregation.<String>builder()
        .epsilon(1)
        .delta(1e-6)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(2)
                .maxContributionsPerPartition(3)
                .valueBounds(-1, 4)
                .build())
        .count()
        .sum()
        .variance()
        .quantiles(0.5)
        .randomness(Randomness.insecureSeeded(3));
  }

  private static long[] asState(ReleaseKernel k, PartitionState p) {
    long[] s = k.newState();
    s[0] = p.units;
    s[1] = p.count;
    s[2] = p.sum;
    s[3] = p.norm;
    s[4] = p.sq;
    if (p.hist != null) {
      System.arraycopy(p.hist, 0, s, 5, p.hist.length);
    }
    return s;
  }

  @Test
  void kernel_states_equal_the_accumulators_for_the_same_kept_records() {
    BoundedAggregation<String> spec = builder().build();
    ReleaseKernel k = spec.distributedRelease().kernel();
    Accumulator<String> acc = spec.newAccumulator();
    long[] state = k.newState();
    double[][] units = {{0.5, 9.0}, {-3.0}, {1.25, 2.0, 3.75}};
    for (int u = 0; u < units.length; u++) {
      for (double v : units[u]) {
        acc.add("u" + u, "p", v);
      }
      k.addUnit(state, units[u].length, units[u], 0); // addUnit clamps like the accumulator
    }
    acc.closeUnits();
    assertArrayEquals(asState(k, acc.closedPartitions().get("p")), state);
    long[] twice = state.clone();
    k.merge(twice, state);
    assertEquals(2 * state[2], twice[2]);
  }

  @Test
  void add_unit_refuses_more_than_linf_records_and_bad_states() {
    ReleaseKernel k = builder().build().distributedRelease().kernel();
    long[] s = k.newState();
    assertThrows(IllegalArgumentException.class, () -> k.addUnit(s, 4, new double[4], 0));
    assertThrows(IllegalArgumentException.class, () -> k.addUnit(s, 0, new double[1], 0));
    assertThrows(IllegalArgumentException.class, () -> k.addUnit(s, 2, new double[2], 1));
    assertThrows(IllegalArgumentException.class, () -> k.addUnit(new long[3], 1, new double[1], 0));
    assertThrows(IllegalArgumentException.class, () -> k.merge(s, new long[2]));
    long[] full = k.newState();
    full[2] = Long.MAX_VALUE;
    assertThrows(ArithmeticException.class, () -> k.merge(full, full.clone()));
  }

  @Test
  void kept_partitions_are_at_most_l0_distinct_indices_and_uniform() {
    ReleaseKernel k = builder().build().distributedRelease().kernel();
    assertArrayEquals(new int[] {0, 1}, k.keptPartitions(2, Randomness.insecureSeeded(1)));
    int[] hits = new int[5];
    Randomness r = Randomness.insecureSeeded(2);
    for (int t = 0; t < 50_000; t++) {
      int[] kept = k.keptPartitions(5, r);
      assertEquals(2, kept.length);
      assertEquals(2, new HashSet<>(List.of(kept[0], kept[1])).size());
      for (int i : kept) {
        hits[i]++;
      }
    }
    // Each index is kept with probability 2/5: 20,000 expected of 50,000, sd ≈ 110; 6 sd bounds
    // fail with probability < 10^-8 per index.
    for (int h : hits) {
      assertTrue(Math.abs(h - 20_000) < 660, Arrays.toString(hits));
    }
  }

  @Test
  void a_serialized_kernel_rebuilds_the_same_lattice_and_noise() throws Exception {
    ReleaseKernel k = builder().build().distributedRelease().kernel();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(k);
    }
    ReleaseKernel copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ReleaseKernel) in.readObject();
    }
    long[] a = k.newState();
    long[] b = copy.newState();
    k.addUnit(a, 2, new double[] {0.3, 3.9}, 0);
    copy.addUnit(b, 2, new double[] {0.3, 3.9}, 0);
    assertArrayEquals(a, b);
    PartitionResult<String> x = k.noise(Randomness.insecureSeeded(5)).release("p", a);
    PartitionResult<String> y = copy.noise(Randomness.insecureSeeded(5)).release("p", b);
    assertEquals(x.count().value(), y.count().value());
    assertEquals(x.sum().value(), y.sum().value());
    assertEquals(x.variance().value(), y.variance().value());
    assertEquals(x.quantiles().get(0).value(), y.quantiles().get(0).value());
    assertEquals(List.of(0.5), copy.ranks());
    assertTrue(copy.selectsPartitions());
  }

  @Test
  void distributed_release_charges_once_ledgers_once_and_is_single_use_with_release() {
    PrivacyAccountant budget = PrivacyAccountant.withBudget(PrivacyLoss.approximate(1, 1e-6));
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    BoundedAggregation<String> spec = builder().accountant(budget).ledger(ledger).build();
    DistributedRelease<String> d = spec.distributedRelease();
    assertThrows(IllegalStateException.class, () -> d.record(1), "record before charge");
    assertTrue(d.canCharge());
    d.charge();
    assertThrows(IllegalStateException.class, d::charge);
    assertThrows(IllegalStateException.class, spec::distributedRelease);
    assertThrows(IllegalStateException.class, () -> spec.release(spec.newAccumulator()));
    List<String> warnings = d.record(3);
    assertEquals(1, warnings.size(), "few partitions: the warning release gives");
    assertThrows(IllegalStateException.class, () -> d.record(3));
    assertEquals(1, budget.charges().size());
    assertEquals(1, ledger.entries().size());
    assertEquals("3", ledger.entries().get(0).details().get("partitionsReleased"));
  }

  @Test
  void a_refused_charge_leaves_the_spec_unreleased() {
    PrivacyAccountant budget = PrivacyAccountant.withBudget(PrivacyLoss.approximate(0.5, 1e-6));
    BoundedAggregation<String> spec = builder().accountant(budget).build();
    DistributedRelease<String> d = spec.distributedRelease();
    assertTrue(!d.canCharge());
    assertThrows(PrivacyBudgetExceededException.class, d::charge);
    assertEquals(0, budget.charges().size());
    assertThrows(PrivacyBudgetExceededException.class, () -> spec.release(spec.newAccumulator()));
  }

  @Test
  void public_partitions_are_given_to_the_engine() {
    BoundedAggregation<String> spec =
        BoundedAggregation.<String>builder()
            .epsilon(1)
            .contributionBounds(
                ContributionBounds.builder()
                    .maxPartitionsContributed(1)
                    .maxContributionsPerPartition(1)
                    .build())
            .publicPartitions(List.of("a", "b"))
            .count()
            .build();
    DistributedRelease<String> d = spec.distributedRelease();
    assertEquals(Set.of("a", "b"), d.publicPartitions());
    ReleaseKernel k = d.kernel();
    assertTrue(!k.selectsPartitions());
    assertTrue(!k.needsValues());
    long[] empty = k.newState();
    ReleaseKernel.Noise n = k.noise(Randomness.insecureSeeded(1));
    assertTrue(n.selects(empty), "public partitions are always released");
  }
}
