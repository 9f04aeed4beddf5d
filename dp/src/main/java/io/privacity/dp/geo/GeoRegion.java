package io.privacity.dp.geo;

import io.privacity.core.internal.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * A public region of allowed positions (a bounding box or a simple polygon such as city limits),
 * used to truncate obfuscated positions. Containment is decided in longitude/latitude coordinates:
 * edges are straight lines in the (longitude, latitude) plane, which at city scale is
 * indistinguishable from any other reasonable choice. Immutable and thread-safe.
 *
 * <p>The region must be public (not derived from the user's data): truncation is then
 * post-processing and keeps every privacy guarantee (see {@link PlanarLaplace}).
 */
public final class GeoRegion {
  private final double[] lats;
  private final double[] lons;
  private final boolean box;
  private final String description;

  private GeoRegion(double[] lats, double[] lons, boolean box, String description) {
    this.lats = lats;
    this.lons = lons;
    this.box = box;
    this.description = description;
  }

  /**
   * A latitude/longitude bounding box.
   *
   * @param southWest the corner with the smallest latitude and longitude, not null
   * @param northEast the corner with the largest latitude and longitude, not null
   * @return the box
   * @throws IllegalArgumentException if a corner is null or the box is empty (a minimum is not
   *     strictly below its maximum)
   */
  public static GeoRegion boundingBox(GeoPoint southWest, GeoPoint northEast) {
    Checks.notNull("southWest", southWest);
    Checks.notNull("northEast", northEast);
    if (!(southWest.latitude() < northEast.latitude())
        || !(southWest.longitude() < northEast.longitude())) {
      throw new IllegalArgumentException(
          "bounding box must be non-empty (southWest strictly below and west of northEast), got "
              + southWest
              + " .. "
              + northEast);
    }
    double s = southWest.latitude();
    double w = southWest.longitude();
    double n = northEast.latitude();
    double e = northEast.longitude();
    return new GeoRegion(
        new double[] {s, s, n, n},
        new double[] {w, e, e, w},
        true,
        "boundingBox[" + southWest + " .. " + northEast + "]");
  }

  /**
   * A simple polygon (not self-intersecting), vertices in order, implicitly closed.
   *
   * @param vertices at least 3 vertices, not null, enclosing a non-zero area
   * @return the polygon
   * @throws IllegalArgumentException if vertices is null, has fewer than 3 points, contains null,
   *     or encloses zero area (an empty region)
   */
  public static GeoRegion polygon(List<GeoPoint> vertices) {
    Checks.notNull("vertices", vertices);
    if (vertices.size() < 3) {
      throw new IllegalArgumentException(
          "polygon needs at least 3 vertices, got " + vertices.size());
    }
    List<GeoPoint> copy = new ArrayList<>(vertices);
    double[] lats = new double[copy.size()];
    double[] lons = new double[copy.size()];
    double area2 = 0;
    for (int i = 0; i < copy.size(); i++) {
      GeoPoint p = Checks.notNull("vertices[" + i + "]", copy.get(i));
      lats[i] = p.latitude();
      lons[i] = p.longitude();
    }
    for (int i = 0; i < lats.length; i++) {
      int j = (i + 1) % lats.length;
      area2 += lons[i] * lats[j] - lons[j] * lats[i];
    }
    if (!(Math.abs(area2) > 0)) {
      throw new IllegalArgumentException(
          "polygon must enclose a non-zero area (empty region), got vertices " + copy);
    }
    return new GeoRegion(lats, lons, false, "polygon" + copy);
  }

  /**
   * Whether a point lies in the region (boundary included for boxes; even-odd rule for polygons).
   *
   * @param p the point, not null
   * @return true if inside
   */
  public boolean contains(GeoPoint p) {
    double lat = p.latitude();
    double lon = p.longitude();
    if (box) {
      return lat >= lats[0] && lat <= lats[2] && lon >= lons[0] && lon <= lons[1];
    }
    boolean inside = false;
    for (int i = 0, j = lats.length - 1; i < lats.length; j = i++) {
      if ((lats[i] > lat) != (lats[j] > lat)
          && lon < (lons[j] - lons[i]) * (lat - lats[i]) / (lats[j] - lats[i]) + lons[i]) {
        inside = !inside;
      }
    }
    return inside;
  }

  /**
   * The vertices in order (a box has its four corners, counter-clockwise from south-west).
   *
   * @return a fresh list of the vertices
   */
  public List<GeoPoint> vertices() {
    List<GeoPoint> v = new ArrayList<>(lats.length);
    for (int i = 0; i < lats.length; i++) {
      v.add(new GeoPoint(lats[i], lons[i]));
    }
    return v;
  }

  /** Whether this region was made by {@link #boundingBox}. */
  boolean isBoundingBox() {
    return box;
  }

  /**
   * The vertex-average, a point used to seed searches (not necessarily inside a concave polygon).
   *
   * @return the mean of the vertices
   */
  GeoPoint vertexMean() {
    double la = 0;
    double lo = 0;
    for (int i = 0; i < lats.length; i++) {
      la += lats[i];
      lo += lons[i];
    }
    return new GeoPoint(la / lats.length, lo / lats.length);
  }

  @Override
  public String toString() {
    return description;
  }
}
