package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.metric.UtilityMetric;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.DoubleConsumer;

/**
 * Optimal full-domain generalization by search of the generalization lattice, in the manner of
 * Flash (Kohlmayer, Prasser, Eckert, Kemper, Kuhn, PASSAT 2012): nodes are visited bottom-up by
 * level sum; from each untagged node a greedy path of untagged nodes leads upward, and a binary
 * search on the path checks nodes, tagging the generalizations of an anonymous node anonymous and
 * the specializations of a non-anonymous node non-anonymous (predictive tagging, valid when the
 * models are monotone). Classes of a node are rolled up from a cached finer node.
 *
 * <p>Correctness of the optimum: every minimal anonymous node (no anonymous direct specialization)
 * is checked, because predictive tagging only marks a node anonymous from a strictly finer
 * anonymous node. So when the metric is monotone and nothing may be suppressed, the optimum is
 * among the checked anonymous nodes. Otherwise every anonymous node is a candidate; they are
 * evaluated in order of the metric's lower bound until the bound exceeds the best value.
 *
 * <p>With models that are not monotone under suppression, no node is predicted anonymous; a node
 * whose rows in classes smaller than the models' minimal class size exceed the suppression budget
 * is non-anonymous together with all its specializations (class sizes only shrink when
 * specializing), which still prunes.
 */
final class Search {
  private static final byte UNKNOWN = 0;
  private static final byte ANONYMOUS = 1;
  private static final byte NOT_ANONYMOUS = 2;
  private static final int CACHE_SIZE = 8;
  static final long MAX_NODES = 5_000_000L;

  private final Encoded e;
  private final UtilityMetric metric;
  private final boolean monotone;
  private final int q;
  private final int[] radix;
  private final int[] stride;
  private final int nodes;
  private final byte[] status;

  private final double[] value;

  /**
   * bound[node]: a lower bound on the metric at the node; for metrics whose bound needs classes and
   * is monotone, the best bound known from the node's own classes or inherited from below.
   */
  private final double[] bound;

  private final boolean ownBounds;

  /** Whether every node's bound is known from its levels alone (and is monotone). */
  private final boolean levelBounds;

  private final boolean[] computed;
  private DoubleConsumer progress = f -> {};
  private final Grouping bottom;
  private final List<Grouping> cache = new ArrayList<>();

  /**
   * The groupings with the fewest classes seen so far (with their histograms, if any, but without
   * per-class verdicts): cheap roll-up sources and finest views.
   */
  private final List<Grouping> anchors = new ArrayList<>();

  private static final int ANCHORS = 128;
  private int checkedCount;
  private int evaluatedCount;

  Search(Encoded e, UtilityMetric metric, boolean monotone) {
    this.e = e;
    this.metric = metric;
    this.monotone = monotone;
    this.q = e.qiCount;
    this.radix = new int[q];
    this.stride = new int[q];
    long total = 1;
    for (int j = q - 1; j >= 0; j--) {
      radix[j] = e.maxLevel[j] + 1;
      stride[j] = (int) total;
      total *= radix[j];
      if (total > MAX_NODES) {
        throw new IllegalArgumentException(
            "the generalization lattice has more than "
                + MAX_NODES
                + " nodes; use fewer quasi-identifiers or hierarchies with fewer levels");
      }
    }
    this.nodes = (int) total;
    this.status = new byte[nodes];
    this.value = new double[nodes];
    this.bound = new double[nodes];
    this.ownBounds = metric.isBoundMonotone() && !metric.boundDependsOnlyOnRecordLosses();
    this.levelBounds = metric.isBoundMonotone() && metric.boundDependsOnlyOnRecordLosses();
    this.computed = new boolean[nodes];
    Arrays.fill(value, Double.NaN);
    Arrays.fill(bound, Double.NEGATIVE_INFINITY);
    this.bottom = Grouping.fromRows(e, new int[q], false);
    if (ownBounds) {
      bound[0] = safe(metric.lowerBound(bottom.finestView(e, new int[q])));
    }
  }

  /**
   * Receives the search's progress: the fraction of the lattice decided (first half) and of the
   * candidates evaluated (second half), non-decreasing.
   */
  void onProgress(DoubleConsumer listener) {
    this.progress = listener;
  }

  private double reported;

  private void progress(double fraction) {
    if (fraction > reported) {
      reported = fraction;
      progress.accept(Math.min(1, fraction));
    }
  }

