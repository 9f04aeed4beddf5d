package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.metric.Partition;
import io.privacity.anonymize.model.Histogram;
import java.util.Arrays;

/**
 * The equivalence classes of one generalization (lattice node): for each class a representative
 * row, its size and its sensitive histograms; after {@link #evaluate}, which classes satisfy the
 * privacy models and how many records must be suppressed.
 *
 * <p>Built either from the rows (group-by on dictionary codes) or, faster, by rolling up the
 * classes of a finer generalization: classes of a coarser node are unions of classes of a finer
 * one, so only one representative row per finer class needs to be re-keyed.
 */
final class Grouping {
  final int[] levels;
  final int count;
  final int[] rep;
  final int[] size;

  /**
   * hist[s][class]; empty when there is no sensitive attribute or the grouping was rolled up
   * without histograms (see {@link #hasHistograms}).
   */
  final Histogram[][] hist;

  /** classOf[row], only when built from rows with row classes requested; otherwise null. */
  final int[] classOf;

  boolean[] ok;
  int suppressed;

  private Grouping(
      int[] levels, int count, int[] rep, int[] size, Histogram[][] hist, int[] classOf) {
    this.levels = levels;
    this.count = count;
    this.rep = rep;
    this.size = size;
    this.hist = hist;
    this.classOf = classOf;
  }

  /** Group-by of all rows on their generalized codes. */
  static Grouping fromRows(Encoded e, int[] levels, boolean keepRowClasses) {
    int n = e.rows;
    int[] classOf = keyRows(e, levels, n, null);
    int count = 0;
    for (int c : classOf) {
      count = Math.max(count, c + 1);
    }
    int[] rep = new int[count];
    int[] size = new int[count];
    Arrays.fill(rep, -1);
    for (int r = 0; r < n; r++) {
      int c = classOf[r];
      if (rep[c] < 0) {
        rep[c] = r;
      }
      size[c]++;
    }
    Histogram[][] hist = new Histogram[e.sensitive.length][];
    if (hist.length > 0) {
      int[] order = sortByClass(classOf, count, size);
      for (int s = 0; s < hist.length; s++) {
        hist[s] = new Histogram[count];
        int[] scratch = new int[e.sensitiveCard[s]];
        int[] touched = new int[e.sensitiveCard[s]];
        int start = 0;
        for (int c = 0; c < count; c++) {
          int t = 0;
          for (int i = start; i < start + size[c]; i++) {
            int code = e.sensitive[s][order[i]];
            if (scratch[code]++ == 0) {
              touched[t++] = code;
            }
          }
          hist[s][c] = drain(scratch, touched, t);
          start += size[c];
        }
      }
    }
    return new Grouping(levels.clone(), count, rep, size, hist, keepRowClasses ? classOf : null);
  }

  /**
   * The classes of a coarser node, by merging the classes of this (finer or equal) node; with
   * sensitive histograms only if asked for (and this grouping has them).
   */
  Grouping rollUp(Encoded e, int[] target, boolean withHistograms) {
    int[] newOf = keyRows(e, target, count, rep);
    int newCount = 0;
    for (int c : newOf) {
      newCount = Math.max(newCount, c + 1);
    }
    int[] newRep = new int[newCount];
    int[] newSize = new int[newCount];
    int[] members = new int[newCount];
    Arrays.fill(newRep, -1);
    for (int i = 0; i < count; i++) {
      int c = newOf[i];
      if (newRep[c] < 0) {
        newRep[c] = rep[i];
      }
      newSize[c] += size[i];
      members[c]++;
    }
    Histogram[][] newHist = new Histogram[withHistograms ? hist.length : 0][];
    if (newHist.length > 0) {
      int[] order = sortByClass(newOf, newCount, members);
      for (int s = 0; s < hist.length; s++) {
        newHist[s] = new Histogram[newCount];
        int[] scratch = new int[e.sensitiveCard[s]];
        int[] touched = new int[e.sensitiveCard[s]];
        int start = 0;
        for (int c = 0; c < newCount; c++) {
          int t = 0;
          for (int i = start; i < start + members[c]; i++) {
            Histogram h = hist[s][order[i]];
            for (int k = 0; k < h.distinct(); k++) {
              int code = h.code(k);
              if (scratch[code] == 0) {
                touched[t++] = code;
              }
              scratch[code] += h.count(k);
            }
          }
          newHist[s][c] = drain(scratch, touched, t);
          start += members[c];
        }
      }
    }
    return new Grouping(target.clone(), newCount, newRep, newSize, newHist, null);
  }

