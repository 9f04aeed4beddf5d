package io.privacity.spark.internal;

import io.privacity.dp.aggregate.ReleaseKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The release's Spark plan up to the exact, bounded per-partition states: stage 1 ({@link
 * MapSideCombiner}) on the input's partitions, a shuffle by unit, stage 2 ({@link UnitBounder}), a
 * shuffle by partition key merged by Spark's aggregation ({@link StateMerge}), with the public
 * partitions' zero states joined in there. Both shuffles use the {@link ShuffleSerializer}.
 */
public final class Stages {
  private Stages() {}

  /**
   * The exact bounded states by partition key (lazy: nothing runs until an action).
   *
   * @param input the user's Dataset
   * @param columns its checked columns
   * @param kernel the aggregation's kernel
   * @param key the release key
   * @param publicKeys the public partitions (the total key when ungrouped), or null
   * @return an RDD of (partition key, long[] state)
   */
  public static JavaRDD<Tuple2<Object, Object>> boundedStates(
      Dataset<Row> input,
      InputColumns columns,
      ReleaseKernel kernel,
      ReleaseKey key,
      Set<Object> publicKeys) {
    List<Column> cols = new ArrayList<>();
    cols.add(column(columns.unitName()));
    if (columns.partitionName() != null) {
      cols.add(column(columns.partitionName()));
    }
    if (columns.valueName() != null) {
      cols.add(column(columns.valueName()));
    }
    Dataset<Row> projected = input.select(cols.toArray(new Column[0]));
    if (!(projected instanceof org.apache.spark.sql.classic.Dataset)) {
      throw new IllegalArgumentException(
          "input must be a Dataset of a classic SparkSession (Spark Connect is not supported):"
              + " got "
              + projected.getClass().getName());
    }
    RDD<InternalRow> rows =
        ((org.apache.spark.sql.classic.Dataset<Row>) projected).queryExecution().toRdd();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(input.sparkSession().sparkContext());
    int unitPartitions = Math.max(rows.getNumPartitions(), sc.defaultParallelism());
    int keyPartitions = Math.max(1, sc.defaultParallelism());

    JavaRDD<Tuple2<Object, Object>> partials =
        rows.toJavaRDD()
            .mapPartitionsWithIndex(new MapSideCombiner(columns, kernel, key, publicKeys), false);
    ShuffledRDD<Object, Object, Object> byUnit =
        new ShuffledRDD<>(partials.rdd(), new KeyPartitioner(unitPartitions), ANY, ANY, ANY);
    byUnit.setSerializer(new ShuffleSerializer());
    JavaRDD<Tuple2<Object, Object>> contributions =
        byUnit.toJavaRDD().mapPartitionsWithIndex(new UnitBounder(kernel, key), false);
    if (publicKeys != null) {
      List<Tuple2<Object, Object>> zeros = new ArrayList<>(publicKeys.size());
      for (Object k : publicKeys) {
        zeros.add(new Tuple2<>(k, kernel.newState()));
      }
      contributions = contributions.union(sc.parallelize(zeros, keyPartitions));
    }
    ShuffledRDD<Object, Object, Object> byKey =
        new ShuffledRDD<>(contributions.rdd(), new KeyPartitioner(keyPartitions), ANY, ANY, ANY);
    byKey.setSerializer(new ShuffleSerializer());
    byKey.setAggregator(StateMerge.aggregator(kernel));
    byKey.setMapSideCombine(false);
    return byKey.toJavaRDD();
  }

  private static Column column(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  @SuppressWarnings("unchecked")
  private static final ClassTag<Object> ANY =
      (ClassTag<Object>) (ClassTag<?>) ClassTag$.MODULE$.AnyRef();

  /**
   * Hash partitioning by key, the same on every JVM (Spark's HashPartitioner would use an enum's
   * identity hash code).
   */
  static final class KeyPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    KeyPartitioner(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      long h = key instanceof Long ? (Long) key : key == TotalKey.INSTANCE ? 0 : key.hashCode();
      return Math.floorMod(LongIntMap.mix(h), partitions);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KeyPartitioner && ((KeyPartitioner) o).partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }
}