  /** The sizes of the input's classes (original values), for the risk before anonymization. */
  int[] inputClassSizes() {
    return bottom.sizes();
  }

  int latticeSize() {
    return nodes;
  }

  int checkedCount() {
    return checkedCount;
  }

  int evaluatedCount() {
    return evaluatedCount;
  }

  int[] levelsOf(int node) {
    int[] levels = new int[q];
    for (int j = 0; j < q; j++) {
      levels[j] = (node / stride[j]) % radix[j];
    }
    return levels;
  }

  private int levelSum(int node) {
    int sum = 0;
    for (int j = 0; j < q; j++) {
      sum += (node / stride[j]) % radix[j];
    }
    return sum;
  }

  /** The optimal node, or -1 if no node is anonymous. */
  int run() {
    int decided = 0;
    int[] visitOrder = byLevelSum();
    if (levelBounds && !(monotone && e.maxSuppressed == 0 && metric.isMonotone())) {
      // Without suppression and with monotone models and metric, only the minimal anonymous
      // nodes matter, and Flash's bottom-up order alone finds them with the fewest checks.
      // Otherwise every node's bound is known up front: visit the lattice best bound first, so that
      // good
      // solutions are found early, and never check a node (nor, by monotonicity, anything above
      // it) whose bound cannot beat the best solution found so far.
      for (int node = 0; node < nodes; node++) {
        bound[node] = safe(metric.lowerBound(new MarginalView(e, levelsOf(node))));
      }
      visitOrder = byBound(visitOrder);
      boundsKnown = true;
    }
    for (int node : visitOrder) {
      if (status[node] == UNKNOWN && relevant(node)) {
        checkPath(pathFrom(node));
      }
      progress(0.5 * (++decided) / nodes);
    }
    int best = optimum();
    progress(1);
    return best;
  }

  /** Whether a node can still beat the best solution found so far, by its bound. */
  private boolean relevant(int node) {
    return !boundsKnown || better(node, bound[node], bestNode, bestValue);
  }

  private boolean boundsKnown;

  /**
   * A bound a little below the metric's, so that floating-point rounding (sums in another order,
   * ARX's rounding to 10 decimal places) can never make a bound exceed the value it bounds.
   */
  private static double safe(double lowerBound) {
    return lowerBound - 1e-9 * Math.max(1, Math.abs(lowerBound));
  }

  private void offerBest(int node) {
    if (better(node, value[node], bestNode, bestValue)) {
      bestNode = node;
      bestValue = value[node];
    }
  }

  private int bestNode = -1;
  private double bestValue = Double.POSITIVE_INFINITY;

  /** The nodes sorted by bound, keeping the given order among equal bounds. */
  private int[] byBound(int[] base) {
    Integer[] boxed = new Integer[base.length];
    for (int i = 0; i < base.length; i++) {
      boxed[i] = base[i];
    }
    Arrays.sort(boxed, Comparator.comparingDouble((Integer n) -> bound[n]));
    int[] sorted = new int[base.length];
    for (int i = 0; i < base.length; i++) {
      sorted[i] = boxed[i];
    }
    return sorted;
  }

