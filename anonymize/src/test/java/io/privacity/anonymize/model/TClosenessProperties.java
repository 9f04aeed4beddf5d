package io.privacity.anonymize.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privacity.anonymize.IndependentChecker;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.core.random.Randomness;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The closed-form EMDs of {@link TCloseness} (equal, ordered, hierarchical) equal the optimum of
 * the transportation linear program with the same ground distance, solved by a simplex solver.
 */
class TClosenessProperties {

  @Property(tries = 200, seed = "11")
  void closedFormEmd_equalsLinearProgram(@ForAll long seed) {
    Randomness rnd = Randomness.insecureSeeded(seed);
    int m = 1 + rnd.nextInt(6);
    List<String> domain = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    int levels = 2 + rnd.nextInt(3);
    for (int v = 0; v < m; v++) {
      domain.add(Integer.toString(v));
      int r = rnd.nextInt(8);
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(v));
      for (int l = 1; l < levels - 1; l++) {
        row.add("L" + l + ":" + (r >> l));
      }
      row.add("*");
      rows.add(row);
    }
    Hierarchy hierarchy = Hierarchy.of(rows);
    Table.Builder b = Table.builder("s");
    List<String> population = new ArrayList<>();
    int n = 1 + rnd.nextInt(40);
    for (int i = 0; i < n; i++) {
      String v = domain.get(rnd.nextInt(m));
      b.addRow(v);
      population.add(v);
    }
    Table table = b.build();
    // A class: a random sub-multiset of the population.
    List<String> sample = new ArrayList<>();
    for (String v : population) {
      if (rnd.nextBoolean()) {
        sample.add(v);
      }
    }
    if (sample.isEmpty()) {
      sample.add(population.get(0));
    }
    TreeMap<Integer, Integer> counts = new TreeMap<>();
    for (String v : sample) {
      counts.merge(table.column("s").codeOf(v), 1, Integer::sum);
    }
    Histogram h =
        Histogram.of(
            counts.keySet().stream().mapToInt(Integer::intValue).toArray(),
            counts.values().stream().mapToInt(Integer::intValue).toArray());
    List<String> present = table.column("s").dictionary();

    assertEquals(
        IndependentChecker.emd(sample, population, present, IndependentChecker.equalGround()),
        TCloseness.equalDistance("s", 1).distance(table, h),
        1e-9);
    assertEquals(
        IndependentChecker.emd(
            sample, population, present, IndependentChecker.orderedGround(population)),
        TCloseness.ordered("s", 1).distance(table, h),
        1e-9);
    assertEquals(
        IndependentChecker.emd(
            sample, population, present, IndependentChecker.hierarchicalGround(hierarchy)),
        TCloseness.hierarchical("s", hierarchy, 1).distance(table, h),
        1e-9);
  }
}