  /**
   * Dense class ids of items (rows, or representative rows of finer classes) at the given levels: a
   * mixed-radix key over the generalized codes, re-densified whenever it would overflow a long.
   */
  private static int[] keyRows(Encoded e, int[] levels, int items, int[] rowOf) {
    long[] keys = new long[items];
    int[] ids = new int[items];
    // Keep the key space small enough to densify by direct addressing: before a multiplication
    // would leave it, replace the keys by their dense ids. Ids are given in item order, so the
    // result does not depend on the order of the attributes: the widest go first, so that the
    // last multiplications (before the final densification) are by small cardinalities.
    long limit = Math.max(1L << 16, 4L * items);
    long radix = 1;
    for (int j : widestFirst(e, levels)) {
      int[] g = e.gen[j][levels[j]];
      int card = e.genCard[j][levels[j]];
      if (card == 1) {
        continue;
      }
      if (radix > 1 && radix > limit / card) {
        radix = LongIntMap.densify(keys, ids, radix);
        for (int i = 0; i < items; i++) {
          keys[i] = ids[i];
        }
      }
      int[] col = e.codes[j];
      if (rowOf == null) {
        for (int i = 0; i < items; i++) {
          keys[i] += g[col[i]] * radix;
        }
      } else {
        for (int i = 0; i < items; i++) {
          keys[i] += g[col[rowOf[i]]] * radix;
        }
      }
      radix *= card;
    }
    LongIntMap.densify(keys, ids, radix);
    return ids;
  }

  /** The quasi-identifiers by decreasing cardinality at the given levels (insertion sort). */
  private static int[] widestFirst(Encoded e, int[] levels) {
    int[] order = new int[e.qiCount];
    for (int j = 0; j < order.length; j++) {
      int card = e.genCard[j][levels[j]];
      int i = j;
      while (i > 0 && e.genCard[order[i - 1]][levels[order[i - 1]]] < card) {
        order[i] = order[i - 1];
        i--;
      }
      order[i] = j;
    }
    return order;
  }

  /** Item indices ordered by class (counting sort). */
  private static int[] sortByClass(int[] classOf, int count, int[] perClass) {
    int[] start = new int[count + 1];
    for (int c = 0; c < count; c++) {
      start[c + 1] = start[c] + perClass[c];
    }
    int[] order = new int[classOf.length];
    for (int i = 0; i < classOf.length; i++) {
      order[start[classOf[i]]++] = i;
    }
    return order;
  }

  private static Histogram drain(int[] scratch, int[] touched, int t) {
    int[] codes = Arrays.copyOf(touched, t);
    Arrays.sort(codes);
    int[] counts = new int[t];
    for (int i = 0; i < t; i++) {
      counts[i] = scratch[codes[i]];
      scratch[codes[i]] = 0;
    }
    return Histogram.of(codes, counts);
  }

  /** Decides, for each class, whether it satisfies every model; counts suppressed records. */
  void evaluate(Encoded e) {
    if (ok != null) {
      return;
    }
    if (!hasHistograms(e)) {
      throw new IllegalStateException("grouping was built without sensitive histograms");
    }
    ok = new boolean[count];
    suppressed = 0;
    for (int c = 0; c < count; c++) {
      boolean good = size[c] >= e.minClassSize;
      for (int m = 0; good && m < e.criteria.length; m++) {
        int s = e.criterionSensitive[m];
        good = e.criteria[m].isSatisfiedBy(size[c], s < 0 ? null : hist[s][c]);
      }
      ok[c] = good;
      if (!good) {
        suppressed += size[c];
      }
    }
  }

