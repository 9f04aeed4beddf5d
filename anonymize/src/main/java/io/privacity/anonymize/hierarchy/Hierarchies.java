package io.privacity.anonymize.hierarchy;

import io.privacity.core.internal.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builders of common {@link Hierarchy}s: numeric intervals, right-to-left masking (postal codes,
 * plates), date/time granularities, categorical trees from a parent map, and spatial grids. Each
 * returns a hierarchy whose top level is {@code *} (suppressed).
 *
 * <p>Builders take the values to cover, typically a column's {@link
 * io.privacity.anonymize.data.Column#dictionary()}; values are deduplicated.
 *
 * <p>Thread-safety: stateless; all methods are safe to call from many threads.
 */
public final class Hierarchies {
  /** The entry of the top level of every generated hierarchy. */
  public static final String TOP = "*";

  private Hierarchies() {}

  /**
   * Numeric intervals of growing width, aligned at 0: with widths 5, 10, 20, the value 37 becomes
   * {@code 35-39}, {@code 30-39}, {@code 20-39}, then {@code *}. Integer values with integer widths
   * are labelled {@code lo-hi} (inclusive); otherwise {@code [lo, hi)}.
   *
   * @param values the numbers to cover
   * @param widths at least one width, each finite and {@code > 0}, each an integer multiple ({@code
   *     >= 2}) of the previous so that intervals nest
   * @return the hierarchy, with {@code widths.length + 2} levels
   * @throws IllegalArgumentException if a value is not a number or a width is invalid
   */
  public static Hierarchy intervals(Collection<String> values, double... widths) {
    Set<String> distinct = distinct(values);
    Checks.notNull("widths", widths);
    if (widths.length == 0) {
      throw new IllegalArgumentException("widths must have at least one width, got []");
    }
    boolean integral = true;
    for (int i = 0; i < widths.length; i++) {
      Checks.positiveFinite("widths[" + i + "]", widths[i]);
      integral &= widths[i] == Math.rint(widths[i]);
      if (i > 0) {
        double ratio = widths[i] / widths[i - 1];
        if (ratio < 2 - 1e-9 || Math.abs(ratio - Math.rint(ratio)) > 1e-9) {
          throw new IllegalArgumentException(
              "widths["
                  + i
                  + "] must be an integer multiple (>= 2) of widths["
                  + (i - 1)
                  + "] = "
                  + widths[i - 1]
                  + ", got "
                  + widths[i]);
        }
      }
    }
    List<BigDecimal> numbers = new ArrayList<>();
    for (String v : distinct) {
      try {
        BigDecimal d = new BigDecimal(v.trim());
        numbers.add(d);
        integral &= d.stripTrailingZeros().scale() <= 0;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "interval hierarchy: value \"" + v + "\" is not a number", e);
      }
    }
    List<List<String>> rows = new ArrayList<>();
    int i = 0;
    for (String v : distinct) {
      BigDecimal d = numbers.get(i++);
      List<String> row = new ArrayList<>();
      row.add(v);
      for (double w : widths) {
        BigDecimal width = BigDecimal.valueOf(w);
        BigDecimal lo = d.divide(width, 0, RoundingMode.FLOOR).multiply(width);
        BigDecimal hi = lo.add(width);
        row.add(
            integral
                ? plain(lo) + "-" + plain(hi.subtract(BigDecimal.ONE))
                : "[" + plain(lo) + ", " + plain(hi) + ")");
      }
      row.add(TOP);
      rows.add(row);
    }
    return Hierarchy.of(rows);
  }

  /**
   * Right-to-left masking, as for postal codes and plates: level {@code i} replaces the last {@code
   * i} characters by {@code *} ({@code 94110}, {@code 9411*}, {@code 941**}, …), and the top level
   * is {@code *}. Shorter values are fully masked earlier, keeping their length.
   *
   * @param values the values to cover (non-empty strings)
   * @return the hierarchy, with (longest length + 1) levels
   * @throws IllegalArgumentException if a value is empty
   */
  public static Hierarchy masking(Collection<String> values) {
    Set<String> distinct = distinct(values);
    int longest = 0;
    for (String v : distinct) {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("masking hierarchy: values must not be empty");
      }
      longest = Math.max(longest, v.length());
    }
    List<List<String>> rows = new ArrayList<>();
    for (String v : distinct) {
      List<String> row = new ArrayList<>();
      row.add(v);
      for (int i = 1; i < longest; i++) {
        int keep = Math.max(0, v.length() - i);
        row.add(v.substring(0, keep) + "*".repeat(v.length() - keep));
      }
      row.add(TOP);
      rows.add(row);
    }
    return Hierarchy.of(rows);
  }

  /**
   * Date/time granularities, e.g. hour → day → week → month, then {@code *}. Values are ISO-8601
   * dates ({@code 2014-01-31}) or date-times ({@code 2014-01-31 14:05[:00]}, with a space or {@code
   * T}).
   *
   * @param values the dates or date-times to cover
   * @param levels at least one granularity, strictly coarser each time (e.g. HOUR, DAY, MONTH)
   * @return the hierarchy, with {@code levels.length + 2} levels
   * @throws IllegalArgumentException if a value is not a date/date-time, {@link
   *     TimeGranularity#HOUR} is asked for a date without time, or the levels are not strictly
   *     increasing
   */
  public static Hierarchy dateTime(Collection<String> values, TimeGranularity... levels) {
    Set<String> distinct = distinct(values);
    Checks.notNull("levels", levels);
    if (levels.length == 0) {
      throw new IllegalArgumentException("levels must have at least one granularity, got []");
    }
    for (int i = 0; i < levels.length; i++) {
      Checks.notNull("levels[" + i + "]", levels[i]);
      if (i > 0 && levels[i].ordinal() <= levels[i - 1].ordinal()) {
        throw new IllegalArgumentException(
            "levels must be strictly coarser each time, got "
                + levels[i - 1]
                + " then "
                + levels[i]);
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (String v : distinct) {
      LocalDateTime t;
      boolean hasTime = true;
      try {
        String s = v.trim();
        if (s.length() == 10) {
          t = LocalDate.parse(s).atStartOfDay();
          hasTime = false;
        } else {
          if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
          }
          t = LocalDateTime.parse(s);
        }
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "date/time hierarchy: value \"" + v + "\" is not yyyy-MM-dd or yyyy-MM-dd HH:mm[:ss]",
            e);
      }
      List<String> row = new ArrayList<>();
      row.add(v);
      for (TimeGranularity g : levels) {
        if (g == TimeGranularity.HOUR && !hasTime) {
          throw new IllegalArgumentException(
              "date/time hierarchy: value \"" + v + "\" has no time, so it has no HOUR level");
        }
        row.add(timeLabel(t, g));
      }
      row.add(TOP);
      rows.add(row);
    }
    return Hierarchy.of(rows);
  }

  private static String timeLabel(LocalDateTime t, TimeGranularity g) {
    String month = String.format("%04d-%02d", t.getYear(), t.getMonthValue());
    switch (g) {
      case HOUR:
        return t.toLocalDate() + String.format("T%02d", t.getHour());
      case DAY:
        return t.toLocalDate().toString();
      case WEEK:
        return month + "/W" + ((t.getDayOfMonth() - 1) / 7 + 1);
      case MONTH:
        return month;
      case YEAR:
        return String.format("%04d", t.getYear());
      default:
        throw new AssertionError(g);
    }
  }

  /**
   * A categorical tree from an explicit parent map, e.g. {@code Flu → Respiratory → Disease}.
   * Leaves (values that are nobody's parent) are the original values; the single root (a parent
   * with no parent) is the top level. Leaves closer to the root than the deepest one are repeated
   * at the lowest levels, so that every row has the same number of levels.
   *
   * @param parentOf child to parent; every chain must end at one common root, without cycles
   * @return the hierarchy, with (depth of the deepest leaf + 1) levels
   * @throws IllegalArgumentException if the map is empty, has a null, a cycle, or more than one
   *     root (the message names them)
   */
  public static Hierarchy tree(Map<String, String> parentOf) {
    Checks.notNull("parentOf", parentOf);
    if (parentOf.isEmpty()) {
      throw new IllegalArgumentException("parentOf must have at least one entry, got {}");
    }
    Set<String> roots = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : parentOf.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("parentOf must not contain null, got " + e);
      }
      if (!parentOf.containsKey(e.getValue())) {
        roots.add(e.getValue());
      }
    }
    if (roots.size() != 1) {
      throw new IllegalArgumentException(
          "parentOf must lead to exactly one root, got " + (roots.isEmpty() ? "a cycle" : roots));
    }
    Set<String> parents = new HashSet<>(parentOf.values());
    List<List<String>> paths = new ArrayList<>();
    int deepest = 0;
    for (String child : parentOf.keySet()) {
      if (parents.contains(child)) {
        continue;
      }
      List<String> path = new ArrayList<>();
      String node = child;
      path.add(node);
      while (parentOf.containsKey(node)) {
        node = parentOf.get(node);
        if (path.contains(node)) {
          throw new IllegalArgumentException("parentOf has a cycle through \"" + node + "\"");
        }
        path.add(node);
      }
      deepest = Math.max(deepest, path.size());
      paths.add(path);
    }
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("parentOf has a cycle: no value is a leaf");
    }
    List<List<String>> rows = new ArrayList<>();
    for (List<String> path : paths) {
      List<String> row = new ArrayList<>();
      for (int i = path.size(); i < deepest; i++) {
        row.add(path.get(0));
      }
      row.addAll(path);
      rows.add(row);
    }
    return Hierarchy.of(rows);
  }

  /**
   * A spatial grid of growing cells, for projected coordinates in metres (e.g. UTM or a local
   * planar projection; project latitude/longitude first). Values are {@code x,y}; level {@code i}
   * is the cell of side {@code cellSizes[i]} containing the point, labelled {@code 500m:12:-3}
   * (size, column, row; cells aligned at the origin), and the top is {@code *}.
   *
   * @param values points {@code x,y} in metres
   * @param cellSizes at least one cell side in metres, each finite and {@code > 0}, each an integer
   *     multiple ({@code >= 2}) of the previous so that cells nest
   * @return the hierarchy, with {@code cellSizes.length + 2} levels
   * @throws IllegalArgumentException if a value is not {@code x,y} or a size is invalid
   */
  public static Hierarchy grid(Collection<String> values, double... cellSizes) {
    Set<String> distinct = distinct(values);
    Checks.notNull("cellSizes", cellSizes);
    if (cellSizes.length == 0) {
      throw new IllegalArgumentException("cellSizes must have at least one size, got []");
    }
    for (int i = 0; i < cellSizes.length; i++) {
      Checks.positiveFinite("cellSizes[" + i + "]", cellSizes[i]);
      if (i > 0) {
        double ratio = cellSizes[i] / cellSizes[i - 1];
        if (ratio < 2 - 1e-9 || Math.abs(ratio - Math.rint(ratio)) > 1e-9) {
          throw new IllegalArgumentException(
              "cellSizes["
                  + i
                  + "] must be an integer multiple (>= 2) of cellSizes["
                  + (i - 1)
                  + "] = "
                  + cellSizes[i - 1]
                  + ", got "
                  + cellSizes[i]);
        }
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (String v : distinct) {
      String[] xy = v.split(",", -1);
      double x;
      double y;
      try {
        if (xy.length != 2) {
          throw new NumberFormatException();
        }
        x = Checks.finite("x", Double.parseDouble(xy[0].trim()));
        y = Checks.finite("y", Double.parseDouble(xy[1].trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "grid hierarchy: value \"" + v + "\" is not a point x,y in metres", e);
      }
      List<String> row = new ArrayList<>();
      row.add(v);
      for (double size : cellSizes) {
        long cx = (long) Math.floor(x / size);
        long cy = (long) Math.floor(y / size);
        row.add(plain(BigDecimal.valueOf(size)) + "m:" + cx + ":" + cy);
      }
      row.add(TOP);
      rows.add(row);
    }
    return Hierarchy.of(rows);
  }

  /** Mean Earth radius (IUGG), metres. */
  private static final double EARTH_RADIUS_M = 6_371_008.8;

  /**
   * A spatial grid for WGS84 points {@code lat,lon} in degrees: points are projected to metres with
   * a local equirectangular projection centred on the mean latitude of the values ({@code x =
   * R·lon·cos(lat0)}, {@code y = R·lat}, in radians), then gridded as by {@link #grid}. Distortion
   * is small at city scale (under 1% within about 100 km of the mean latitude).
   *
   * <p><b>Warning:</b> the projection depends on the values; build the hierarchy once from every
   * point you will release, so that all records share one grid.
   *
   * @param values points {@code lat,lon} in degrees, latitude in [-90, 90], longitude in [-180,
   *     180]
   * @param cellSizes at least one cell side in metres, as for {@link #grid}
   * @return the hierarchy, with {@code cellSizes.length + 2} levels
   * @throws IllegalArgumentException if a value is not a valid {@code lat,lon} or a size is invalid
   */
  public static Hierarchy geoGrid(Collection<String> values, double... cellSizes) {
    Set<String> distinct = distinct(values);
    List<double[]> points = new ArrayList<>();
    double latSum = 0;
    for (String v : distinct) {
      String[] ll = v.split(",", -1);
      double lat;
      double lon;
      try {
        if (ll.length != 2) {
          throw new NumberFormatException();
        }
        lat = Double.parseDouble(ll[0].trim());
        lon = Double.parseDouble(ll[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "geo grid hierarchy: value \"" + v + "\" is not a point lat,lon in degrees", e);
      }
      if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
        throw new IllegalArgumentException(
            "geo grid hierarchy: value \""
                + v
                + "\" must have latitude in [-90, 90] and longitude in [-180, 180]");
      }
      points.add(new double[] {lat, lon});
      latSum += lat;
    }
    double cos = Math.cos(Math.toRadians(latSum / points.size()));
    Map<String, String> projected = new java.util.LinkedHashMap<>();
    int i = 0;
    for (String v : distinct) {
      double[] p = points.get(i++);
      double x = EARTH_RADIUS_M * Math.toRadians(p[1]) * cos;
      double y = EARTH_RADIUS_M * Math.toRadians(p[0]);
      projected.put(v, x + "," + y);
    }
    Hierarchy metric = grid(projected.values(), cellSizes);
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, String> e : projected.entrySet()) {
      List<String> row = new ArrayList<>(metric.row(e.getValue()));
      row.set(0, e.getKey());
      rows.add(row);
    }
    return Hierarchy.of(rows);
  }

  /**
   * The two-level hierarchy {@code value;*}: keep a value or suppress it.
   *
   * @param values the values to cover
   * @return the hierarchy, with 2 levels
   * @throws IllegalArgumentException if {@code values} is null, empty or has a null
   */
  public static Hierarchy suppression(Collection<String> values) {
    List<List<String>> rows = new ArrayList<>();
    for (String v : distinct(values)) {
      rows.add(List.of(v, TOP));
    }
    return Hierarchy.of(rows);
  }

  private static Set<String> distinct(Collection<String> values) {
    Checks.nonEmpty("values", values);
    Set<String> distinct = new LinkedHashSet<>();
    for (String v : values) {
      if (v == null) {
        throw new IllegalArgumentException("values must not contain null");
      }
      distinct.add(v);
    }
    return distinct;
  }

  private static String plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
  }
}
