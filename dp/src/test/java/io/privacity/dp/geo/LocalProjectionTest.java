package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import org.junit.jupiter.api.Test;

class LocalProjectionTest {
  private static final GeoPoint SF = GeoPoint.of(37.7793, -122.4193);

  @Test
  void origin_mapsToZero_andBack() {
    LocalProjection p = LocalProjection.at(SF);
    PlanarPoint q = p.toPlane(SF);
    assertEquals(0, q.x(), 1e-9);
    assertEquals(0, q.y(), 1e-9);
    assertEquals(SF, p.toGeo(new PlanarPoint(0, 0)));
  }

  @Test
  void distancesWithin20km_matchHaversineTo0point1Percent_andNeverExceedIt() {
    LocalProjection p = LocalProjection.at(SF);
    Randomness r = Randomness.insecureSeeded(1);
    double worst = 0;
    for (int i = 0; i < 20_000; i++) {
      GeoPoint a = p.toGeo(randomWithin(r, 20_000));
      GeoPoint b = p.toGeo(randomWithin(r, 20_000));
      double hav = a.haversineMeters(b);
      double planar = p.toPlane(a).distance(p.toPlane(b));
      if (hav > 1) {
        worst = Math.max(worst, Math.abs(planar - hav) / hav);
      }
      // Contraction (orthogonal projection of the sphere): planar ≤ great-circle, up to rounding.
      assertTrue(planar <= hav * (1 + 1e-9) + 1e-6, "planar " + planar + " > haversine " + hav);
    }
    // Documented bound: 1 − cos(20 km / R) < 5e-6; the brief's bar is 1e-3.
    assertTrue(worst < 5e-6, "worst relative error " + worst);
  }

  @Test
  void roundTrip_isAccurateToMicrometres() {
    LocalProjection p = LocalProjection.at(GeoPoint.of(-33.87, 151.21));
    Randomness r = Randomness.insecureSeeded(2);
    for (int i = 0; i < 10_000; i++) {
      PlanarPoint q = randomWithin(r, 50_000);
      PlanarPoint back = p.toPlane(p.toGeo(q));
      assertEquals(0, q.distance(back), 1e-6);
    }
  }

  @Test
  void haversine_knownDistance() {
    // One degree of latitude on the mean sphere: R·π/180 = 111,195.08 m.
    assertEquals(111_195.08, GeoPoint.of(10, 20).haversineMeters(GeoPoint.of(11, 20)), 0.01);
  }

  /** A uniform point of the disc of the given radius around the origin. */
  static PlanarPoint randomWithin(Randomness r, double radius) {
    while (true) {
      double x = 2 * r.nextDouble() - 1;
      double y = 2 * r.nextDouble() - 1;
      if (x * x + y * y <= 1) {
        return new PlanarPoint(x * radius, y * radius);
      }
    }
  }
}