  /** Rows in classes smaller than the models' minimal class size (a necessary condition). */
  int smallRows(Encoded e) {
    int small = 0;
    for (int c = 0; c < count; c++) {
      if (size[c] < e.minClassSize) {
        small += size[c];
      }
    }
    return small;
  }

  /** The same classes, histograms and levels, without the row classes (to keep in a pool). */
  Grouping forPool() {
    return classOf == null ? this : new Grouping(levels, count, rep, size, hist, null);
  }

  /** Whether the per-class sensitive histograms are present (needed by {@link #evaluate}). */
  boolean hasHistograms(Encoded e) {
    return hist.length == e.sensitive.length;
  }

  boolean isAnonymous(Encoded e) {
    evaluate(e);
    return suppressed <= e.maxSuppressed;
  }

  /** The kept classes and suppressed records, as utility metrics see them. */
  Partition partition(Encoded e) {
    evaluate(e);
    int[] kept = new int[count];
    int[] dropped = new int[count];
    int k = 0;
    int d = 0;
    for (int c = 0; c < count; c++) {
      if (ok[c]) {
        kept[k++] = c;
      } else {
        dropped[d++] = c;
      }
    }
    return new View(e, this, Arrays.copyOf(kept, k), Arrays.copyOf(dropped, d), suppressed, levels);
  }

  /** A copy of the class sizes. */
  int[] sizes() {
    return Arrays.copyOf(size, count);
  }

  /** Σ |c|² over all classes, suppressed or not (ARX's DM*). */
  double sumOfSquares() {
    double sum = 0;
    for (int c = 0; c < count; c++) {
      sum += (double) size[c] * size[c];
    }
    return sum;
  }

  /**
   * These classes (typically the finest ones) generalized to other levels, nothing suppressed: the
   * "finest view" for {@link io.privacity.anonymize.metric.UtilityMetric#lowerBound}.
   */
  Partition finestView(Encoded e, int[] atLevels) {
    int[] all = new int[count];
    for (int c = 0; c < count; c++) {
      all[c] = c;
    }
    return new View(e, this, all, new int[0], 0, atLevels);
  }

  private static final class View extends EncodedView {
    private final Grouping g;
    private final int[] classes;
    private final int[] dropped;
    private final int suppressed;

    View(Encoded e, Grouping g, int[] classes, int[] dropped, int suppressed, int[] levels) {
      super(e, levels);
      this.g = g;
      this.classes = classes;
      this.dropped = dropped;
      this.suppressed = suppressed;
    }

    @Override
    public int generalizedValue(int c, int qi) {
      return valueOf(classes[c], qi);
    }

    @Override
    public int suppressedClassCount() {
      return dropped.length;
    }

    @Override
    public int suppressedClassSize(int s) {
      return g.size[dropped[s]];
    }

    @Override
    public int suppressedGeneralizedValue(int s, int qi) {
      return valueOf(dropped[s], qi);
    }

    private int valueOf(int cls, int qi) {
      int level = levels[qi];
      return e.gen[qi][level][e.codes[qi][g.rep[cls]]];
    }

    @Override
    public int suppressedCount() {
      return suppressed;
    }

    @Override
    public int classCount() {
      return classes.length;
    }

    @Override
    public int classSize(int c) {
      return g.size[classes[c]];
    }

    @Override
    public double generalizationLoss(int c, int qi) {
      int level = levels[qi];
      int row = g.rep[classes[c]];
      return e.loss[qi][level][e.gen[qi][level][e.codes[qi][row]]];
    }
  }
}
