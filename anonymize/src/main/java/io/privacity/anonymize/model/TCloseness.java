package io.privacity.anonymize.model;

import io.privacity.anonymize.data.Column;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.core.internal.Checks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * t-closeness of a sensitive attribute (Li, Li, Venkatasubramanian, "t-Closeness: Privacy Beyond
 * k-Anonymity and ℓ-Diversity", ICDE 2007): in every class, the Earth Mover's Distance (EMD)
 * between the class's distribution {@code P} of the sensitive attribute and its distribution {@code
 * Q} in the whole input table is at most {@code t}. Three ground distances, as in the paper:
 *
 * <ul>
 *   <li><b>equal distance</b> (categorical values, all equally far apart): {@code EMD = ½ Σ |p_i −
 *       q_i|} (total variation distance);
 *   <li><b>ordered distance</b> (numbers, dates: distance {@code |i − j|/(m − 1)} between the i-th
 *       and j-th of the m values in column order): {@code EMD = 1/(m−1) · Σ_i |Σ_{j<=i} (p_j −
 *       q_j)|};
 *   <li><b>hierarchical distance</b> (values in a generalization hierarchy of height H; two values
 *       are {@code level(lowest common ancestor)/H} apart): {@code EMD = Σ_N level(N)/H ·
 *       min(pos_extra(N), neg_extra(N))} over the hierarchy's inner nodes N, where {@code extra}
 *       sums {@code p_i − q_i} over N's leaves and pos/neg_extra sum the positive/negative extras
 *       of N's children.
 * </ul>
 *
 * <p>EMDs are compared with {@code t} with an absolute tolerance of 1e-12 against rounding. {@code
 * Q} is measured on every input record, suppressed ones included.
 *
 * <p>Monotone without suppression (the EMD of a merged class is at most the larger of the two, Li
 * et al. 2007), not with suppression. Immutable and thread-safe.
 */
public final class TCloseness implements PrivacyModel {
  private enum Distance {
    EQUAL,
    ORDERED,
    HIERARCHICAL
  }

  private static final double TOLERANCE = 1e-12;

  private final Distance distance;
  private final String attribute;
  private final double t;
  private final Hierarchy hierarchy;

  private TCloseness(Distance distance, String attribute, double t, Hierarchy hierarchy) {
    this.distance = distance;
    this.attribute = attribute;
    this.t = t;
    this.hierarchy = hierarchy;
  }

  /**
   * t-closeness with the equal ground distance (categorical attributes).
   *
   * @param attribute the sensitive column
   * @param t the largest allowed EMD, in {@code (0, 1]}
   * @return the model
   * @throws IllegalArgumentException if the attribute is blank or {@code t} is outside (0, 1]
   */
  public static TCloseness equalDistance(String attribute, double t) {
    return new TCloseness(Distance.EQUAL, Checks.nonBlank("attribute", attribute), checkT(t), null);
  }

  /**
   * t-closeness with the ordered ground distance (numeric or date attributes, in the column's value
   * order; see {@link io.privacity.anonymize.data.Column}).
   *
   * @param attribute the sensitive column
   * @param t the largest allowed EMD, in {@code (0, 1]}
   * @return the model
   * @throws IllegalArgumentException if the attribute is blank or {@code t} is outside (0, 1]
   */
  public static TCloseness ordered(String attribute, double t) {
    return new TCloseness(
        Distance.ORDERED, Checks.nonBlank("attribute", attribute), checkT(t), null);
  }

  /**
   * t-closeness with the hierarchical ground distance.
   *
   * @param attribute the sensitive column
   * @param hierarchy a hierarchy covering every value of the column, with at least 2 levels
   * @param t the largest allowed EMD, in {@code (0, 1]}
   * @return the model
   * @throws IllegalArgumentException if the attribute is blank, the hierarchy is null or has one
   *     level, or {@code t} is outside (0, 1]
   */
  public static TCloseness hierarchical(String attribute, Hierarchy hierarchy, double t) {
    Checks.notNull("hierarchy", hierarchy);
    if (hierarchy.levelCount() < 2) {
      throw new IllegalArgumentException(
          "hierarchy must have at least 2 levels, got " + hierarchy.levelCount());
    }
    return new TCloseness(
        Distance.HIERARCHICAL, Checks.nonBlank("attribute", attribute), checkT(t), hierarchy);
  }

  private static double checkT(double t) {
    if (!(t > 0 && t <= 1)) {
      throw new IllegalArgumentException("t must be in (0, 1], got " + t);
    }
    return t;
  }

  /**
   * The largest allowed EMD.
   *
   * @return t
   */
  public double t() {
    return t;
  }

  @Override
  public Optional<String> sensitiveAttribute() {
    return Optional.of(attribute);
  }

  @Override
  public int minimalClassSize() {
    return 1;
  }

  @Override
  public boolean isMonotoneWithSuppression() {
    return false;
  }

