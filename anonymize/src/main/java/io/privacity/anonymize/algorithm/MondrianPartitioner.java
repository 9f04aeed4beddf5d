package io.privacity.anonymize.algorithm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The strict multidimensional partitioning of Mondrian (LeFevre, DeWitt and Ramakrishnan, ICDE
 * 2006) on integer-coded dimensions.
 *
 * <pre>
 * Anonymize(partition):
 *   for each dimension d, widest normalized range first:
 *     cut d at the allowed cut point nearest the median of the partition's values in d
 *     if both sides satisfy the privacy model: Anonymize(left); Anonymize(right); return
 *   publish partition as one equivalence class
 * </pre>
 *
 * <p>Rows are kept in one permutation array; a partition is a slice of it and a cut rearranges the
 * slice in place, so the whole run needs O(n) extra memory and O(n · dims) work per level of the
 * partition tree. Not thread-safe; one instance per run.
 */
final class MondrianPartitioner {

  /** Decides whether a set of rows may form (or contain) an equivalence class. */
  interface Criterion {
    /**
     * Whether the rows {@code rows[from..to)} satisfy the privacy model as one class.
     *
     * @param rows row indices
     * @param from first position, inclusive
     * @param to last position, exclusive
     * @return true if the rows may form a class
     */
    boolean accepts(int[] rows, int from, int to);
  }

  private final MondrianDimension[] dims;
  private final Criterion criterion;
  private final int n;
  private final int[] rows;
  private final List<int[]> partitions = new ArrayList<>();
  private final DoubleConsumer progress;
  private long rowsDone;
  private long lastReported;

  MondrianPartitioner(List<MondrianDimension> dims, Criterion criterion, DoubleConsumer progress) {
    this.dims = dims.toArray(new MondrianDimension[0]);
    this.criterion = criterion;
    this.n = this.dims[0].rowCode.length;
    this.rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    this.progress = progress;
  }

  /**
   * Partitions all rows.
   *
   * @return the row permutation; {@link #partitions()} holds the slices
   * @throws AnonymizationFailedException if the table as a whole does not satisfy the criterion
   */
  int[] run() {
    if (!criterion.accepts(rows, 0, n)) {
      throw new AnonymizationFailedException(
          "the table as a whole ("
              + n
              + " rows) does not satisfy the privacy model, so no partition of it can");
    }
    Deque<int[]> stack = new ArrayDeque<>();
    stack.push(new int[] {0, n});
    int[] lo = new int[dims.length];
    int[] hi = new int[dims.length];
    while (!stack.isEmpty()) {
      int[] p = stack.pop();
      int from = p[0];
      int to = p[1];
      bounds(from, to, lo, hi);
      Integer[] order = widestFirst(lo, hi);
      boolean cut = false;
      for (int d : order) {
        int cutCode = medianCut(d, from, to, lo[d], hi[d]);
        if (cutCode < 0) {
          continue;
        }
        int mid = split(d, from, to, cutCode);
        if (criterion.accepts(rows, from, mid) && criterion.accepts(rows, mid, to)) {
          // Right first on the stack so that the left half is finished first: the output keeps
          // the order of the cuts, which makes it easier to read.
          stack.push(new int[] {mid, to});
          stack.push(new int[] {from, mid});
          cut = true;
          break;
        }
      }
      if (!cut) {
        partitions.add(new int[] {from, to});
        rowsDone += to - from;
        if (progress != null && (rowsDone - lastReported >= n / 100 || rowsDone == n)) {
          lastReported = rowsDone;
          progress.accept((double) rowsDone / n);
        }
      }
    }
    return rows;
  }

  /** The final partitions as {@code {from, to}} slices of the permutation. */
  List<int[]> partitions() {
    return partitions;
  }

