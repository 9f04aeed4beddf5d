package io.privacity.anonymize;

import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brute force over every node of the generalization lattice, independent of the search code:
 * generalizes string values through the hierarchies, groups them, checks each class with the {@link
 * IndependentChecker} requirements, suppresses failing classes and computes the metric from its
 * definition.
 */
public final class ExhaustiveSearch {
  /** One lattice node's outcome. */
  public record Node(List<Integer> levels, boolean anonymous, double value, int suppressed) {}

  private ExhaustiveSearch() {}

  public static List<Node> all(
      Table table,
      List<String> qis,
      List<Hierarchy> hierarchies,
      String sensitive,
      List<IndependentChecker.Requirement> requirements,
      double limit,
      String metric) {
    int q = qis.size();
    int[] levels = new int[q];
    List<Node> nodes = new ArrayList<>();
    int budget = (int) Math.floor(limit * table.rowCount() + 1e-9);
    while (true) {
      nodes.add(evaluate(table, qis, hierarchies, sensitive, requirements, budget, metric, levels));
      int j = q - 1;
      while (j >= 0 && levels[j] == hierarchies.get(j).maxLevel()) {
        levels[j] = 0;
        j--;
      }
      if (j < 0) {
        return nodes;
      }
      levels[j]++;
    }
  }

  private static Node evaluate(
      Table table,
      List<String> qis,
      List<Hierarchy> hierarchies,
      String sensitive,
      List<IndependentChecker.Requirement> requirements,
      int budget,
      String metric,
      int[] levels) {
    int n = table.rowCount();
    int q = qis.size();
    Map<List<String>, List<Integer>> classes = new LinkedHashMap<>();
    for (int r = 0; r < n; r++) {
      List<String> key = new ArrayList<>();
      for (int j = 0; j < q; j++) {
        key.add(hierarchies.get(j).generalize(table.value(r, qis.get(j)), levels[j]));
      }
      classes.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    int suppressed = 0;
    int keptClasses = 0;
    double lossSum = 0;
    double dm = 0;
    for (Map.Entry<List<String>, List<Integer>> c : classes.entrySet()) {
      List<String> values = new ArrayList<>();
      for (int r : c.getValue()) {
        values.add(table.value(r, sensitive));
      }
      boolean ok = true;
      for (IndependentChecker.Requirement req : requirements) {
        ok &= req.holds(values);
      }
      int size = values.size();
      if (!ok) {
        suppressed += size;
        continue;
      }
      keptClasses++;
      dm += (double) size * size;
      for (int j = 0; j < q; j++) {
        Hierarchy h = hierarchies.get(j);
        String label = c.getKey().get(j);
        int leaves = 0;
        for (String v : h.values()) {
          if (h.generalize(v, levels[j]).equals(label)) {
            leaves++;
          }
        }
        int domain = h.values().size();
        lossSum += size * (domain <= 1 ? 0 : (leaves - 1) / (double) (domain - 1));
      }
    }
    double value;
    switch (metric) {
      case "dm":
        value = dm + (double) suppressed * n;
        break;
      case "aecs":
        value = keptClasses == 0 ? n : (n - suppressed) / (double) keptClasses;
        break;
      default:
        value = (lossSum + (double) suppressed * q) / ((double) n * q);
    }
    List<Integer> lv = new ArrayList<>();
    for (int l : levels) {
      lv.add(l);
    }
    return new Node(lv, suppressed <= budget, value, suppressed);
  }
}
