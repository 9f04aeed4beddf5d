package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimalRemappingTest {
  private static final GeoPoint ORIGIN = GeoPoint.of(37.7793, -122.4193);

  /** A 5×5 prior on a 100 m grid with one dominant location (a station) and skewed weights. */
  private static Map<GeoPoint, Double> prior(LocalProjection proj) {
    Map<GeoPoint, Double> prior = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        double w = (i == 2 && j == 3) ? 10 : 1 + i;
        prior.put(proj.toGeo(new PlanarPoint(100 * i, 100 * j)), w);
      }
    }
    return prior;
  }

  @Test
  void remapping_neverIncreasesExpectedError_exactOnFixedGrid() {
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .epsilonPerMeter(0.01)
            .gridStepMeters(20)
            .origin(ORIGIN)
            .randomness(Randomness.insecureSeeded(1))
            .build();
    Map<GeoPoint, Double> prior = prior(pl.projection());
    OptimalRemapping remap = OptimalRemapping.of(pl, prior);
    double gamma = pl.latticeRate();
    double s = pl.gridStepMeters();
    double total = prior.values().stream().mapToDouble(Double::doubleValue).sum();
    PlanarPoint[] xs =
        prior.keySet().stream().map(pl.projection()::toPlane).toArray(PlanarPoint[]::new);
    double[] pi = prior.values().stream().mapToDouble(w -> w / total).toArray();
    // Outputs z in a window holding all but e^{-40} of the noise mass around every location.
    int w = (int) Math.ceil(40 / gamma);
    double norm = 0;
    for (int a = -w; a <= w; a++) {
      for (int b = -w; b <= w; b++) {
        norm += Math.exp(-gamma * Math.hypot(a, b));
      }
    }
    double identityError = 0;
    double remappedError = 0;
    for (long zi = -w; zi <= 20 + w; zi += 1) {
      for (long zj = -w; zj <= 20 + w; zj += 1) {
        PlanarPoint z = new PlanarPoint(zi * s, zj * s);
        PlanarPoint r = remap.remapIndex(zi, zj);
        double id = 0;
        double re = 0;
        for (int x = 0; x < xs.length; x++) {
          double joint =
              pi[x]
                  * Math.exp(
                      -gamma
                          * Math.hypot(
                              zi - Math.round(xs[x].x() / s), zj - Math.round(xs[x].y() / s)))
                  / norm;
          id += joint * xs[x].distance(z);
          re += joint * xs[x].distance(r);
        }
        // Pointwise (per output): the remapped posterior error is at most the identity's.
        assertTrue(re <= id * (1 + 1e-12) + 1e-300, "z=" + z + ": " + re + " > " + id);
        identityError += id;
        remappedError += re;
      }
    }
    assertEquals(200, identityError, 10); // ≈ 2/ε plus edge effects of the window: sanity
    assertTrue(remappedError < 0.8 * identityError, remappedError + " vs " + identityError);
  }

  @Test
  void remap_returnsPriorLocationOrTheReport() {
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .epsilonPerMeter(0.01)
            .origin(ORIGIN)
            .randomness(Randomness.insecureSeeded(2))
            .build();
    Map<GeoPoint, Double> prior = prior(pl.projection());
    OptimalRemapping remap = OptimalRemapping.of(pl, prior);
    for (int i = 0; i < 200; i++) {
      GeoPoint reported = pl.obfuscate(ORIGIN);
      GeoPoint out = remap.remap(reported);
      double nearest =
          prior.keySet().stream().mapToDouble(out::haversineMeters).min().orElseThrow();
      assertTrue(
          nearest < 1e-3 || out.haversineMeters(reported) < 1e-3,
          out + " is neither a prior location nor the report " + reported);
    }
  }

  @Test
  void badInput_throws() {
    PlanarLaplace pl = PlanarLaplace.builder().epsilonPerMeter(0.01).origin(ORIGIN).build();
    assertThrows(IllegalArgumentException.class, () -> OptimalRemapping.of(pl, Map.of()));
    assertThrows(
        IllegalArgumentException.class, () -> OptimalRemapping.of(pl, Map.of(ORIGIN, -1.0)));
    assertThrows(
        IllegalArgumentException.class, () -> OptimalRemapping.of(pl, Map.of(ORIGIN, Double.NaN)));
    assertThrows(
        IllegalArgumentException.class, () -> OptimalRemapping.of(pl, Map.of(ORIGIN, 0.0)));
    PlanarLaplace truncated =
        PlanarLaplace.builder()
            .epsilonPerMeter(0.01)
            .origin(ORIGIN)
            .truncateTo(
                GeoRegion.boundingBox(GeoPoint.of(37.77, -122.43), GeoPoint.of(37.79, -122.41)))
            .build();
    assertThrows(
        IllegalArgumentException.class, () -> OptimalRemapping.of(truncated, Map.of(ORIGIN, 1.0)));
  }
}
