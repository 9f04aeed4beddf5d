package io.privacity.bench;

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
 * randomness) beside the cheapest naive floating-point planar Laplace a user would write: radius
 * Gamma(2, 1/ε) as the sum of two exponentials (−ln(u₁u₂)/ε, one logarithm), a uniform angle,
 * cos/sin, on SplittableRandom. Both include the same projection to the plane and back, so the
 * ratio is the price of exact sampling. The baseline is insecure on purpose (floating-point noise,
 * non-cryptographic randomness). (Until issue 16 the baseline inverted the radius CDF with Lambert
 * W₋₁ — about four times slower, which flattered the ratio.)
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
   * Naive floating-point planar Laplace, as cheap as it gets: r = −ln(u₁u₂)/ε (the sum of two
   * exponentials is Gamma(2, 1/ε), the radius law of Andrés et al. 2013), θ uniform.
   *
   * @return a reported position
   */
  @Benchmark
  public GeoPoint baselineNaivePlanarLaplace() {
    double u = 1 - splittable.nextDouble(); // (0, 1]
    double v = 1 - splittable.nextDouble();
    double r = -Math.log(u * v) / EPSILON;
    double theta = 2 * Math.PI * splittable.nextDouble();
    PlanarPoint q = projection.toPlane(TRUTH);
    return projection.toGeo(
        new PlanarPoint(q.x() + r * Math.cos(theta), q.y() + r * Math.sin(theta)));
  }
}
