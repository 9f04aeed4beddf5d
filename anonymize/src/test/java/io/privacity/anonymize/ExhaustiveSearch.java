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
 * definition (ARX 3.9's definitions for "loss", "dm", "entropy" and "precision", read from ARX's
 * MetricMDNMLoss, MetricSDNMDiscernability, MetricMDNUNMEntropy and MetricMDNMPrecision and written
 * out here from the formulas, not from Privacity's code).
 */
public final class ExhaustiveSearch {
  /** One lattice node's outcome. */
  public record Node(List<Integer> levels, boolean anonymous, double value, int suppressed) {}

  private ExhaustiveSearch() {}

  /** The smallest value among the anonymous nodes; +infinity if none is anonymous. */
  public static double minimum(List<Node> nodes) {
    double min = Double.POSITIVE_INFINITY;
    for (Node n : nodes) {
      if (n.anonymous()) {
        min = Math.min(min, n.value());
      }
    }
    return min;
  }

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
    double[] lossByAttribute = new double[q];
    List<List<String>> suppressedKeys = new ArrayList<>();
    List<Integer> suppressedSizes = new ArrayList<>();
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
        suppressedKeys.add(c.getKey());
        suppressedSizes.add(size);
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
        double loss = size * (domain <= 1 ? 0 : (leaves - 1) / (double) (domain - 1));
        lossSum += loss;
        lossByAttribute[j] += loss;
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
      case "average-loss":
        value = (lossSum + (double) suppressed * q) / ((double) n * q);
        break;
      case "loss":
        // Geometric mean of (1 + per-attribute loss), minus 1; each attribute rounded down to 10
        // decimal places.
        value = 1;
        for (int j = 0; j < q; j++) {
          double l = Math.floor((lossByAttribute[j] + suppressed) / n * 1e10) / 1e10;
          value *= Math.pow(1 + l, 1.0 / q);
        }
        value -= 1;
        break;
      case "precision":
        value = 0;
        for (int j = 0; j < q; j++) {
          int height = hierarchies.get(j).maxLevel();
          double share = height == 0 ? 0 : levels[j] / (double) height;
          value += ((n - suppressed) * share + suppressed) / n;
        }
        value /= q;
        break;
      case "entropy":
        value = 0;
        for (int j = 0; j < q; j++) {
          value +=
              Math.floor(
                      entropy(
                              table,
                              qis.get(j),
                              hierarchies.get(j),
                              levels[j],
                              j,
                              suppressedKeys,
                              suppressedSizes,
                              suppressed)
                          * 1e10)
                  / 1e10;
        }
        break;
      default:
        throw new IllegalArgumentException(metric);
    }
    List<Integer> lv = new ArrayList<>();
    for (int l : levels) {
      lv.add(l);
    }
    return new Node(lv, suppressed <= budget, value, suppressed);
  }

  /**
   * Non-uniform entropy of one attribute: Σ over records of log2(records sharing its generalized
   * value / records sharing its original value), plus, over the suppressed records grouped by
   * generalized value w, Σ s_w · log2(S / s_w).
   */
  private static double entropy(
      Table table,
      String qi,
      Hierarchy h,
      int level,
      int j,
      List<List<String>> suppressedKeys,
      List<Integer> suppressedSizes,
      int suppressed) {
    Map<String, Integer> original = new LinkedHashMap<>();
    Map<String, Integer> generalized = new LinkedHashMap<>();
    for (int r = 0; r < table.rowCount(); r++) {
      String v = table.value(r, qi);
      original.merge(v, 1, Integer::sum);
      generalized.merge(h.generalize(v, level), 1, Integer::sum);
    }
    double bits = 0;
    for (Map.Entry<String, Integer> v : original.entrySet()) {
      double a = v.getValue();
      double b = generalized.get(h.generalize(v.getKey(), level));
      bits += a * Math.log(b / a) / Math.log(2);
    }
    Map<String, Integer> bySuppressedValue = new LinkedHashMap<>();
    for (int i = 0; i < suppressedKeys.size(); i++) {
      bySuppressedValue.merge(suppressedKeys.get(i).get(j), suppressedSizes.get(i), Integer::sum);
    }
    for (int count : bySuppressedValue.values()) {
      bits += count * Math.log(suppressed / (double) count) / Math.log(2);
    }
    return bits;
  }
}
