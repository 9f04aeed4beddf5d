package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.data.ColumnType;
import io.privacity.anonymize.data.Table;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MdavTest {

  @Test
  void twoObviousGroups_areFound() {
    double[][] records = {{1, 1}, {1.1, 0.9}, {0.9, 1.2}, {10, 10}, {10.2, 9.9}, {9.8, 10.1}};
    MdavResult r = Mdav.withK(3).microaggregate(records);
    assertEquals(2, r.clusterCount());
    int[] c = r.clusterOf();
    assertEquals(c[0], c[1]);
    assertEquals(c[0], c[2]);
    assertEquals(c[3], c[4]);
    assertEquals(c[3], c[5]);
    assertTrue(c[0] != c[3]);
    double[][] centroids = r.centroids();
    assertArrayEquals(new double[] {1.0, 31 / 30.0}, centroids[c[0]], 1e-12);
    assertArrayEquals(new double[] {10.0, 10.0}, centroids[c[3]], 1e-12);
    assertTrue(r.informationLoss() < 0.01, "loss " + r.informationLoss());
  }

  @Test
  void exactlyKRecords_formOneCluster() {
    double[][] records = {{1}, {2}, {3}};
    MdavResult r = Mdav.withK(3).microaggregate(records);
    assertEquals(1, r.clusterCount());
    assertArrayEquals(new double[] {2}, r.aggregated()[0], 0);
    assertEquals(1.0, r.informationLoss(), 1e-12);
  }

  @Test
  void clusterSizes_areBetweenKAnd2kMinus1() {
    double[][] records = new double[103][2];
    for (int i = 0; i < records.length; i++) {
      records[i][0] = (i * 37) % 101;
      records[i][1] = (i * 13) % 17;
    }
    MdavResult r = Mdav.withK(5).microaggregate(records);
    for (int s : r.clusterSizes()) {
      assertTrue(s >= 5 && s <= 9, "size " + s);
    }
    assertEquals(103, Arrays.stream(r.clusterSizes()).sum());
  }

  @Test
  void constantAttributes_haveZeroLoss() {
    double[][] records = {{4, 4}, {4, 4}, {4, 4}, {4, 4}};
    MdavResult r = Mdav.withK(2).microaggregate(records);
    assertEquals(0.0, r.informationLoss());
    assertEquals(2, r.clusterCount());
  }

  @Test
  void input_isNotModified_andResultsAreCopies() {
    double[][] records = {{1}, {2}, {3}, {4}};
    double[][] copy = {{1}, {2}, {3}, {4}};
    MdavResult r = Mdav.withK(2).microaggregate(records);
    assertArrayEquals(copy, records);
    r.centroids()[0][0] = 99;
    r.clusterOf()[0] = 99;
    assertTrue(r.centroids()[0][0] != 99);
    assertTrue(r.clusterOf()[0] != 99);
    assertTrue(r.toString().contains("clusters=2"));
    assertEquals(2, r.k());
    assertEquals(2, Mdav.withK(2).k());
  }

  private static Table people() {
    Table.Builder b = Table.builder("name", "age", "income");
    int[] ages = {23, 25, 27, 31, 35, 36, 52, 55, 58, 61};
    for (int i = 0; i < ages.length; i++) {
      b.addRow("p" + i, Integer.toString(ages[i]), Integer.toString(1000 * (i % 4) + 20_000));
    }
    return b.type("age", ColumnType.INTEGER).build();
  }

  @Test
  void table_aggregatedColumnsAreKAnonymous_othersKept() {
    Table in = people();
    MdavResult r = Mdav.withK(3).microaggregate(in, List.of("age", "income"));
    Table out = r.table();
    assertEquals(in.columnNames(), out.columnNames());
    assertEquals(ColumnType.DECIMAL, out.column("age").type());
    assertNull(IndependentAnonymityCheck.kViolation(out, List.of("age", "income"), 3));
    for (int row = 0; row < in.rowCount(); row++) {
      assertEquals(in.value(row, "name"), out.value(row, "name"));
    }
    double meanIn = 0;
    double meanOut = 0;
    for (int row = 0; row < in.rowCount(); row++) {
      meanIn += Double.parseDouble(in.value(row, "age"));
      meanOut += Double.parseDouble(out.value(row, "age"));
    }
    assertEquals(meanIn, meanOut, 1e-6);
  }

  @Test
  void format_roundsTo12SignificantDigits() {
    assertEquals("0.333333333333", Mdav.format(1.0 / 3));
    assertEquals("40", Mdav.format(40.0));
    assertEquals("0", Mdav.format(0.0));
    assertEquals("-2.5", Mdav.format(-2.5));
    assertEquals("123456789012", Mdav.format(123456789012.4));
  }

  @Test
  void table_fromArrays_throws() {
    MdavResult r = Mdav.withK(2).microaggregate(new double[][] {{1}, {2}});
    assertThrows(IllegalStateException.class, r::table);
  }

  @Test
  void table_nonNumericColumn_throwsNamingRowAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Mdav.withK(2).microaggregate(people(), List.of("name")));
    assertEquals("column 'name' row 1: \"p0\" is not a finite number", e.getMessage());
  }

  @Test
  void table_unknownColumn_throwsNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Mdav.withK(2).microaggregate(people(), List.of("height")));
    assertTrue(e.getMessage().contains("'height'"), e.getMessage());
  }

  @Test
  void table_badArguments_throw() {
    assertThrows(
        IllegalArgumentException.class, () -> Mdav.withK(2).microaggregate(null, List.of("age")));
    assertThrows(
        IllegalArgumentException.class, () -> Mdav.withK(2).microaggregate(people(), List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Mdav.withK(2).microaggregate(people(), List.of("age", "age")));
    assertThrows(
        IllegalArgumentException.class,
        () -> Mdav.withK(11).microaggregate(people(), List.of("age")));
    Table dates =
        Table.builder("d")
            .type("d", ColumnType.DATE)
            .addRow("2014-01-01")
            .addRow("2014-01-02")
            .build();
    assertThrows(
        IllegalArgumentException.class, () -> Mdav.withK(2).microaggregate(dates, List.of("d")));
  }

  // ---- bad input, enumerated ----

  @ParameterizedTest(name = "k = {0} throws")
  @ValueSource(ints = {1, 0, -1, Integer.MIN_VALUE})
  void k_belowTwo_throws(int k) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mdav.withK(k));
    assertEquals("k must be in [2, 2147483647], got " + k, e.getMessage());
  }

  @ParameterizedTest(name = "value {0} throws")
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void nonFiniteValue_throwsNamingThePosition(double bad) {
    double[][] records = {{1, 2}, {3, 4}, {5, bad}};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Mdav.withK(2).microaggregate(records));
    assertEquals("records[2][1] must be finite, got " + bad, e.getMessage());
  }

  @Test
  void null_throws() {
    assertThrows(IllegalArgumentException.class, () -> Mdav.withK(2).microaggregate(null));
  }

  @Test
  void fewerRowsThanK_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Mdav.withK(3).microaggregate(new double[][] {{1}, {2}}));
    assertEquals("records must have at least k = 3 rows, got 2", e.getMessage());
  }

  @Test
  void empty_throws() {
    assertThrows(
        IllegalArgumentException.class, () -> Mdav.withK(2).microaggregate(new double[0][]));
  }

  @Test
  void noColumns_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Mdav.withK(2).microaggregate(new double[][] {{}, {}}));
  }

  @Test
  void ragged_throwsNamingTheRow() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Mdav.withK(2).microaggregate(new double[][] {{1, 2}, {3}, {4, 5}}));
    assertEquals("records must be rectangular: row 1 has 1 values, row 0 has 2", e.getMessage());
  }

  @Test
  void nullRow_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Mdav.withK(2).microaggregate(new double[][] {{1}, null, {2}}));
  }
}