  /** The smallest and largest code of each dimension in a slice. */
  void bounds(int from, int to, int[] lo, int[] hi) {
    for (int d = 0; d < dims.length; d++) {
      int[] codes = dims[d].rowCode;
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (int i = from; i < to; i++) {
        int c = codes[rows[i]];
        if (c < min) {
          min = c;
        }
        if (c > max) {
          max = c;
        }
      }
      lo[d] = min;
      hi[d] = max;
    }
  }

  private Integer[] widestFirst(int[] lo, int[] hi) {
    double[] width = new double[dims.length];
    List<Integer> open = new ArrayList<>();
    for (int d = 0; d < dims.length; d++) {
      if (lo[d] < hi[d]) {
        width[d] = dims[d].normalizedWidth(lo[d], hi[d]);
        open.add(d);
      }
    }
    Integer[] order = open.toArray(new Integer[0]);
    // Stable sort: among equally wide dimensions the first declared is tried first.
    Arrays.sort(order, (a, b) -> Double.compare(width[b], width[a]));
    return order;
  }

  /**
   * The cut code nearest the median: rows with code ≤ the result go left. Returns −1 if no cut
   * leaves both sides non-empty.
   */
  private int medianCut(int d, int from, int to, int lo, int hi) {
    MondrianDimension dim = dims[d];
    int size = to - from;
    // Distinct codes of the slice in ascending order with their counts.
    int[] distinct;
    int[] counts;
    long range = (long) hi - lo + 1;
    if (range <= 4L * size + 1024) {
      int[] hist = new int[(int) range];
      for (int i = from; i < to; i++) {
        hist[dim.rowCode[rows[i]] - lo]++;
      }
      int k = 0;
      for (int c : hist) {
        if (c > 0) {
          k++;
        }
      }
      distinct = new int[k];
      counts = new int[k];
      k = 0;
      for (int c = 0; c < hist.length; c++) {
        if (hist[c] > 0) {
          distinct[k] = lo + c;
          counts[k++] = hist[c];
        }
      }
    } else {
      int[] codes = new int[size];
      for (int i = from; i < to; i++) {
        codes[i - from] = dim.rowCode[rows[i]];
      }
      Arrays.sort(codes);
      int k = 0;
      for (int i = 0; i < size; i++) {
        if (i == 0 || codes[i] != codes[i - 1]) {
          k++;
        }
      }
      distinct = new int[k];
      counts = new int[k];
      k = -1;
      for (int i = 0; i < size; i++) {
        if (i == 0 || codes[i] != codes[i - 1]) {
          distinct[++k] = codes[i];
        }
        counts[k]++;
      }
    }
    int best = -1;
    long bestDistance = Long.MAX_VALUE;
    if (dim.numeric) {
      long cum = 0;
      for (int j = 0; j + 1 < distinct.length; j++) {
        cum += counts[j];
        long distance = Math.abs(2 * cum - size);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = distinct[j];
        }
      }
    } else {
      // Only between children of the lowest common ancestor, so that each side stays a union of
      // whole subtrees of the hierarchy.
      int lca = dim.lowestCommonAncestor(lo, hi);
      int[] children = dim.nodeChildren[lca];
      long cum = 0;
      int j = 0;
      for (int ci = 0; ci + 1 < children.length; ci++) {
        int boundary = dim.nodeHi[children[ci]];
        while (j < distinct.length && distinct[j] <= boundary) {
          cum += counts[j++];
        }
        if (cum == 0 || cum == size) {
          continue;
        }
        long distance = Math.abs(2 * cum - size);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = boundary;
        }
      }
    }
    return best;
  }

  /** Moves rows with code ≤ cutCode to the front of the slice; returns the first right index. */
  private int split(int d, int from, int to, int cutCode) {
    int[] codes = dims[d].rowCode;
    int i = from;
    int j = to - 1;
    while (i <= j) {
      if (codes[rows[i]] <= cutCode) {
        i++;
      } else {
        int t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
        j--;
      }
    }
    return i;
  }
}
