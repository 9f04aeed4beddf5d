package io.privacity.dp.geo;

/**
 * A WGS84 position in decimal degrees. Immutable, validated value.
 *
 * <p>Distances ({@link #haversineMeters(GeoPoint)}) use the spherical earth of mean radius {@link
 * #EARTH_RADIUS_METERS}; on the WGS84 ellipsoid true geodesic distances differ from spherical ones
 * by at most about 0.5%.
 *
 * @param latitude latitude in degrees, in [−90, 90]
 * @param longitude longitude in degrees, in [−180, 180]
 */
public record GeoPoint(double latitude, double longitude) {
  /** Mean earth radius (IUGG R1) in metres, the sphere every distance here is measured on. */
  public static final double EARTH_RADIUS_METERS = 6_371_008.8;

  /**
   * Validates the coordinates.
   *
   * @param latitude latitude in degrees, finite, in [−90, 90]
   * @param longitude longitude in degrees, finite, in [−180, 180]
   * @throws IllegalArgumentException if a coordinate is NaN, infinite or out of range
   */
  public GeoPoint {
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude must be in [-90, 90], got " + latitude);
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude must be in [-180, 180], got " + longitude);
    }
  }

  /**
   * A point.
   *
   * @param latitude latitude in degrees, in [−90, 90]
   * @param longitude longitude in degrees, in [−180, 180]
   * @return the point
   * @throws IllegalArgumentException if a coordinate is NaN, infinite or out of range
   */
  public static GeoPoint of(double latitude, double longitude) {
    return new GeoPoint(latitude, longitude);
  }

  /**
   * Great-circle distance on the sphere of radius {@link #EARTH_RADIUS_METERS} (haversine formula).
   *
   * @param other the other point, not null
   * @return the distance in metres
   */
  public double haversineMeters(GeoPoint other) {
    double p1 = Math.toRadians(latitude);
    double p2 = Math.toRadians(other.latitude);
    double dp = p2 - p1;
    double dl = Math.toRadians(other.longitude - longitude);
    double h =
        Math.sin(dp / 2) * Math.sin(dp / 2)
            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
