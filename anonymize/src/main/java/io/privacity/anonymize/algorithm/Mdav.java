package io.privacity.anonymize.algorithm;

import io.privacity.core.internal.Checks;

/**
 * MDAV microaggregation of numeric quasi-identifiers: records are grouped into clusters of at least
 * {@code k} similar records and every record's quasi-identifiers are replaced by its cluster's
 * mean.
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>k-anonymity with respect to the aggregated attributes, by construction: every cluster has
 * between {@code k} and {@code 2k − 1} records and all records of a cluster publish the same vector
 * (clusters with equal means merge into a larger class). Nothing is suppressed. It is not
 * differential privacy: a different record can change every cluster.
 *
 * <h2>Utility</h2>
 *
 * <p>Each attribute's overall mean is preserved exactly (up to floating-point rounding), since the
 * cluster means replace the values. {@link MdavResult#informationLoss()} reports SSE/SST, the
 * within-cluster share of the total variance of the standardized attributes (0 = nothing lost).
 *
 * <h2>Caller obligations</h2>
 *
 * <p>Only the quasi-identifiers passed in are protected. Sensitive attributes are released as they
 * are: a cluster whose records share one sensitive value discloses it (use ℓ-diversity or
 * t-closeness with Mondrian or the optimal search when that matters).
 *
 * <p>Algorithm: Domingo-Ferrer, J. and Mateo-Sanz, J. M., "Practical data-oriented microaggregation
 * for statistical disclosure control", IEEE TKDE 14(1), 2002; the MDAV variant as in Domingo-Ferrer
 * and Torra, "Ordinal, continuous and heterogeneous k-anonymity through microaggregation", DMKD
 * 11(2), 2005. Cost O(n² d / k): meant for up to some 10⁵ records.
 *
 * <p>Immutable and thread-safe.
 */
public final class Mdav {
  private final int k;

  private Mdav(int k) {
    this.k = k;
  }

  /**
   * MDAV with minimum cluster size {@code k}.
   *
   * @param k the minimum cluster size, in [2, 2^31 − 1]
   * @return the algorithm
   * @throws IllegalArgumentException if {@code k < 2}
   */
  public static Mdav withK(int k) {
    Checks.inRange("k", k, 2, Integer.MAX_VALUE);
    return new Mdav(k);
  }

  /**
   * The minimum cluster size.
   *
   * @return k
   */
  public int k() {
    return k;
  }

  /**
   * Microaggregates numeric records.
   *
   * @param records n × d values (rows are records, columns attributes): rectangular, finite, with n
   *     ≥ k and d ≥ 1; not modified
   * @return the clusters, their means and the aggregated records
   * @throws IllegalArgumentException if {@code records} is null, empty, ragged, has fewer than k
   *     rows, or holds a NaN or infinite value (the message names the row and column)
   */
  public MdavResult microaggregate(double[][] records) {
    Checks.notNull("records", records);
    if (records.length < k) {
      throw new IllegalArgumentException(
          "records must have at least k = " + k + " rows, got " + records.length);
    }
    Checks.notNull("records[0]", records[0]);
    int d = records[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("records must have at least 1 column, got 0");
    }
    for (int i = 0; i < records.length; i++) {
      double[] rec = records[i];
      if (rec == null || rec.length != d) {
        throw new IllegalArgumentException(
            "records must be rectangular: row "
                + i
                + " has "
                + (rec == null ? "null" : rec.length + " values")
                + ", row 0 has "
                + d);
      }
      for (int j = 0; j < d; j++) {
        if (!Double.isFinite(rec[j])) {
          throw new IllegalArgumentException(
              "records[" + i + "][" + j + "] must be finite, got " + rec[j]);
        }
      }
    }
    int[] clusterOf = MdavClustering.cluster(records, k);
    return MdavResult.of(k, records, clusterOf);
  }

  @Override
  public String toString() {
    return "Mdav[k=" + k + "]";
  }
}
