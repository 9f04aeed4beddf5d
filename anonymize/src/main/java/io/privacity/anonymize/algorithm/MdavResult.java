package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Table;
import io.privacity.core.internal.Checks;

/**
 * The outcome of {@link Mdav#microaggregate(double[][])} or {@link Mdav#microaggregate(Table,
 * java.util.List)}: which cluster each record joined, the cluster means, the aggregated records and
 * the information loss. Immutable; accessors return copies.
 */
public final class MdavResult {
  private final int k;
  private final int[] clusterOf;
  private final double[][] centroids;
  private final int[] sizes;
  private final double informationLoss;
  private final Table table;

  private MdavResult(
      int k,
      int[] clusterOf,
      double[][] centroids,
      int[] sizes,
      double informationLoss,
      Table table) {
    this.k = k;
    this.clusterOf = clusterOf;
    this.centroids = centroids;
    this.sizes = sizes;
    this.informationLoss = informationLoss;
    this.table = table;
  }

  MdavResult withTable(Table table) {
    return new MdavResult(k, clusterOf, centroids, sizes, informationLoss, table);
  }

  /**
   * The published table, for a result of {@link Mdav#microaggregate(Table, java.util.List)}.
   *
   * @return the table with the aggregated columns replaced
   * @throws IllegalStateException if the result came from {@link Mdav#microaggregate(double[][])}
   */
  public Table table() {
    Checks.state(table != null, "this result was computed from an array, not a table");
    return table;
  }

  static MdavResult of(int k, double[][] records, int[] clusterOf) {
    int n = records.length;
    int d = records[0].length;
    int clusters = 0;
    for (int c : clusterOf) {
      clusters = Math.max(clusters, c + 1);
    }
    double[][] sum = new double[clusters][d];
    int[] sizes = new int[clusters];
    for (int i = 0; i < n; i++) {
      sizes[clusterOf[i]]++;
      for (int j = 0; j < d; j++) {
        sum[clusterOf[i]][j] += records[i][j];
      }
    }
    for (int c = 0; c < clusters; c++) {
      for (int j = 0; j < d; j++) {
        sum[c][j] /= sizes[c];
      }
    }
    // SSE/SST on standardized attributes, so that each attribute weighs the same.
    double[][] z = MdavClustering.standardize(records);
    double[][] zMean = new double[clusters][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        zMean[clusterOf[i]][j] += z[i][j] / sizes[clusterOf[i]];
      }
    }
    double sse = 0;
    double sst = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double e = z[i][j] - zMean[clusterOf[i]][j];
        sse += e * e;
        sst += z[i][j] * z[i][j]; // z-scores have mean 0
      }
    }
    double loss = sst > 0 ? Math.min(1, sse / sst) : 0;
    return new MdavResult(k, clusterOf, sum, sizes, loss, null);
  }

  /**
   * The minimum cluster size the run used.
   *
   * @return k
   */
  public int k() {
    return k;
  }

  /**
   * The number of clusters.
   *
   * @return the cluster count
   */
  public int clusterCount() {
    return sizes.length;
  }

  /**
   * Per record (in input order), the number of its cluster.
   *
   * @return a copy of the assignment, values in [0, {@link #clusterCount()})
   */
  public int[] clusterOf() {
    return clusterOf.clone();
  }

  /**
   * The cluster sizes, each in [k, 2k − 1].
   *
   * @return a copy, indexed by cluster number
   */
  public int[] clusterSizes() {
    return sizes.clone();
  }

  /**
   * The mean of each cluster, in the input's units.
   *
   * @return a copy, {@code clusterCount × d}
   */
  public double[][] centroids() {
    double[][] out = new double[centroids.length][];
    for (int c = 0; c < out.length; c++) {
      out[c] = centroids[c].clone();
    }
    return out;
  }

  /**
   * The aggregated records: each record replaced by its cluster's mean.
   *
   * @return a new {@code n × d} array
   */
  public double[][] aggregated() {
    double[][] out = new double[clusterOf.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = centroids[clusterOf[i]].clone();
    }
    return out;
  }

  /**
   * The information loss SSE/SST in [0, 1]: the within-cluster sum of squares of the standardized
   * attributes over their total sum of squares (Domingo-Ferrer and Mateo-Sanz 2002).
   *
   * @return the loss; 0 if every attribute is constant
   */
  public double informationLoss() {
    return informationLoss;
  }

  @Override
  public String toString() {
    return "MdavResult[k="
        + k
        + ", records="
        + clusterOf.length
        + ", clusters="
        + sizes.length
        + ", informationLoss="
        + informationLoss
        + "]";
  }
}
