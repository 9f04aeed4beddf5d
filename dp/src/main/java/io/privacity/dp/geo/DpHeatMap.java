package io.privacity.dp.geo;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.Descriptions;
import io.privacity.dp.mechanism.DiscreteLaplaceMechanism;
import io.privacity.dp.mechanism.Guarantee;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A differentially private heat map: counts of positions per cell of a latitude/longitude grid over
 * a public bounding box, with per-person contribution bounding and discrete Laplace noise.
 *
 * <pre>{@code
 * DpHeatMap map = DpHeatMap.builder()
 *     .bounds(GeoRegion.boundingBox(sw, ne)).rows(40).columns(40)
 *     .maxCellsPerPerson(3).epsilon(1).accountant(budget).build();
 * trips.forEach(t -> map.add(t.bikeId(), t.start()));
 * DpHeatMap.Release heat = map.release();
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>The release is ε-DP (pure) under add/remove of one person (all positions added with the same
 * person key). Each person's positions are mapped to the set of distinct cells they fall in; if
 * there are more than m = {@code maxCellsPerPerson}, a uniformly random subset of m cells is kept
 * (independent of other persons). Every person then adds at most 1 to at most m cells: the L1
 * sensitivity of the count vector is m, and independent discrete Laplace noise of scale m/ε per
 * cell ({@link DiscreteLaplaceMechanism}, exact integer sampling) gives ε-DP. Counts are noised in
 * every cell, including empty ones, so the set of non-empty cells is not revealed. Positions
 * outside the bounds are dropped (the bounds are public).
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>The person key must identify the privacy unit (e.g. a user or a device), and the bounds and
 *       grid must be public.
 *   <li>ε is charged to the accountant (if given) once, in {@link #release()}, before any noise is
 *       drawn; the map can be released only once ({@link IllegalStateException} afterwards).
 * </ul>
 *
 * <p>Counts are unbiased for the bounded data, so they may be negative; clamp at 0 for display. Not
 * thread-safe while adding; synchronise externally if several threads add.
 */
public final class DpHeatMap {
  private static final String NAME = "DpHeatMap";

  private final GeoRegion bounds;
  private final GeoPoint southWest;
  private final GeoPoint northEast;
  private final int rows;
  private final int columns;
  private final int maxCells;

  /** Largest m charged cell by cell (beyond, the generic pure ε: valid, looser, small). */
  private static final int MAX_DESCRIBED_CELLS = 1024;

  private final double epsilon;
  private final Randomness randomness;
  private final PrivacyAccountant accountant;
  private final Map<Object, Set<Integer>> cellsByPerson = new HashMap<>();
  private boolean released;

  private DpHeatMap(Builder b) {
    this.bounds = b.bounds;
    List<GeoPoint> v = bounds.vertices();
    this.southWest = v.get(0);
    this.northEast = v.get(2);
    this.rows = b.rows;
    this.columns = b.columns;
    this.maxCells = b.maxCells;
    this.epsilon = b.epsilon;
    this.randomness = b.randomness;
    this.accountant = b.accountant;
  }

  /**
   * A builder; bounds, rows, columns, maxCellsPerPerson and epsilon are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds one position of a person; positions outside the bounds are ignored.
   *
   * @param person the privacy unit's key, not null
   * @param position the position, not null
   * @throws IllegalArgumentException if an argument is null
   * @throws IllegalStateException if the map was already released
   */
  public void add(Object person, GeoPoint position) {
    Checks.notNull("person", person);
    Checks.notNull("position", position);
    Checks.state(!released, "the heat map was already released");
    int cell = cellOf(position);
    if (cell >= 0) {
      cellsByPerson.computeIfAbsent(person, k -> new LinkedHashSet<>()).add(cell);
    }
  }

  private int cellOf(GeoPoint p) {
    if (!bounds.contains(p)) {
      return -1;
    }
    double fr =
        (p.latitude() - southWest.latitude()) / (northEast.latitude() - southWest.latitude());
    double fc =
        (p.longitude() - southWest.longitude()) / (northEast.longitude() - southWest.longitude());
    int r = Math.min(rows - 1, (int) Math.floor(fr * rows));
    int c = Math.min(columns - 1, (int) Math.floor(fc * columns));
    return r * columns + c;
  }

  /**
   * Bounds contributions, charges ε and releases the noisy counts. Single use.
   *
   * @return the noisy heat map with its guarantee
   * @throws IllegalStateException if already released
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
   *     the charge (nothing is released; the map stays unreleased)
   */
  public Release release() {
    Checks.state(!released, "the heat map was already released");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("rows", rows);
    p.put("columns", columns);
    p.put("bounds", bounds.toString());
    p.put("maxCellsPerPerson", maxCells);
    p.put("l1Sensitivity", maxCells);
    p.put("noise", "discrete Laplace, scale m/epsilon");
    DiscreteLaplaceMechanism noise =
        DiscreteLaplaceMechanism.builder()
            .epsilon(epsilon)
            .l1Sensitivity(maxCells)
            .randomness(randomness)
            .build();
    // A person moves at most m cells by 1 each: the release is described as m discrete Laplace
    // mechanisms of sensitivity 1 at the noise's scale, so curve-based accountants compose it.
    PrivacyLoss perCell = PrivacyLoss.discreteLaplace(Math.nextDown(noise.scale()), 1);
    Guarantee guarantee =
        new Guarantee(
            NAME,
            maxCells > MAX_DESCRIBED_CELLS
                ? PrivacyLoss.pure(epsilon)
                : Descriptions.calibrated(
                    () -> PrivacyLoss.composition(Collections.nCopies(maxCells, perCell)),
                    PrivacyLoss.pure(epsilon)),
            p);
    if (accountant != null) {
      accountant.charge(NAME, guarantee.loss());
    }
    released = true;
    long[][] counts = new long[rows][columns];
    for (Set<Integer> cells : cellsByPerson.values()) {
      List<Integer> kept = new ArrayList<>(cells);
      if (kept.size() > maxCells) {
        // Partial Fisher–Yates: a uniformly random m-subset.
        for (int i = 0; i < maxCells; i++) {
          int j = i + randomness.nextInt(kept.size() - i);
          Integer t = kept.get(i);
          kept.set(i, kept.get(j));
          kept.set(j, t);
        }
        kept = kept.subList(0, maxCells);
      }
      for (int cell : kept) {
        counts[cell / columns][cell % columns]++;
      }
    }
    cellsByPerson.clear();
    for (long[] row : counts) {
      for (int c = 0; c < row.length; c++) {
        row[c] = noise.addNoise(row[c]);
      }
    }
    return new Release(counts, southWest, northEast, guarantee);
  }

  /**
   * A released heat map.
   *
   * @param counts noisy counts, {@code counts[row][column]}, row 0 southernmost, column 0
   *     westernmost
   * @param southWest the south-west corner of the grid
   * @param northEast the north-east corner of the grid
   * @param guarantee what the release guarantees
   */
  public record Release(
      long[][] counts, GeoPoint southWest, GeoPoint northEast, Guarantee guarantee) {
    /**
     * Validates and copies the counts.
     *
     * @param counts the counts, not null, rectangular
     * @param southWest the south-west corner, not null
     * @param northEast the north-east corner, not null
     * @param guarantee the guarantee, not null
     */
    public Release {
      Checks.notNull("counts", counts);
      Checks.notNull("southWest", southWest);
      Checks.notNull("northEast", northEast);
      Checks.notNull("guarantee", guarantee);
      long[][] copy = new long[counts.length][];
      for (int i = 0; i < counts.length; i++) {
        copy[i] = counts[i].clone();
      }
      counts = copy;
    }

    /**
     * The noisy counts (a copy).
     *
     * @return {@code counts[row][column]}
     */
    @Override
    public long[][] counts() {
      long[][] copy = new long[counts.length][];
      for (int i = 0; i < counts.length; i++) {
        copy[i] = counts[i].clone();
      }
      return copy;
    }

    /**
     * The centre of a cell.
     *
     * @param row the row, 0 southernmost
     * @param column the column, 0 westernmost
     * @return the cell centre
     */
    public GeoPoint cellCenter(int row, int column) {
      double lat =
          southWest.latitude()
              + (row + 0.5) * (northEast.latitude() - southWest.latitude()) / counts.length;
      double lon =
          southWest.longitude()
              + (column + 0.5) * (northEast.longitude() - southWest.longitude()) / counts[0].length;
      return new GeoPoint(lat, lon);
    }
  }

  /** Builds a {@link DpHeatMap}; each setter validates its argument at once. */
  public static final class Builder {
    private GeoRegion bounds;
    private int rows;
    private int columns;
    private int maxCells;
    private double epsilon = Double.NaN;
    private Randomness randomness = Randomness.secure();
    private PrivacyAccountant accountant;

    private Builder() {}

    /**
     * The public bounding box of the map.
     *
     * @param boundingBox a box made by {@link GeoRegion#boundingBox}, not null
     * @return this builder
     * @throws IllegalArgumentException if null or not a bounding box
     */
    public Builder bounds(GeoRegion boundingBox) {
      Checks.notNull("boundingBox", boundingBox);
      if (!boundingBox.isBoundingBox()) {
        throw new IllegalArgumentException(
            "boundingBox must be made by GeoRegion.boundingBox, got " + boundingBox);
      }
      this.bounds = boundingBox;
      return this;
    }

    /**
     * Number of rows (latitude bands).
     *
     * @param rows in [1, 4096]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder rows(int rows) {
      this.rows = (int) Checks.inRange("rows", rows, 1, 4096);
      return this;
    }

    /**
     * Number of columns (longitude bands).
     *
     * @param columns in [1, 4096]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder columns(int columns) {
      this.columns = (int) Checks.inRange("columns", columns, 1, 4096);
      return this;
    }

    /**
     * The contribution bound m: at most m cells per person.
     *
     * @param maxCellsPerPerson m, in [1, 1000]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxCellsPerPerson(int maxCellsPerPerson) {
      this.maxCells = (int) Checks.inRange("maxCellsPerPerson", maxCellsPerPerson, 1, 1000);
      return this;
    }

    /**
     * ε of the whole release.
     *
     * @param epsilon ε, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if ε is NaN, infinite or ≤ 0
     */
    public Builder epsilon(double epsilon) {
      this.epsilon = Checks.positiveFinite("epsilon", epsilon);
      return this;
    }

    /**
     * The randomness (subset selection and noise); defaults to {@link Randomness#secure()}.
     *
     * @param randomness the source of random bits, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder randomness(Randomness randomness) {
      this.randomness = Checks.notNull("randomness", randomness);
      return this;
    }

    /**
     * An accountant charged ε at release; optional.
     *
     * @param accountant the accountant, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder accountant(PrivacyAccountant accountant) {
      this.accountant = Checks.notNull("accountant", accountant);
      return this;
    }

    /**
     * Builds the heat map collector.
     *
     * @return the collector
     * @throws IllegalStateException if a required parameter is missing
     */
    public DpHeatMap build() {
      Checks.state(bounds != null, "bounds must be set");
      Checks.state(rows > 0 && columns > 0, "rows and columns must be set");
      Checks.state(maxCells > 0, "maxCellsPerPerson must be set");
      Checks.state(!Double.isNaN(epsilon), "epsilon must be set");
      return new DpHeatMap(this);
    }
  }
}
