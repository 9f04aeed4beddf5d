package io.privacity.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Builds small test Datasets of (unit, partition, value) rows. */
final class Rows {
  final List<Row> rows = new ArrayList<>();
  private final StructType schema;

  Rows(DataType unit, DataType partition, DataType value) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("unit", unit, true));
    f.add(DataTypes.createStructField("part", partition, true));
    f.add(DataTypes.createStructField("value", value, true));
    this.schema = DataTypes.createStructType(f);
  }

  /** Long units, string partitions, double values. */
  static Rows standard() {
    return new Rows(DataTypes.LongType, DataTypes.StringType, DataTypes.DoubleType);
  }

  Rows add(Object unit, Object partition, Object value) {
    rows.add(RowFactory.create(unit, partition, value));
    return this;
  }

  /** The rows, spread round-robin over this many Spark partitions. */
  Dataset<Row> dataset(int partitions) {
    return TestSpark.session().createDataFrame(rows, schema).repartition(partitions);
  }
}
