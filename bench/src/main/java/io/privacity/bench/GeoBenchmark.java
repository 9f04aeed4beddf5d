package io.privacity.bench;

import io.privacity.dp.geo.GeoAccuracy;
import io.privacity.dp.geo.GeoPoint;
import io.privacity.dp.geo.LocalProjection;
import io.privacity.dp.geo.PlanarLaplace;
import io.privacity.dp.geo.PlanarPoint;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Geo-indistinguishability: the exact lattice planar Laplace ({@link PlanarLaplace}, secure
 * randomness) beside the naive floating-point planar Laplace of Location Guard (uniform angle,
 * radius by inverse CDF with Lambert W₋₁, cos/sin, on SplittableRandom). Both include the same
 * projection to the plane and back, so the ratio is the price of exact sampling. The baseline is
 * insecure on purpose (floating-point noise, non-cryptographic randomness).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GeoBenchmark {
  private static final GeoPoint ORIGIN = GeoPoint.of(37.7793, -122.4193);
  private static final GeoPoint TRUTH = GeoPoint.of(37.7880, -122.4075);
  private static final double EPSILON = 2.0 / 500; // Location Guard's medium level

  private final PlanarLaplace planarLaplace =
      PlanarLaplace.builder().epsilonPerMeter(EPSILON).origin(ORIGIN).build();
  private final LocalProjection projection = LocalProjection.at(ORIGIN);
  private final SplittableRandom splittable = new SplittableRandom(42);

  /**
   * Secure planar Laplace: exact lattice sampling from AES-CTR randomness, snapped to the grid.
   *
   * @return a reported position
   */
  @Benchmark
  public GeoPoint securePlanarLaplace() {
    return planarLaplace.obfuscate(TRUTH);
  }

  /**
   * Naive floating-point planar Laplace (Andrés et al. 2013, as in Location Guard).
   *
   * @return a reported position
   */
  @Benchmark
  public GeoPoint baselineNaivePlanarLaplace() {
    double theta = 2 * Math.PI * splittable.nextDouble();
    double p = splittable.nextDouble();
    while (p == 0) {
      p = splittable.nextDouble();
    }
    double r = -(GeoAccuracy.lambertWm1((p - 1) / Math.E) + 1) / EPSILON;
    PlanarPoint q = projection.toPlane(TRUTH);
    return projection.toGeo(
        new PlanarPoint(q.x() + r * Math.cos(theta), q.y() + r * Math.sin(theta)));
  }
}
