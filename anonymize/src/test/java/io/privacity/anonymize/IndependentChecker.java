package io.privacity.anonymize;

import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * Verifies privacy models on a released table, written independently of the model code: classes are
 * recomputed from the table's string values, entropies and recursive diversity from counts, and
 * earth mover's distances by solving the transportation linear program with a simplex solver (not
 * by the closed forms the models use).
 */
public final class IndependentChecker {
  private static final double TOLERANCE = 1e-9;

  private IndependentChecker() {}

  /** A privacy requirement on one class, given its sensitive values. */
  public interface Requirement {
    boolean holds(List<String> sensitiveValues);

    String describe();
  }

  /** Ground distance between two sensitive values. */
  public interface Ground {
    double distance(String a, String b);
  }

  /** Classes of a table: generalized quasi-identifier values to row indices. */
  public static Map<List<String>, List<Integer>> classes(Table t, List<String> qis) {
    Map<List<String>, List<Integer>> classes = new LinkedHashMap<>();
    for (int r = 0; r < t.rowCount(); r++) {
      List<String> key = new ArrayList<>();
      for (String q : qis) {
        key.add(t.value(r, q));
      }
      classes.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    return classes;
  }

  /** Throws AssertionError naming the first class of {@code t} that violates a requirement. */
  public static void verify(
      Table t, List<String> qis, String sensitive, List<Requirement> requirements) {
    for (Map.Entry<List<String>, List<Integer>> c : classes(t, qis).entrySet()) {
      List<String> values = new ArrayList<>();
      for (int r : c.getValue()) {
        values.add(sensitive == null ? "" : t.value(r, sensitive));
      }
      for (Requirement req : requirements) {
        if (!req.holds(values)) {
          throw new AssertionError(
              "class " + c.getKey() + " of size " + values.size() + " violates " + req.describe());
        }
      }
    }
  }

  public static Requirement k(int k) {
    return req(v -> v.size() >= k, k + "-anonymity");
  }

  public static Requirement distinctL(int l) {
    return req(v -> counts(v).size() >= l, "distinct-" + l + "-diversity");
  }

  public static Requirement entropyL(double l) {
    return req(
        v -> {
          double h = 0;
          for (int c : counts(v).values()) {
            double p = c / (double) v.size();
            h -= p * Math.log(p);
          }
          return h >= Math.log(l) - TOLERANCE;
        },
        "entropy-" + l + "-diversity");
  }

  public static Requirement recursive(double c, int l) {
    return req(
        v -> {
          List<Integer> r = new ArrayList<>(counts(v).values());
          r.sort(Collections.reverseOrder());
          if (r.size() < l) {
            return false;
          }
          long tail = 0;
          for (int i = l - 1; i < r.size(); i++) {
            tail += r.get(i);
          }
          return r.get(0) < c * tail;
        },
        "recursive-(" + c + "," + l + ")-diversity");
  }

  /** t-closeness against the distribution of {@code population}, with any ground distance. */
  public static Requirement t(double t, List<String> population, Ground ground) {
    List<String> domain = new ArrayList<>(counts(population).keySet());
    Collections.sort(domain);
    return req(v -> emd(v, population, domain, ground) <= t + TOLERANCE, t + "-closeness");
  }

  /** Equal ground distance: 1 between different values. */
  public static Ground equalGround() {
    return (a, b) -> a.equals(b) ? 0 : 1;
  }

  /** Ordered ground distance on the numeric order of the values of a domain. */
  public static Ground orderedGround(List<String> population) {
    List<String> domain = new ArrayList<>(counts(population).keySet());
    domain.sort((x, y) -> Double.compare(Double.parseDouble(x), Double.parseDouble(y)));
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < domain.size(); i++) {
      rank.put(domain.get(i), i);
    }
    int m = domain.size();
    return (a, b) -> m <= 1 ? 0 : Math.abs(rank.get(a) - rank.get(b)) / (double) (m - 1);
  }

  /** Hierarchical ground distance: level of the lowest common ancestor / height. */
  public static Ground hierarchicalGround(Hierarchy h) {
    int height = h.maxLevel();
    return (a, b) -> {
      List<String> ra = h.row(a);
      List<String> rb = h.row(b);
      for (int level = 0; level <= height; level++) {
        if (ra.get(level).equals(rb.get(level))) {
          return level / (double) height;
        }
      }
      return 1;
    };
  }

  /** EMD between the empirical distributions of two samples, by linear programming. */
  public static double emd(
      List<String> sample, List<String> population, List<String> domain, Ground ground) {
    int m = domain.size();
    Map<String, Integer> p = counts(sample);
    Map<String, Integer> q = counts(population);
    double[] pp = new double[m];
    double[] qq = new double[m];
    for (int i = 0; i < m; i++) {
      pp[i] = p.getOrDefault(domain.get(i), 0) / (double) sample.size();
      qq[i] = q.getOrDefault(domain.get(i), 0) / (double) population.size();
    }
    if (m == 1) {
      return 0;
    }
    double[] cost = new double[m * m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        cost[i * m + j] = ground.distance(domain.get(i), domain.get(j));
      }
    }
    List<LinearConstraint> constraints = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      double[] row = new double[m * m];
      for (int j = 0; j < m; j++) {
        row[i * m + j] = 1;
      }
      constraints.add(new LinearConstraint(row, Relationship.EQ, pp[i]));
    }
    // One column constraint is implied by the others (both sides sum to 1); drop it for stability.
    for (int j = 0; j < m - 1; j++) {
      double[] col = new double[m * m];
      for (int i = 0; i < m; i++) {
        col[i * m + j] = 1;
      }
      constraints.add(new LinearConstraint(col, Relationship.EQ, qq[j]));
    }
    PointValuePair sol =
        new SimplexSolver(1e-10, 10, 1e-14)
            .optimize(
                new MaxIter(10_000),
                new LinearObjectiveFunction(cost, 0),
                new LinearConstraintSet(constraints),
                GoalType.MINIMIZE,
                new NonNegativeConstraint(true));
    return sol.getValue();
  }

  private static Map<String, Integer> counts(List<String> values) {
    Map<String, Integer> counts = new HashMap<>();
    for (String v : values) {
      counts.merge(v, 1, Integer::sum);
    }
    return counts;
  }

  private static Requirement req(java.util.function.Predicate<List<String>> p, String name) {
    return new Requirement() {
      @Override
      public boolean holds(List<String> sensitiveValues) {
        return p.test(sensitiveValues);
      }

      @Override
      public String describe() {
        return name;
      }
    };
  }
}
