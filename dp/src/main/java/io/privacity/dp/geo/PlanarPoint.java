package io.privacity.dp.geo;

/**
 * A point of a {@link LocalProjection}'s plane, in metres east ({@code x}) and north ({@code y}) of
 * the projection's origin.
 *
 * @param x metres east of the origin
 * @param y metres north of the origin
 */
public record PlanarPoint(double x, double y) {
  /**
   * Validates the coordinates.
   *
   * @param x metres east, finite
   * @param y metres north, finite
   * @throws IllegalArgumentException if a coordinate is NaN or infinite
   */
  public PlanarPoint {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("x and y must be finite, got (" + x + ", " + y + ")");
    }
  }

  /**
   * Euclidean distance in the plane.
   *
   * @param other the other point, not null
   * @return the distance in metres
   */
  public double distance(PlanarPoint other) {
    return Math.hypot(x - other.x, y - other.y);
  }
}
