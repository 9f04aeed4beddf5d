package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input of the geo package, enumerated: each must fail with a message naming it. */
class GeoInputValidationTest {
  private static final GeoPoint O = GeoPoint.of(37.78, -122.42);

  private static PlanarLaplace.Builder base() {
    return PlanarLaplace.builder().epsilonPerMeter(0.01).origin(O);
  }

  static Stream<Arguments> illegalArguments() {
    return Stream.of(
        bad("latitude_above90", () -> GeoPoint.of(90.0001, 0), "latitude"),
        bad("latitude_below90", () -> GeoPoint.of(-91, 0), "latitude"),
        bad("latitude_nan", () -> GeoPoint.of(Double.NaN, 0), "latitude"),
        bad("latitude_infinite", () -> GeoPoint.of(Double.POSITIVE_INFINITY, 0), "latitude"),
        bad("longitude_above180", () -> GeoPoint.of(0, 180.5), "longitude"),
        bad("longitude_nan", () -> GeoPoint.of(0, Double.NaN), "longitude"),
        bad("planar_nan", () -> new PlanarPoint(Double.NaN, 0), "finite"),
        bad("projection_nullOrigin", () -> LocalProjection.at(null), "origin"),
        bad(
            "projection_farHemisphere",
            () -> LocalProjection.at(O).toPlane(GeoPoint.of(-37.78, 57.58)),
            "hemisphere"),
        bad("epsilon_zero", () -> PlanarLaplace.builder().epsilonPerMeter(0), "epsilonPerMeter"),
        bad("epsilon_negative", () -> PlanarLaplace.builder().epsilonPerMeter(-1), "epsilon"),
        bad("epsilon_nan", () -> PlanarLaplace.builder().epsilonPerMeter(Double.NaN), "epsilon"),
        bad(
            "epsilon_infinite",
            () -> PlanarLaplace.builder().epsilonPerMeter(Double.POSITIVE_INFINITY),
            "epsilon"),
        bad("level_zero", () -> PlanarLaplace.builder().privacyLevel(0, 200), "level"),
        bad("radius_negative", () -> PlanarLaplace.builder().privacyLevel(2, -200), "radius"),
        bad("gridStep_zero", () -> PlanarLaplace.builder().gridStepMeters(0), "gridStepMeters"),
        bad("gridStep_tooCoarse", () -> base().gridStepMeters(100).build(), "gridStepMeters"),
        bad("origin_null", () -> PlanarLaplace.builder().origin(null), "origin"),
        bad("randomness_null", () -> PlanarLaplace.builder().randomness(null), "randomness"),
        bad("obfuscate_null", () -> base().build().obfuscate(null), "truePosition"),
        bad("epsilonAt_negative", () -> base().build().epsilonAt(-1), "distanceMeters"),
        bad(
            "box_empty",
            () -> GeoRegion.boundingBox(GeoPoint.of(37.8, -122.4), GeoPoint.of(37.7, -122.3)),
            "non-empty"),
        bad(
            "box_degenerate",
            () -> GeoRegion.boundingBox(GeoPoint.of(37.7, -122.4), GeoPoint.of(37.7, -122.3)),
            "non-empty"),
        bad("polygon_twoVertices", () -> GeoRegion.polygon(List.of(O, O)), "at least 3"),
        bad(
            "polygon_zeroArea",
            () ->
                GeoRegion.polygon(List.of(GeoPoint.of(0, 0), GeoPoint.of(1, 1), GeoPoint.of(2, 2))),
            "empty region"),
        bad(
            "region_noGridPoint",
            () ->
                base()
                    .gridStepMeters(10)
                    .truncateTo(
                        GeoRegion.boundingBox(
                            GeoPoint.of(37.780001, -122.420001), GeoPoint.of(37.780002, -122.42)))
                    .build(),
            "empty region"),
        bad("truncate_null", () -> PlanarLaplace.builder().truncateTo(null), "region"),
        bad("lambertW_positive", () -> GeoAccuracy.lambertWm1(0.1), "z must be"),
        bad("lambertW_belowBranch", () -> GeoAccuracy.lambertWm1(-0.5), "z must be"),
        bad("lambertW_nan", () -> GeoAccuracy.lambertWm1(Double.NaN), "z must be"),
        bad("radius_p1", () -> GeoAccuracy.radiusForProbability(0.01, 1), "probability"),
        bad("radius_pNan", () -> GeoAccuracy.radiusForProbability(0.01, Double.NaN), "probability"),
        bad("radius_eps0", () -> GeoAccuracy.radiusForProbability(0, 0.5), "epsilonPerMeter"),
        bad("mean_epsNeg", () -> GeoAccuracy.meanError(-1), "epsilonPerMeter"),
        bad(
            "reporter_radius0",
            () -> LocationReporter.builder().protectionRadiusMeters(0),
            "radius"),
        bad(
            "reporter_thresholdNan",
            () -> LocationReporter.builder().moveThresholdMeters(Double.NaN),
            "threshold"),
        bad(
            "reporter_nullMechanism",
            () -> LocationReporter.builder().mechanism(null),
            "mechanism"),
        bad("heatmap_rows0", () -> DpHeatMap.builder().rows(0), "rows"),
        bad("heatmap_m0", () -> DpHeatMap.builder().maxCellsPerPerson(0), "maxCellsPerPerson"),
        bad("heatmap_epsNan", () -> DpHeatMap.builder().epsilon(Double.NaN), "epsilon"),
        bad(
            "heatmap_polygonBounds",
            () ->
                DpHeatMap.builder()
                    .bounds(
                        GeoRegion.polygon(
                            List.of(GeoPoint.of(0, 0), GeoPoint.of(1, 0), GeoPoint.of(0, 1)))),
            "boundingBox"));
  }

  private static Arguments bad(String name, Executable call, String messagePart) {
    return Arguments.of(name, call, messagePart);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("illegalArguments")
  void badInput_throwsIllegalArgument(String name, Executable call, String messagePart) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        e.getMessage().contains(messagePart),
        name + ": message '" + e.getMessage() + "' should mention " + messagePart);
  }

  static Stream<Arguments> illegalStates() {
    return Stream.of(
        Arguments.of("noEpsilon", (Executable) () -> PlanarLaplace.builder().origin(O).build()),
        Arguments.of(
            "noOrigin", (Executable) () -> PlanarLaplace.builder().epsilonPerMeter(1).build()),
        Arguments.of(
            "reporter_noAccountant",
            (Executable)
                () ->
                    LocationReporter.builder()
                        .mechanism(base().build())
                        .protectionRadiusMeters(200)
                        .build()),
        Arguments.of("heatmap_noBounds", (Executable) () -> DpHeatMap.builder().build()),
        Arguments.of(
            "heatmap_releasedTwice",
            (Executable)
                () -> {
                  DpHeatMap m =
                      DpHeatMap.builder()
                          .bounds(GeoRegion.boundingBox(GeoPoint.of(0, 0), GeoPoint.of(1, 1)))
                          .rows(2)
                          .columns(2)
                          .maxCellsPerPerson(1)
                          .epsilon(1)
                          .accountant(PrivacyAccountant.withBudget(PrivacyLoss.pure(5)))
                          .build();
                  m.release();
                  m.release();
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("illegalStates")
  void missingOrReused_throwsIllegalState(String name, Executable call) {
    assertThrows(IllegalStateException.class, call);
  }
}
