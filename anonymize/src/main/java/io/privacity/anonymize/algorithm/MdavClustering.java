package io.privacity.anonymize.algorithm;

/**
 * The MDAV (maximum distance to average vector) fixed-size microaggregation heuristic of
 * Domingo-Ferrer and Mateo-Sanz (IEEE TKDE 14(1), 2002), on standardized numeric records.
 *
 * <pre>
 * while at least 3k records remain:
 *   x̄ = centroid of the remaining records
 *   r = the record farthest from x̄;  s = the record farthest from r
 *   form a cluster of r and its k − 1 nearest remaining records; remove them
 *   form a cluster of s and its k − 1 nearest remaining records; remove them
 * if at least 2k remain:
 *   r = the record farthest from the centroid; form a cluster of r and its k − 1 nearest; remove
 * the remaining records (between k and 2k − 1 of them) form the last cluster
 * </pre>
 *
 * <p>Every cluster has between k and 2k − 1 records. Distances are squared Euclidean on z-scores
 * (each attribute centred and divided by its population standard deviation; a constant attribute is
 * left as is), so that attributes in large units do not dominate. Cost: O(n² d / k).
 */
final class MdavClustering {
  private MdavClustering() {}

  /**
   * Clusters records.
   *
   * @param records n × d finite values, n ≥ k (validated by the caller)
   * @param k the minimum cluster size, ≥ 1
   * @return per record, its cluster number (0, 1, … in order of formation)
   */
  static int[] cluster(double[][] records, int k) {
    int n = records.length;
    int d = records[0].length;
    double[][] z = standardize(records);
    int[] alive = new int[n];
    for (int i = 0; i < n; i++) {
      alive[i] = i;
    }
    double[] dist = new double[n];
    int[] clusterOf = new int[n];
    int start = 0;
    int clusters = 0;
    double[] centre = new double[d];
    while (n - start >= 3 * k) {
      centroid(z, alive, start, n, centre);
      int r = farthest(z, alive, start, n, centre);
      double[] xr = z[r].clone();
      int s = farthest(z, alive, start, n, xr);
      double[] xs = z[s].clone();
      start = takeNearest(z, alive, dist, start, n, xr, k, clusterOf, clusters++);
      start = takeNearest(z, alive, dist, start, n, xs, k, clusterOf, clusters++);
    }
    if (n - start >= 2 * k) {
      centroid(z, alive, start, n, centre);
      int r = farthest(z, alive, start, n, centre);
      start = takeNearest(z, alive, dist, start, n, z[r].clone(), k, clusterOf, clusters++);
    }
    for (int i = start; i < n; i++) {
      clusterOf[alive[i]] = clusters;
    }
    return clusterOf;
  }

  static double[][] standardize(double[][] records) {
    int n = records.length;
    int d = records[0].length;
    double[][] z = new double[n][d];
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (double[] rec : records) {
        mean += rec[j];
      }
      mean /= n;
      double ss = 0;
      for (double[] rec : records) {
        double e = rec[j] - mean;
        ss += e * e;
      }
      double sd = Math.sqrt(ss / n);
      double scale = sd > 0 ? 1 / sd : 1;
      for (int i = 0; i < n; i++) {
        z[i][j] = (records[i][j] - mean) * scale;
      }
    }
    return z;
  }

  private static void centroid(double[][] z, int[] alive, int from, int to, double[] out) {
    java.util.Arrays.fill(out, 0);
    for (int i = from; i < to; i++) {
      double[] x = z[alive[i]];
      for (int j = 0; j < out.length; j++) {
        out[j] += x[j];
      }
    }
    for (int j = 0; j < out.length; j++) {
      out[j] /= to - from;
    }
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double e = a[j] - b[j];
      s += e * e;
    }
    return s;
  }

  private static int farthest(double[][] z, int[] alive, int from, int to, double[] point) {
    int best = alive[from];
    double bestDistance = -1;
    for (int i = from; i < to; i++) {
      double dd = distance(z[alive[i]], point);
      if (dd > bestDistance) {
        bestDistance = dd;
        best = alive[i];
      }
    }
    return best;
  }

  /**
   * Moves the k records of alive[from..to) nearest to {@code point} to alive[from..from+k), labels
   * them and returns from + k.
   */
  private static int takeNearest(
      double[][] z,
      int[] alive,
      double[] dist,
      int from,
      int to,
      double[] point,
      int k,
      int[] clusterOf,
      int label) {
    for (int i = from; i < to; i++) {
      dist[i] = distance(z[alive[i]], point);
    }
    select(alive, dist, from, to - 1, from + k - 1);
    for (int i = from; i < from + k; i++) {
      clusterOf[alive[i]] = label;
    }
    return from + k;
  }

  /**
   * Quickselect (Hoare partition, median-of-three pivot): afterwards position {@code kth} holds the
   * element it would hold if sorted by distance, with no larger element before it.
   */
  private static void select(int[] ids, double[] dist, int lo, int hi, int kth) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      double a = dist[lo];
      double b = dist[mid];
      double c = dist[hi];
      double pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (dist[i] < pivot) {
          i++;
        }
        while (dist[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = dist[i];
          dist[i] = dist[j];
          dist[j] = t;
          int u = ids[i];
          ids[i] = ids[j];
          ids[j] = u;
          i++;
          j--;
        }
      }
      if (kth <= j) {
        hi = j;
      } else if (kth >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }
}
