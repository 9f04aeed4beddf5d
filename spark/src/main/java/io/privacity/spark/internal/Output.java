package io.privacity.spark.internal;

import io.privacity.dp.aggregate.DpValue;
import io.privacity.dp.aggregate.PartitionResult;
import io.privacity.dp.aggregate.ReleaseKernel;
import io.privacity.dp.mechanism.ConfidenceInterval;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The released Dataset's columns — the partition column under its input name (unless ungrouped),
 * then {@code count}, {@code sum}, {@code mean}, {@code variance} and {@code q<rank>} for the
 * statistics the aggregation releases, each followed by {@code <stat>_ci_low} and {@code
 * <stat>_ci_high} where it has a confidence interval — and how a released partition becomes a row.
 */
public final class Output implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String partitionName;
  private final DataType partitionType;
  private final boolean count;
  private final boolean sum;
  private final boolean mean;
  private final boolean variance;
  private final int quantiles;
  private final StructType schema;

  /**
   * The output of a release.
   *
   * @param columns the input columns
   * @param kernel the aggregation's kernel
   */
  public Output(InputColumns columns, ReleaseKernel kernel) {
    this.partitionName = columns.partitionName();
    this.partitionType = columns.partitionType();
    this.count = kernel.releasesCount();
    this.sum = kernel.releasesSum();
    this.mean = kernel.releasesMean();
    this.variance = kernel.releasesVariance();
    this.quantiles = kernel.ranks().size();
    List<StructField> f = new ArrayList<>();
    if (partitionName != null) {
      f.add(DataTypes.createStructField(partitionName, partitionType, false));
    }
    if (count) {
      withInterval(f, "count", DataTypes.LongType);
    }
    if (sum) {
      withInterval(f, "sum", DataTypes.DoubleType);
    }
    if (mean) {
      withInterval(f, "mean", DataTypes.DoubleType);
    }
    if (variance) {
      withInterval(f, "variance", DataTypes.DoubleType);
    }
    for (double r : kernel.ranks()) {
      f.add(DataTypes.createStructField(quantileColumn(r), DataTypes.DoubleType, false));
    }
    this.schema = DataTypes.createStructType(f);
  }

  /**
   * The column name of a quantile: {@code q} and the rank without trailing zeros ({@code q0.5},
   * {@code q0.99}, {@code q1}). The name holds a dot: quote it in Spark SQL ({@code `q0.5`}).
   *
   * @param rank the rank
   * @return the column name
   */
  public static String quantileColumn(double rank) {
    return "q" + BigDecimal.valueOf(rank).stripTrailingZeros().toPlainString();
  }

  private static void withInterval(List<StructField> f, String name, DataType t) {
    f.add(DataTypes.createStructField(name, t, false));
    f.add(DataTypes.createStructField(name + "_ci_low", t, false));
    f.add(DataTypes.createStructField(name + "_ci_high", t, false));
  }

  /**
   * The released Dataset's schema.
   *
   * @return the schema
   */
  public StructType schema() {
    return schema;
  }

  Row row(Object key, PartitionResult<?> r) {
    Object[] v = new Object[schema.size()];
    int i = 0;
    if (partitionName != null) {
      v[i++] = key;
    }
    if (count) {
      ConfidenceInterval ci = r.count().interval();
      v[i++] = r.count().value();
      v[i++] = (long) ci.lower();
      v[i++] = (long) ci.upper();
    }
    if (sum) {
      i = put(v, i, r.sum());
    }
    if (mean) {
      i = put(v, i, r.mean());
    }
    if (variance) {
      i = put(v, i, r.variance());
    }
    for (int q = 0; q < quantiles; q++) {
      v[i++] = r.quantiles().get(q).value();
    }
    return RowFactory.create(v);
  }

  private static int put(Object[] v, int i, DpValue d) {
    v[i] = d.value();
    v[i + 1] = d.interval().lower();
    v[i + 2] = d.interval().upper();
    return i + 3;
  }
}
