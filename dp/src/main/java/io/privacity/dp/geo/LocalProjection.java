package io.privacity.dp.geo;

import io.privacity.core.internal.Checks;

/**
 * A local metric projection around a public reference point: the orthographic projection of the
 * sphere onto its tangent plane at the origin (the spherical "local tangent plane", east-north).
 * Immutable and thread-safe.
 *
 * <h2>Error at city scale</h2>
 *
 * <p>The projection is the orthogonal projection of ℝ³ onto the tangent plane, restricted to the
 * sphere, so it is 1-Lipschitz for the chord and hence for the great-circle distance: <b>projected
 * distances never exceed haversine distances</b>. That is the direction privacy needs: a guarantee
 * of ε·d in projected metres is at least as strong as ε·d in great-circle metres. Conversely the
 * local scale factor at angular distance c from the origin lies in [cos c, 1], so within 20 km of
 * the origin (c ≤ 0.0032 rad) projected distances are within 1 − cos c &lt; 5.0·10^−6 (0.0005%) of
 * haversine distances, far below the 0.1% asked for at city scale (tested in {@code
 * LocalProjectionTest}). An equirectangular projection with cos(lat₀) would err by up to
 * tan(lat₀)·Δlat, about 0.25% at 20 km north of San Francisco, and is not used for that reason.
 *
 * <p>Distances are on the sphere of radius {@link GeoPoint#EARTH_RADIUS_METERS}; the WGS84
 * ellipsoid differs from it by at most about 0.5% in distance.
 */
public final class LocalProjection {
  private final GeoPoint origin;
  private final double sinLat0;
  private final double cosLat0;
  private final double lon0;

  private LocalProjection(GeoPoint origin) {
    this.origin = origin;
    double phi0 = Math.toRadians(origin.latitude());
    this.sinLat0 = Math.sin(phi0);
    this.cosLat0 = Math.cos(phi0);
    this.lon0 = Math.toRadians(origin.longitude());
  }

  /**
   * The projection on the tangent plane at {@code origin}.
   *
   * @param origin the public reference point, e.g. a city centre; not null
   * @return the projection
   * @throws IllegalArgumentException if origin is null
   */
  public static LocalProjection at(GeoPoint origin) {
    return new LocalProjection(Checks.notNull("origin", origin));
  }

  /**
   * The reference point.
   *
   * @return the origin
   */
  public GeoPoint origin() {
    return origin;
  }

  /**
   * Projects a point to metres east/north of the origin.
   *
   * @param p the point, not null; it should lie on the origin's hemisphere (within 10,000 km)
   * @return its planar coordinates
   * @throws IllegalArgumentException if p is null or on the far hemisphere
   */
  public PlanarPoint toPlane(GeoPoint p) {
    Checks.notNull("p", p);
    double phi = Math.toRadians(p.latitude());
    double dl = Math.toRadians(p.longitude()) - lon0;
    double cosPhi = Math.cos(phi);
    double sinPhi = Math.sin(phi);
    double cosC = sinLat0 * sinPhi + cosLat0 * cosPhi * Math.cos(dl);
    if (cosC < 0) {
      throw new IllegalArgumentException(
          "p must lie on the hemisphere around the origin " + origin + ", got " + p);
    }
    double x = GeoPoint.EARTH_RADIUS_METERS * cosPhi * Math.sin(dl);
    double y = GeoPoint.EARTH_RADIUS_METERS * (cosLat0 * sinPhi - sinLat0 * cosPhi * Math.cos(dl));
    return new PlanarPoint(x, y);
  }

  /**
   * Maps planar coordinates back to the sphere (inverse orthographic projection, Snyder 1987, eq.
   * 20-14 and 20-15). Points farther than the earth radius from the origin are first moved radially
   * onto the disc of radius 0.999·R (a deterministic clamp).
   *
   * @param q planar coordinates, not null
   * @return the point on the sphere
   * @throws IllegalArgumentException if q is null
   */
  public GeoPoint toGeo(PlanarPoint q) {
    Checks.notNull("q", q);
    double x = q.x();
    double y = q.y();
    double rho = Math.hypot(x, y);
    double max = 0.999 * GeoPoint.EARTH_RADIUS_METERS;
    if (rho > max) {
      x *= max / rho;
      y *= max / rho;
      rho = max;
    }
    if (rho == 0) {
      return origin;
    }
    double sinC = rho / GeoPoint.EARTH_RADIUS_METERS;
    double cosC = Math.sqrt(1 - sinC * sinC);
    double sinPhi = cosC * sinLat0 + y * sinC * cosLat0 / rho;
    double phi = Math.asin(Math.max(-1, Math.min(1, sinPhi)));
    double lambda = lon0 + Math.atan2(x * sinC, rho * cosC * cosLat0 - y * sinC * sinLat0);
    double lon = Math.toDegrees(lambda);
    if (lon > 180) {
      lon -= 360;
    } else if (lon < -180) {
      lon += 360;
    }
    double lat = Math.max(-90, Math.min(90, Math.toDegrees(phi)));
    return new GeoPoint(lat, Math.max(-180, Math.min(180, lon)));
  }

  @Override
  public String toString() {
    return "LocalProjection{origin=" + origin + "}";
  }
}
