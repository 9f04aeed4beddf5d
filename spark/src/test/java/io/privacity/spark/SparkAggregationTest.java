package io.privacity.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privacity.core.random.Randomness;
import io.privacity.dp.aggregate.Accumulator;
import io.privacity.dp.aggregate.AggregationResult;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.ContributionBounds;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkAggregationTest {
  static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("unit", DataTypes.LongType, true),
              DataTypes.createStructField("district", DataTypes.StringType, true),
              DataTypes.createStructField("kwh", DataTypes.DoubleType, true)));

  static BoundedAggregation<String> spec(double epsilon) {
    return BoundedAggregation.<String>builder()
        .epsilon(epsilon)
        .delta(1e-6)
        .contributionBounds(
            ContributionBounds.builder()
                .maxPartitionsContributed(2)
                .maxContributionsPerPartition(3)
                .valueBounds(0, 5)
                .build())
        .count()
        .sum()
        .mean()
        .randomness(Randomness.insecureSeeded(1))
        .build();
  }

  @Test
  void smoke() {
    List<Row> rows = new ArrayList<>();
    for (long u = 0; u < 200; u++) {
      rows.add(RowFactory.create(u, "d" + (u % 3), 1.5));
      rows.add(RowFactory.create(u, "d" + (u % 3), 2.5));
    }
    Dataset<Row> in = TestSpark.session().createDataFrame(rows, SCHEMA).repartition(3);
    Dataset<Row> out = SparkAggregation.of(spec(1e6)).release(in, "unit", "district", "kwh");
    out.show();
    BoundedAggregation<String> local = spec(1e6);
    Accumulator<String> acc = local.newAccumulator();
    for (Row r : rows) {
      acc.add(r.getLong(0), r.getString(1), r.getDouble(2));
    }
    AggregationResult<String> res = local.release(acc);
    for (Row r : out.collectAsList()) {
      assertEquals(res.get(r.getString(0)).count().value(), r.getLong(1));
      assertEquals(res.get(r.getString(0)).sum().value(), r.getDouble(4));
    }
  }
}
