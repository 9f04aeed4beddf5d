package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
