package io.privacity.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.dp.aggregate.BoundedAggregation;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets an IllegalArgumentException naming the column, before anything is charged or
 * ledgered, and the spec stays releasable.
 */
class SparkAggregationInputTest {
  private final PrivacyAccountant budget =
      PrivacyAccountant.withBudget(PrivacyLoss.approximate(10, 1e-3));
  private final TransparencyLedger ledger = TransparencyLedger.inMemory();

  private BoundedAggregation<String> spec(
      Function<BoundedAggregation.Builder<String>, BoundedAggregation.Builder<String>> stats) {
    return stats
        .apply(
            BoundedAggregation.<String>builder()
                .epsilon(1)
                .delta(1e-6)
                .contributionBounds(Specs.bounds(2, 2))
                .accountant(budget)
                .ledger(ledger))
        .build();
  }

  private static Dataset<Row> good() {
    Rows r = Rows.standard();
    for (long u = 0; u < 20; u++) {
      r.add(u, "p" + (u % 2), 1.0);
    }
    return r.dataset(2);
  }

  /** Asserts the error names the column, nothing was spent, and the spec still releases. */
  private void refused(
      BoundedAggregation<String> spec,
      Dataset<Row> in,
      String unit,
      String part,
      String value,
      String... mentions) {
    int charges = budget.charges().size();
    int entries = ledger.entries().size();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkAggregation.of(spec).release(in, unit, part, value));
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), "'" + m + "' in: " + e.getMessage());
    }
    assertEquals(charges, budget.charges().size(), "nothing charged");
    assertEquals(entries, ledger.entries().size(), "nothing ledgered");
    Dataset<Row> out = SparkAggregation.of(spec).release(good(), "unit", "part", "value");
    assertTrue(out.count() >= 0);
    assertEquals(charges + 1, budget.charges().size(), "the spec was still releasable, once");
  }

  @Test
  void missing_columns_are_named() {
    refused(
        spec(b -> b.sum()),
        good(),
        "household",
        "part",
        "value",
        "unitColumn",
        "\"household\"",
        "[unit, part, value]");
    refused(
        spec(b -> b.sum()), good(), "unit", "district", "value", "partitionColumn", "\"district\"");
    refused(spec(b -> b.sum()), good(), "unit", "part", "kwh", "valueColumn", "\"kwh\"");
    refused(spec(b -> b.sum()), good(), "UNIT", "part", "value", "did you mean \"unit\"");
  }

  @Test
  void columns_of_the_wrong_type_are_named_with_their_type() {
    refused(
        spec(b -> b.sum()),
        typed(DataTypes.DoubleType, DataTypes.StringType, DataTypes.DoubleType, 1.5, "p", 1.0),
        "unit",
        "part",
        "value",
        "unitColumn \"unit\"",
        "double");
    refused(
        spec(b -> b.sum()),
        typed(DataTypes.LongType, DataTypes.DoubleType, DataTypes.DoubleType, 1L, 2.5, 1.0),
        "unit",
        "part",
        "value",
        "partitionColumn \"part\"",
        "double");
    refused(
        spec(b -> b.sum()),
        typed(DataTypes.LongType, DataTypes.StringType, DataTypes.StringType, 1L, "p", "1.0"),
        "unit",
        "part",
        "value",
        "valueColumn \"value\"",
        "string");
  }

  @Test
  void nulls_and_non_finite_values_are_named_before_the_charge() {
    refused(
        spec(b -> b.sum()),
        good().union(Rows.standard().add(null, "p0", 1.0).dataset(1)),
        "unit",
        "part",
        "value",
        "unitColumn \"unit\"",
        "null");
    refused(
        spec(b -> b.sum()),
        good().union(Rows.standard().add(3L, null, 1.0).dataset(1)),
        "unit",
        "part",
        "value",
        "partitionColumn \"part\"",
        "null");
    refused(
        spec(b -> b.sum()),
        good().union(Rows.standard().add(3L, "p0", null).dataset(1)),
        "unit",
        "part",
        "value",
        "valueColumn \"value\"",
        "null");
    refused(
        spec(b -> b.sum()),
        good().union(Rows.standard().add(3L, "p0", Double.NaN).dataset(1)),
        "unit",
        "part",
        "value",
        "valueColumn \"value\"",
        "NaN");
    refused(
        spec(b -> b.count()),
        good().union(Rows.standard().add(3L, "p0", Double.POSITIVE_INFINITY).dataset(1)),
        "unit",
        "part",
        "value",
        "valueColumn \"value\"",
        "Infinity");
  }

  @Test
  void roles_that_do_not_fit_the_spec_are_refused() {
    refused(spec(b -> b.sum()), good(), "unit", "part", null, "valueColumn must name");
    refused(spec(b -> b.count()), good(), "unit", null, null, "partitionColumn must name");
    refused(spec(b -> b.count()), good(), null, "part", null, "unitColumn");
    BoundedAggregation<String> ints = spec(b -> b.count().publicPartitions(List.of("p0", "p1")));
    Dataset<Row> intKeys =
        typed(DataTypes.LongType, DataTypes.IntegerType, DataTypes.DoubleType, 1L, 1, 1.0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkAggregation.of(ints).release(intKeys, "unit", "part", null));
    assertTrue(e.getMessage().contains("partitionColumn \"part\" has type int"), e.getMessage());
  }

  private static Dataset<Row> typed(
      DataType u, DataType p, DataType v, Object a, Object b, Object c) {
    return new Rows(u, p, v).add(a, b, c).dataset(1);
  }
}
