package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Column;
import io.privacity.anonymize.data.ColumnType;
import io.privacity.anonymize.data.Table;
import io.privacity.core.internal.Checks;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

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
 * differential privacy: a different record can change every cluster. Proof sketch: {@code
 * docs/proofs/mondrian-mdav.md}.
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

  /**
   * Microaggregates numeric columns of a table: the listed columns are replaced by their cluster
   * means (type {@link ColumnType#DECIMAL}, 12 significant digits); every other column is kept as
   * it is. Rows stay in input order; none is suppressed.
   *
   * <p><b>Warning:</b> columns not listed are published unchanged: drop direct identifiers first,
   * and list every numeric quasi-identifier.
   *
   * @param table the input, with at least k rows
   * @param columns the numeric quasi-identifiers (INTEGER or DECIMAL columns, or STRING columns
   *     whose values are all numbers), at least one, no repeats
   * @return the result; {@link MdavResult#table()} holds the published table
   * @throws IllegalArgumentException if a column is unknown (the message names it), repeated, a
   *     date column, or holds a value that is not a finite number (the message names column, row
   *     and value), or the table has fewer than k rows
   */
  public MdavResult microaggregate(Table table, List<String> columns) {
    Checks.notNull("table", table);
    Checks.nonEmpty("columns", columns);
    if (new HashSet<>(columns).size() != columns.size()) {
      throw new IllegalArgumentException("columns must not repeat, got " + columns);
    }
    int n = table.rowCount();
    if (n < k) {
      throw new IllegalArgumentException("table must have at least k = " + k + " rows, got " + n);
    }
    double[][] records = new double[n][columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      Column c = table.column(columns.get(j));
      if (c.type() == ColumnType.DATE || c.type() == ColumnType.DATE_TIME) {
        throw new IllegalArgumentException(
            "column '" + c.name() + "' is a " + c.type() + " column; MDAV needs numbers");
      }
      double[] byCode = new double[c.cardinality()];
      for (int code = 0; code < byCode.length; code++) {
        byCode[code] = number(c, code);
      }
      for (int r = 0; r < n; r++) {
        double v = byCode[c.code(r)];
        if (Double.isNaN(v)) {
          throw new IllegalArgumentException(
              "column '"
                  + c.name()
                  + "' row "
                  + (r + 1)
                  + ": \""
                  + c.value(r)
                  + "\" is not a finite number");
        }
        records[r][j] = v;
      }
    }
    MdavResult arrays = microaggregate(records);
    double[][] centroids = arrays.centroids();
    int[] clusterOf = arrays.clusterOf();
    Table out = table;
    for (int j = 0; j < columns.size(); j++) {
      List<String> dictionary = new ArrayList<>();
      for (double[] centroid : centroids) {
        dictionary.add(format(centroid[j]));
      }
      // Equal texts (two clusters with equal means) share a code, as Column.ofCodes requires.
      Map<String, Integer> codeOfText = new HashMap<>();
      int[] remap = new int[dictionary.size()];
      List<String> distinct = new ArrayList<>();
      for (int c = 0; c < dictionary.size(); c++) {
        Integer code = codeOfText.putIfAbsent(dictionary.get(c), distinct.size());
        if (code == null) {
          code = distinct.size();
          distinct.add(dictionary.get(c));
        }
        remap[c] = code;
      }
      int[] codes = new int[n];
      for (int r = 0; r < n; r++) {
        codes[r] = remap[clusterOf[r]];
      }
      out = out.withColumn(Column.ofCodes(columns.get(j), ColumnType.DECIMAL, distinct, codes));
    }
    return arrays.withTable(out);
  }

  private static double number(Column c, int code) {
    double v;
    if (c.type() == ColumnType.STRING) {
      try {
        v = new BigDecimal(c.dictionaryValue(code).trim()).doubleValue();
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    } else {
      v = c.number(code);
    }
    return Double.isFinite(v) ? v : Double.NaN;
  }

  /** A mean with 12 significant digits, without exponent or trailing zeros. */
  static String format(double mean) {
    if (mean == 0) {
      return "0";
    }
    return new BigDecimal(mean).round(new MathContext(12)).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return "Mdav[k=" + k + "]";
  }
}
