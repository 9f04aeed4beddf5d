package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

class PlanarLaplaceProperties {
  private static final GeoPoint ORIGIN = GeoPoint.of(37.7793, -122.4193);

  /** Distance of a coordinate from the nearest multiple of the step, in metres. */
  private static double offGrid(double coordinate, double step) {
    return Math.abs(coordinate - step * Math.rint(coordinate / step));
  }

  @Property(tries = 300)
  void outputs_lieOnTheGrid(
      @ForAll @DoubleRange(min = -0.2, max = 0.2) @Scale(8) double dLat,
      @ForAll @DoubleRange(min = -0.2, max = 0.2) @Scale(8) double dLon,
      @ForAll @DoubleRange(min = 0.0005, max = 0.05) @Scale(8) double epsilon,
      @ForAll @IntRange(min = 0, max = 3) int stepExponent,
      @ForAll long seed) {
    double step = Math.min(Math.scalb(1.0, stepExponent), 0.5 / epsilon);
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .epsilonPerMeter(epsilon)
            .gridStepMeters(step)
            .origin(ORIGIN)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    GeoPoint truth = GeoPoint.of(ORIGIN.latitude() + dLat, ORIGIN.longitude() + dLon);
    PlanarPoint q = pl.projection().toPlane(pl.obfuscate(truth));
    // Released grid points are mapped to lat/lon and back in double precision: micrometre error.
    assertTrue(offGrid(q.x(), step) < 1e-5, "x=" + q.x() + " off the grid of step " + step);
    assertTrue(offGrid(q.y(), step) < 1e-5, "y=" + q.y() + " off the grid of step " + step);
  }

  @Property(tries = 200)
  void truncatedOutputs_areInsideTheRegion(
      @ForAll @DoubleRange(min = -0.05, max = 0.05) @Scale(8) double dLat,
      @ForAll @DoubleRange(min = -0.05, max = 0.05) @Scale(8) double dLon,
      @ForAll @DoubleRange(min = 0.0005, max = 0.02) @Scale(8) double epsilon,
      @ForAll boolean polygon,
      @ForAll long seed) {
    // A concave "L"-shaped city (about 3 km across) or a box; true points may lie outside.
    GeoRegion region =
        polygon
            ? GeoRegion.polygon(
                List.of(
                    GeoPoint.of(37.76, -122.44),
                    GeoPoint.of(37.76, -122.40),
                    GeoPoint.of(37.775, -122.40),
                    GeoPoint.of(37.775, -122.425),
                    GeoPoint.of(37.79, -122.425),
                    GeoPoint.of(37.79, -122.44)))
            : GeoRegion.boundingBox(GeoPoint.of(37.77, -122.43), GeoPoint.of(37.79, -122.41));
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .epsilonPerMeter(epsilon)
            .origin(ORIGIN)
            .truncateTo(region)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    GeoPoint truth = GeoPoint.of(ORIGIN.latitude() + dLat, ORIGIN.longitude() + dLon);
    for (int i = 0; i < 5; i++) {
      GeoPoint out = pl.obfuscate(truth);
      assertTrue(region.contains(out), out + " outside " + region);
    }
  }

  @Property(tries = 500)
  void projection_roundTrip(
      @ForAll @DoubleRange(min = -80, max = 80) @Scale(8) double lat0,
      @ForAll @DoubleRange(min = -179, max = 179) @Scale(8) double lon0,
      @ForAll @DoubleRange(min = -0.5, max = 0.5) @Scale(8) double dLat,
      @ForAll @DoubleRange(min = -0.5, max = 0.5) @Scale(8) double dLon) {
    LocalProjection p = LocalProjection.at(GeoPoint.of(lat0, lon0));
    GeoPoint g = GeoPoint.of(lat0 + dLat, lon0 + dLon);
    GeoPoint back = p.toGeo(p.toPlane(g));
    assertEquals(0, g.haversineMeters(back), 1e-6);
  }

  @Property(tries = 200)
  void lossBound_growsLinearlyWithDistance(
      @ForAll @DoubleRange(min = 0.0001, max = 0.1) @Scale(8) double epsilon,
      @ForAll @DoubleRange(min = 0, max = 1e5) @Scale(8) double d) {
    PlanarLaplace pl = PlanarLaplace.builder().epsilonPerMeter(epsilon).origin(ORIGIN).build();
    assertEquals(epsilon * (d + pl.slackMeters()), pl.epsilonAt(d), 1e-12 * (1 + epsilon * d));
    assertTrue(pl.slackMeters() * epsilon <= Math.sqrt(2) / 64 + 1e-6);
  }
}
