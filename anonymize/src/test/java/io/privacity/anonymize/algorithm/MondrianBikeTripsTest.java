package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.data.Table;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: Mondrian with k = 10 on the full year of bike trips (326,339 rows; QIs zip code,
 * start terminal, start hour, subscription type), checked independently.
 */
class MondrianBikeTripsTest {

  @Test
  void fullYear_k10_isKAnonymous_andReportsLossAndRisk() throws Exception {
    Table trips = BikeTrips.read("batrips_2014.csv.gz");
    assertEquals(326_339, trips.rowCount());
    Mondrian mondrian =
        Mondrian.builder()
            .hierarchical("zip_code", BikeTrips.zipHierarchy(trips))
            .hierarchical("start_terminal", BikeTrips.terminalHierarchy(trips))
            .numeric("start_hour")
            .hierarchical("subscription_type", BikeTrips.subscriptionHierarchy(trips))
            .insensitive("duration")
            .k(10)
            .build();
    MondrianResult r = mondrian.anonymize(trips);
    Table out = r.table();

    assertEquals(trips.rowCount(), out.rowCount(), "no row is suppressed");
    assertNull(IndependentAnonymityCheck.kViolation(out, BikeTrips.QIS, 10));
    assertNull(IndependentAnonymityCheck.numericTruthViolation(trips, out, "start_hour"));
    assertNull(
        IndependentAnonymityCheck.hierarchyTruthViolation(
            trips, out, "zip_code", BikeTrips.zipHierarchy(trips)));

    // Risk (prosecutor model): before, many trips are unique in their QIs; after, at most 1/10.
    int classesBefore = IndependentAnonymityCheck.classes(trips, BikeTrips.QIS).size();
    long uniqueBefore =
        IndependentAnonymityCheck.classes(trips, BikeTrips.QIS).values().stream()
            .filter(rows -> rows.size() == 1)
            .count();
    int minAfter = IndependentAnonymityCheck.minClassSize(out, BikeTrips.QIS);
    int classesAfter = IndependentAnonymityCheck.classes(out, BikeTrips.QIS).size();
    assertEquals(r.classCount(), classesAfter);
    assertTrue(minAfter >= 10);
    assertTrue(uniqueBefore > 1000, "raw QIs single out many trips: " + uniqueBefore);
    assertTrue(r.loss() > 0 && r.loss() < 0.5, "loss " + r.loss());
    System.out.printf(
        "Mondrian bike trips k=10: rows=%d partitions=%d classes=%d loss(NCP)=%.4f %s%n"
            + "  risk before: unique=%d (%.2f%%) max=1.0 avg=%.4f;"
            + " after: max=%.4f avg=%.4f%n",
        out.rowCount(),
        r.partitionCount(),
        r.classCount(),
        r.loss(),
        r.lossByAttribute(),
        uniqueBefore,
        100.0 * uniqueBefore / trips.rowCount(),
        (double) classesBefore / trips.rowCount(),
        1.0 / minAfter,
        (double) classesAfter / out.rowCount());
  }
}
