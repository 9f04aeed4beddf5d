package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.random.Randomness;
import org.junit.jupiter.api.Test;

class TruncationAndReporterTest {
  private static final GeoPoint ORIGIN = GeoPoint.of(37.7793, -122.4193);

  @Test
  void truncation_remapsOutsideOutputsToNearbyInsideGridPoints() {
    GeoRegion box =
        GeoRegion.boundingBox(GeoPoint.of(37.775, -122.425), GeoPoint.of(37.785, -122.415));
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .privacyLevel(2, 2000) // mean error 2 km: most outputs fall outside the ~1 km box
            .origin(ORIGIN)
            .truncateTo(box)
            .randomness(Randomness.insecureSeeded(3))
            .build();
    for (int i = 0; i < 2000; i++) {
      GeoPoint out = pl.obfuscate(ORIGIN);
      assertTrue(box.contains(out), out.toString());
      PlanarPoint q = pl.projection().toPlane(out);
      assertEquals(0, Math.abs(q.x() / 8 - Math.rint(q.x() / 8)) * 8, 1e-5); // step 8 m
    }
  }

  @Test
  void reporter_reusesWhileNotMoved_andChargesEachFreshReport() {
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .privacyLevel(2, 200)
            .origin(ORIGIN)
            .randomness(Randomness.insecureSeeded(4))
            .build();
    PrivacyAccountant budget = PrivacyAccountant.withBudget(PrivacyLoss.pure(6.1));
    LocationReporter reporter =
        LocationReporter.builder()
            .mechanism(pl)
            .accountant(budget)
            .protectionRadiusMeters(200)
            .moveThresholdMeters(50)
            .build();
    double perReport = 0.01 * (200 + Math.sqrt(2) + 1e-6);
    assertEquals(perReport, reporter.lossPerFreshReport().epsilon(), 1e-12);
    GeoPoint first = reporter.report(ORIGIN);
    GeoPoint near = pl.projection().toGeo(new PlanarPoint(30, 0));
    assertSame(first, reporter.report(near));
    assertEquals(1, reporter.freshReports());
    GeoPoint far = pl.projection().toGeo(new PlanarPoint(500, 0));
    assertNotEquals(first, reporter.report(far));
    assertEquals(2, reporter.freshReports());
    assertEquals(2 * perReport, budget.spent().epsilon(), 1e-9);
    // Budget 6.1 allows 3 fresh reports of 2.014; the 4th is refused and releases nothing.
    reporter.report(ORIGIN);
    assertThrows(PrivacyBudgetExceededException.class, () -> reporter.report(far));
    assertEquals(3, reporter.freshReports());
    assertEquals(3 * perReport, budget.spent().epsilon(), 1e-9);
  }
}
