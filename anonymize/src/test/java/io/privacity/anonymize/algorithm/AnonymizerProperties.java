package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.ExhaustiveSearch;
import io.privacity.anonymize.IndependentChecker;
import io.privacity.anonymize.RandomCase;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * On random small tables and hierarchies, the lattice search returns the same optimum as an
 * exhaustive, independently written evaluation of every lattice node, and its output passes the
 * independent checker.
 */
class AnonymizerProperties {

  @Property(tries = 300, seed = "20261127")
  void search_matchesExhaustiveOptimum_andOutputPassesChecker(@ForAll long seed) {
    RandomCase c = new RandomCase(seed);
    Anonymizer anonymizer = c.anonymizer(c.metric);

    List<ExhaustiveSearch.Node> nodes =
        ExhaustiveSearch.all(
            c.table, c.qis, c.hierarchies, "s", c.requirements, c.suppressionLimit, c.metricName);
    double min = ExhaustiveSearch.minimum(nodes);
    if (min == Double.POSITIVE_INFINITY) {
      assertThrows(
          AnonymizationFailedException.class, () -> anonymizer.anonymize(c.table), c::toString);
      return;
    }
    AnonymizationResult r = anonymizer.anonymize(c.table);
    double tolerance = 1e-9 * Math.max(1, Math.abs(min));
    assertEquals(min, r.informationLoss(), tolerance, () -> c + " -> " + r);

    List<Integer> chosen = new ArrayList<>(r.levels().values());
    ExhaustiveSearch.Node node =
        nodes.stream().filter(n -> n.levels().equals(chosen)).findFirst().orElseThrow();
    assertTrue(node.anonymous(), () -> "chosen node not anonymous: " + c + " -> " + r);
    assertEquals(min, node.value(), tolerance, () -> c + " -> " + r);
    assertEquals(node.suppressed(), r.suppressedRows().length, () -> c + " -> " + r);

    // The released table, checked from its values alone.
    IndependentChecker.verify(r.table(), c.qis, "s", c.requirements);
    assertEquals(c.table.rowCount() - r.suppressedRows().length, r.table().rowCount());
    for (int row = 0; row < r.table().rowCount(); row++) {
      int source = r.sourceRow(row);
      for (int j = 0; j < c.qis.size(); j++) {
        String q = c.qis.get(j);
        assertEquals(
            c.hierarchies.get(j).generalize(c.table.value(source, q), chosen.get(j)),
            r.table().value(row, q));
      }
      assertEquals(c.table.value(source, "s"), r.table().value(row, "s"));
    }
    assertTrue(r.checkedNodes() <= r.latticeSize());
  }
}
