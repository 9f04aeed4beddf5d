package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.ExhaustiveSearch;
import io.privacity.anonymize.RandomCase;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * For random small tables, hierarchies, models, k and suppression limits, the optimum the lattice
 * search finds under EACH metric (ARX's loss, discernibility, non-uniform entropy and precision,
 * plus average loss and average class size) has the same value as a brute-force evaluation of every
 * lattice node written independently from ARX's definitions ({@link ExhaustiveSearch}), and the
 * chosen node is anonymous and has that value. This is what the pruning by lower bounds (inherited
 * up the lattice for discernibility) must never break.
 */
class MetricOptimumProperties {

  @Property(tries = 250, seed = "20261206")
  void everyMetric_optimumEqualsBruteForce(@ForAll long seed) {
    RandomCase c = new RandomCase(seed);
    for (String metric : RandomCase.METRICS) {
      check(c, metric);
    }
  }

  private static void check(RandomCase c, String metric) {
    Anonymizer anonymizer = c.anonymizer(RandomCase.metric(metric));
    List<ExhaustiveSearch.Node> nodes =
        ExhaustiveSearch.all(
            c.table, c.qis, c.hierarchies, "s", c.requirements, c.suppressionLimit, metric);
    double min = ExhaustiveSearch.minimum(nodes);
    if (min == Double.POSITIVE_INFINITY) {
      assertThrows(
          AnonymizationFailedException.class,
          () -> anonymizer.anonymize(c.table),
          () -> metric + " " + c);
      return;
    }
    AnonymizationResult r = anonymizer.anonymize(c.table);
    double tolerance = 1e-9 * Math.max(1, Math.abs(min));
    String where = metric + " " + c + " -> " + r;
    assertEquals(min, r.informationLoss(), tolerance, where);
    List<Integer> chosen = new ArrayList<>(r.levels().values());
    ExhaustiveSearch.Node node =
        nodes.stream().filter(n -> n.levels().equals(chosen)).findFirst().orElseThrow();
    assertTrue(node.anonymous(), where);
    assertEquals(min, node.value(), tolerance, where);
    assertEquals(node.suppressed(), r.suppressedCount(), where);
    assertTrue(r.checkedNodes() <= r.latticeSize(), where);
  }
}