  /** Nodes by increasing level sum, then index: a counting sort on the level sum. */
  private int[] byLevelSum() {
    if (order != null) {
      return order;
    }
    int maxSum = 0;
    for (int j = 0; j < q; j++) {
      maxSum += radix[j] - 1;
    }
    int[] start = new int[maxSum + 2];
    int[] sums = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      sums[i] = levelSum(i);
      start[sums[i] + 1]++;
    }
    for (int sum = 0; sum <= maxSum; sum++) {
      start[sum + 1] += start[sum];
    }
    order = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      order[start[sums[i]]++] = i;
    }
    return order;
  }

  private int[] order;

  private List<Integer> pathFrom(int node) {
    List<Integer> path = new ArrayList<>();
    path.add(node);
    int current = node;
    while (true) {
      // Flash's heuristic in spirit: generalize the attribute that is least generalized so far
      // (relative to its hierarchy's height), so paths cross the lattice's middle.
      int next = -1;
      double lowest = Double.POSITIVE_INFINITY;
      int[] levels = levelsOf(current);
      for (int j = 0; j < q; j++) {
        if (levels[j] < radix[j] - 1
            && status[current + stride[j]] == UNKNOWN
            && relevant(current + stride[j])) {
          double relative = (levels[j] + 1) / (double) (radix[j] - 1);
          if (relative < lowest) {
            lowest = relative;
            next = current + stride[j];
          }
        }
      }
      if (next < 0) {
        return path;
      }
      path.add(next);
      current = next;
    }
  }

  private void checkPath(List<Integer> path) {
    int lo = 0;
    int hi = path.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int node = path.get(mid);
      boolean anonymous;
      if (status[node] != UNKNOWN) {
        anonymous = status[node] == ANONYMOUS;
      } else {
        // Monotone models: tag by anonymity itself. Otherwise tag by the monotone necessary
        // condition (rows in too-small classes within the budget), which needs class sizes only;
        // anonymity of the nodes that pass it is decided in optimum().
        Grouping g = group(node, monotone);
        anonymous = monotone ? g.isAnonymous(e) : g.smallRows(e) <= e.maxSuppressed;
        if (anonymous && monotone) {
          value[node] = metric.evaluate(g.partition(e));
          evaluatedCount++;
          offerBest(node);
        }
        tag(node, anonymous ? ANONYMOUS : NOT_ANONYMOUS, anonymous);
      }
      if (anonymous) {
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
  }

  /** Tags a node and, predictively, its generalizations (up) or specializations (down). */
  private void tag(int node, byte tag, boolean up) {
    ArrayDeque<Integer> stack = new ArrayDeque<>();
    status[node] = tag;
    stack.push(node);
    while (!stack.isEmpty()) {
      int n = stack.pop();
      for (int j = 0; j < q; j++) {
        int level = (n / stride[j]) % radix[j];
        int m;
        if (up) {
          if (level == radix[j] - 1) {
            continue;
          }
          m = n + stride[j];
        } else {
          if (level == 0) {
            continue;
          }
          m = n - stride[j];
        }
        if (status[m] == UNKNOWN) {
          status[m] = tag;
          stack.push(m);
        }
      }
    }
  }

  private int optimum() {
    int best = -1;
    double bestValue = Double.POSITIVE_INFINITY;
    // Status ANONYMOUS means "anonymous" for monotone models and "may be anonymous" otherwise.
    boolean onlyChecked = monotone && e.maxSuppressed == 0 && metric.isMonotone();
    List<Integer> candidates = new ArrayList<>();
    for (int node = 0; node < nodes; node++) {
      if (status[node] != ANONYMOUS) {
        continue;
      }
      if (!Double.isNaN(value[node])) {
        if (better(node, value[node], best, bestValue)) {
          best = node;
          bestValue = value[node];
        }
      } else if (!onlyChecked) {
        candidates.add(node);
      }
    }
    if (candidates.isEmpty()) {
      return best;
    }
    boolean levelsOnly = metric.boundDependsOnlyOnRecordLosses();
    boolean inherit = metric.isBoundMonotone();
    if (!levelsOnly && inherit) {
      propagateBounds();
    }
    for (int node : candidates) {
      if (levelsOnly) {
        bound[node] = metric.lowerBound(new MarginalView(e, levelsOf(node)));
      } else if (!inherit) {
        bound[node] =
            metric.lowerBound(finest(levelsOf(node), false).finestView(e, levelsOf(node)));
      }
    }
    // Best-first by bound, ties by level sum and index: the first candidate whose bound cannot
    // beat the best value found ends the search, since every later one has a bound at least as
    // high.
    PriorityQueue<Integer> queue =
        new PriorityQueue<>(
            Comparator.comparingDouble((Integer n) -> bound[n])
                .thenComparingInt(this::levelSum)
                .thenComparingInt(n -> n));
    queue.addAll(candidates);
    int done = 0;
    while (!queue.isEmpty()) {
      int node = queue.poll();
      if (!better(node, bound[node], best, bestValue)) {
        break;
      }
      if (inherit && !levelsOnly) {
        // Predecessors computed since this node was queued may have raised its inherited bound.
        double inherited = inheritedBound(node);
        if (inherited > bound[node]) {
          bound[node] = inherited;
          queue.add(node);
          continue;
        }
      }
      progress(0.5 + 0.5 * (++done) / (double) candidates.size());
      Grouping g = group(node, true);
      if (!g.isAnonymous(e)) {
        continue;
      }
      value[node] = metric.evaluate(g.partition(e));
      evaluatedCount++;
      if (better(node, value[node], best, bestValue)) {
        best = node;
        bestValue = value[node];
      }
    }
    return best;
  }

  /**
   * Bounds of every node from the computed ones: a computed node's own bound (from its own
   * classes), raised to the largest bound of its direct specializations, in order of level sum, so
   * every node inherits the best bound of every computed node below it.
   */
  private void propagateBounds() {
    for (int node : byLevelSum()) {
      bound[node] = Math.max(bound[node], inheritedBound(node));
    }
  }

  private double inheritedBound(int node) {
    double b = bound[node];
    for (int j = 0; j < q; j++) {
      if ((node / stride[j]) % radix[j] > 0) {
        b = Math.max(b, bound[node - stride[j]]);
      }
    }
    return b;
  }

  /**
   * Whether a node of value {@code v} replaces the best node (or, with {@code v} a lower bound,
   * could): a lower value, or an equal one at a lower level sum, then a lower index.
   */
  private boolean better(int node, double v, int best, double bestValue) {
    if (best < 0 || v < bestValue) {
      return true;
    }
    if (v > bestValue) {
      return false;
    }
    int a = levelSum(node);
    int b = levelSum(best);
    return a < b || (a == b && node < best);
  }

  /**
   * The classes of a node, rolled up from the cached finer node with the fewest classes (that has
   * sensitive histograms, if they are needed).
   */
  Grouping group(int node, boolean withHistograms) {
    int[] levels = levelsOf(node);
    Grouping result = finest(levels, withHistograms).rollUp(e, levels, withHistograms);
    offerAnchor(result);
    if (!computed[node]) {
      computed[node] = true;
      checkedCount++;
      if (ownBounds) {
        // The node's own classes: the tightest bound, which its generalizations inherit.
        bound[node] = Math.max(bound[node], safe(metric.lowerBound(result.finestView(e, levels))));
      }
    }
    if (cache.size() == CACHE_SIZE) {
      cache.remove(0);
    }
    cache.add(result);
    return result;
  }

  /**
   * The known grouping with the fewest classes whose levels are all at most {@code levels} (so its
   * classes are unions of none and subsets of the target's classes), with histograms if needed.
   */
  private Grouping finest(int[] levels, boolean withHistograms) {
    Grouping source = bottom;
    for (Grouping g : cache) {
      if (g.count < source.count
          && finerOrEqual(g.levels, levels)
          && (!withHistograms || g.hasHistograms(e))) {
        source = g;
      }
    }
    for (Grouping g : anchors) {
      if (g.count < source.count
          && finerOrEqual(g.levels, levels)
          && (!withHistograms || g.hasHistograms(e))) {
        source = g;
      }
    }
    return source;
  }

  private void offerAnchor(Grouping g) {
    if (anchors.size() < ANCHORS) {
      anchors.add(g.forPool());
      return;
    }
    int largest = 0;
    for (int i = 1; i < anchors.size(); i++) {
      if (anchors.get(i).count > anchors.get(largest).count) {
        largest = i;
      }
    }
    if (g.count < anchors.get(largest).count) {
      anchors.set(largest, g.forPool());
    }
  }

  private static boolean finerOrEqual(int[] a, int[] b) {
    for (int j = 0; j < a.length; j++) {
      if (a[j] > b[j]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The compact view for metrics whose bound only needs per-record generalization losses: one
   * "class" per (quasi-identifier, value), sized by the value's record count, with a loss on that
   * quasi-identifier only.
   */
  private static final class MarginalView extends EncodedView {
    private final int[] attribute;
    private final int[] code;
    private final int[] size;

    MarginalView(Encoded e, int[] levels) {
      super(e, levels);
      int total = 0;
      for (int j = 0; j < e.qiCount; j++) {
        total += e.codeCounts[j].length;
      }
      attribute = new int[total];
      code = new int[total];
      size = new int[total];
      int c = 0;
      for (int j = 0; j < e.qiCount; j++) {
        for (int v = 0; v < e.codeCounts[j].length; v++) {
          attribute[c] = j;
          code[c] = v;
          size[c] = e.codeCounts[j][v];
          c++;
        }
      }
    }

    @Override
    public int suppressedCount() {
      return 0;
    }

    @Override
    public int classCount() {
      return size.length;
    }

    @Override
    public int classSize(int c) {
      return size[c];
    }

    @Override
    public double generalizationLoss(int c, int qi) {
      if (qi != attribute[c]) {
        return 0;
      }
      int level = levels[qi];
      return e.loss[qi][level][e.gen[qi][level][code[c]]];
    }
  }
}