  @Override
  public ClassCriterion bind(Table table) {
    Checks.notNull("table", table);
    Column column = table.column(attribute);
    int m = column.cardinality();
    double[] q = new double[m];
    for (int r = 0; r < column.size(); r++) {
      q[column.code(r)] += 1;
    }
    for (int i = 0; i < m; i++) {
      q[i] /= column.size();
    }
    switch (distance) {
      case EQUAL:
        return (size, h) -> equalDistance(h, q) <= t + TOLERANCE;
      case ORDERED:
        return (size, h) -> orderedDistance(h, q) <= t + TOLERANCE;
      case HIERARCHICAL:
        Tree tree = new Tree(column, hierarchy);
        return (size, h) -> tree.distance(h, q) <= t + TOLERANCE;
      default:
        throw new AssertionError(distance);
    }
  }

  /**
   * The EMD of a class distribution from the table distribution under this model's ground distance.
   *
   * @param table the input table (as for {@link #bind})
   * @param classDistribution the class's histogram over codes of the sensitive column
   * @return the EMD, in [0, 1]
   * @throws IllegalArgumentException as {@link #bind}
   */
  public double distance(Table table, Histogram classDistribution) {
    Checks.notNull("classDistribution", classDistribution);
    Column column = table.column(attribute);
    double[] q = new double[column.cardinality()];
    for (int r = 0; r < column.size(); r++) {
      q[column.code(r)] += 1.0 / column.size();
    }
    switch (distance) {
      case EQUAL:
        return equalDistance(classDistribution, q);
      case ORDERED:
        return orderedDistance(classDistribution, q);
      default:
        return new Tree(column, hierarchy).distance(classDistribution, q);
    }
  }

  static double equalDistance(Histogram h, double[] q) {
    double n = h.total();
    double sum = 0;
    double covered = 0;
    for (int i = 0; i < h.distinct(); i++) {
      double qi = q[h.code(i)];
      sum += Math.abs(h.count(i) / n - qi);
      covered += qi;
    }
    // Codes absent from the class contribute |0 - q_i| = q_i each.
    return 0.5 * (sum + Math.max(0, 1 - covered));
  }

  static double orderedDistance(Histogram h, double[] q) {
    int m = q.length;
    if (m <= 1) {
      return 0;
    }
    double n = h.total();
    double cumulative = 0;
    double sum = 0;
    int next = 0;
    for (int code = 0; code < m; code++) {
      double p = 0;
      if (next < h.distinct() && h.code(next) == code) {
        p = h.count(next++) / n;
      }
      cumulative += p - q[code];
      sum += Math.abs(cumulative);
    }
    return sum / (m - 1);
  }

  /** The hierarchy as a tree over the sensitive column's codes, level by level. */
  private static final class Tree {
    private final int height;
    // nodeOf[L][code]: the level-L ancestor of a column code, as a dense index at level L.
    private final int[][] nodeOf;
    private final int[] nodeCount;
    // parentOf[L][node at L-1]: its ancestor at level L (L >= 2).
    private final int[][] parentOf;

    Tree(Column column, Hierarchy hierarchy) {
      int m = column.cardinality();
      height = hierarchy.maxLevel();
      nodeOf = new int[height + 1][m];
      nodeCount = new int[height + 1];
      parentOf = new int[height + 1][];
      for (int level = 1; level <= height; level++) {
        Map<String, Integer> ids = new HashMap<>();
        for (int code = 0; code < m; code++) {
          String value = column.dictionaryValue(code);
          if (!hierarchy.contains(value)) {
            throw new IllegalArgumentException(
                "column '"
                    + column.name()
                    + "': value \""
                    + value
                    + "\" is not in the t-closeness hierarchy");
          }
          List<String> row = hierarchy.row(value);
          nodeOf[level][code] = ids.computeIfAbsent(row.get(level), k -> ids.size());
        }
        nodeCount[level] = ids.size();
      }
      for (int code = 0; code < m; code++) {
        nodeOf[0][code] = code;
      }
      nodeCount[0] = m;
      for (int level = 1; level <= height; level++) {
        parentOf[level] = new int[nodeCount[level - 1]];
        for (int code = 0; code < m; code++) {
          parentOf[level][nodeOf[level - 1][code]] = nodeOf[level][code];
        }
      }
    }

    double distance(Histogram h, double[] q) {
      int m = q.length;
      double n = h.total();
      double[] extra = new double[m];
      for (int code = 0; code < m; code++) {
        extra[code] = -q[code];
      }
      for (int i = 0; i < h.distinct(); i++) {
        extra[h.code(i)] += h.count(i) / n;
      }
      double cost = 0;
      for (int level = 1; level <= height; level++) {
        int count = nodeCount[level];
        double[] pos = new double[count];
        double[] neg = new double[count];
        double[] sum = new double[count];
        int[] parent = parentOf[level];
        for (int child = 0; child < extra.length; child++) {
          double e = extra[child];
          int node = parent[child];
          if (e > 0) {
            pos[node] += e;
          } else {
            neg[node] -= e;
          }
          sum[node] += e;
        }
        double levelCost = 0;
        for (int node = 0; node < count; node++) {
          levelCost += Math.min(pos[node], neg[node]);
        }
        cost += levelCost * level / height;
        extra = sum;
      }
      return cost;
    }
  }

  @Override
  public String toString() {
    return t
        + "-closeness("
        + attribute
        + ", "
        + distance.name().toLowerCase(java.util.Locale.ROOT)
        + " distance)";
  }
}
