package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a published table from scratch, sharing no code with the algorithms: groups rows by their
 * published quasi-identifier tuple and checks each group's size (k), distinct sensitive values (ℓ)
 * and total variation distance to the whole table's sensitive distribution (t); and checks that
 * each published value truthfully covers the original one.
 */
final class IndependentAnonymityCheck {
  private IndependentAnonymityCheck() {}

  /** Rows grouped by their published tuple: tuple → row indices. */
  static Map<List<String>, List<Integer>> classes(Table published, List<String> qis) {
    Map<List<String>, List<Integer>> groups = new HashMap<>();
    for (int r = 0; r < published.rowCount(); r++) {
      List<String> key = new ArrayList<>();
      for (String q : qis) {
        key.add(published.value(r, q));
      }
      groups.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
    }
    return groups;
  }

  /** Returns a description of the first violation of k, or null if every class has ≥ k rows. */
  static String kViolation(Table published, List<String> qis, int k) {
    for (Map.Entry<List<String>, List<Integer>> e : classes(published, qis).entrySet()) {
      if (e.getValue().size() < k) {
        return "class " + e.getKey() + " has " + e.getValue().size() + " < k = " + k + " rows";
      }
    }
    return null;
  }

  /** The smallest class size. */
  static int minClassSize(Table published, List<String> qis) {
    int min = Integer.MAX_VALUE;
    for (List<Integer> rows : classes(published, qis).values()) {
      min = Math.min(min, rows.size());
    }
    return min;
  }

  /** Returns the first class with fewer than l distinct sensitive values, or null. */
  static String lViolation(Table published, List<String> qis, String sensitive, int l) {
    for (Map.Entry<List<String>, List<Integer>> e : classes(published, qis).entrySet()) {
      Set<String> values = new HashSet<>();
      for (int r : e.getValue()) {
        values.add(published.value(r, sensitive));
      }
      if (values.size() < l) {
        return "class " + e.getKey() + " has " + values.size() + " < l = " + l + " values";
      }
    }
    return null;
  }

  /**
   * Returns the first class whose sensitive distribution is farther than t (TV) from the table's.
   */
  static String tViolation(Table published, List<String> qis, String sensitive, double t) {
    int n = published.rowCount();
    Map<String, Double> global = new HashMap<>();
    for (int r = 0; r < n; r++) {
      global.merge(published.value(r, sensitive), 1.0 / n, Double::sum);
    }
    for (Map.Entry<List<String>, List<Integer>> e : classes(published, qis).entrySet()) {
      Map<String, Double> local = new HashMap<>();
      int size = e.getValue().size();
      for (int r : e.getValue()) {
        local.merge(published.value(r, sensitive), 1.0 / size, Double::sum);
      }
      double tv = 0;
      for (Map.Entry<String, Double> g : global.entrySet()) {
        tv += Math.abs(local.getOrDefault(g.getKey(), 0.0) - g.getValue());
      }
      tv /= 2;
      if (tv > t + 1e-9) {
        return "class " + e.getKey() + " is at distance " + tv + " > t = " + t;
      }
    }
    return null;
  }

  /**
   * Returns the first published numeric value that does not cover the original, or null. A
   * published numeric value is a number or "[lo, hi]".
   */
  static String numericTruthViolation(Table original, Table published, String column) {
    for (int r = 0; r < original.rowCount(); r++) {
      BigDecimal x = new BigDecimal(original.value(r, column).trim());
      String p = published.value(r, column);
      BigDecimal lo;
      BigDecimal hi;
      if (p.startsWith("[")) {
        String[] parts = p.substring(1, p.length() - 1).split(", ");
        lo = new BigDecimal(parts[0].trim());
        hi = new BigDecimal(parts[1].trim());
      } else {
        lo = new BigDecimal(p.trim());
        hi = lo;
      }
      if (x.compareTo(lo) < 0 || x.compareTo(hi) > 0) {
        return "row " + r + ": " + column + " " + x + " published as " + p;
      }
    }
    return null;
  }

  /**
   * Returns the first published categorical value that is neither the original nor one of its
   * generalizations in the hierarchy, or null.
   */
  static String hierarchyTruthViolation(
      Table original, Table published, String column, Hierarchy h) {
    for (int r = 0; r < original.rowCount(); r++) {
      String v = original.value(r, column);
      String p = published.value(r, column);
      if (!h.row(v).contains(p) && !p.equals("*")) {
        return "row " + r + ": " + column + " " + v + " published as " + p;
      }
    }
    return null;
  }
}
