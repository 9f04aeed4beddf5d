package io.privacity.dp.geo;

import io.privacity.core.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * The utility-optimal ε-geo-indistinguishable mechanism on a small grid of locations under a public
 * prior, by linear programming (Bordenabe, Chatzikokolakis, Palamidessi, "Optimal
 * Geo-Indistinguishable Mechanisms for Location Privacy", CCS 2014), solved with commons-math3's
 * {@link SimplexSolver}. An analysis tool: it computes the optimal channel matrix and its expected
 * error, to compare with planar Laplace on the same grid.
 *
 * <h2>Linear program</h2>
 *
 * <p>Variables k(x, z) ≥ 0 for locations x, z of the grid; minimise Σₓ π(x) Σ_z k(x, z)·d(x, z)
 * subject to Σ_z k(x, z) = 1 for every x and the geo-indistinguishability constraints k(x, z) ≤
 * e^{ε′·d(x, x′)}·k(x′, z):
 *
 * <ul>
 *   <li>{@link Constraints#ALL_PAIRS}: for every ordered pair x ≠ x′ and z, with ε′ = ε — the exact
 *       optimum; n²(n − 1) constraints;
 *   <li>{@link Constraints#SPANNER}: only for grid neighbours (8-neighbourhood) with ε′ = ε/δ, δ =
 *       √(4 − 2√2) ≈ 1.0824 the dilation of the 8-neighbour grid graph (the spanning-graph
 *       reduction of Bordenabe et al. §4): chaining along shortest paths gives k(x, z) ≤
 *       e^{(ε/δ)·d_G(x, x′)} k(x′, z) ≤ e^{ε·d(x, x′)} k(x′, z), so the result is ε-geo-ind; about
 *       8n constraints per output column, at the price of a slightly suboptimal value.
 * </ul>
 *
 * <h2>Size limits</h2>
 *
 * <p>{@link SimplexSolver} uses a dense tableau and Bland's rule; these LPs are highly degenerate
 * (every constraint has right-hand side 0), and it becomes impractically slow quickly: measured 0.3
 * s for 3×3 with all pairs and 0.7 s for 3×4 with the spanner, but more than 200 s for 4×4 with the
 * spanner. We therefore accept at most {@link #MAX_LOCATIONS_ALL_PAIRS} = 9 locations with all
 * pairs and {@link #MAX_LOCATIONS_SPANNER} = 12 with the spanner, well short of the 7×7 of
 * Bordenabe et al. (who used a dedicated LP solver); a sparse interior-point solver would be needed
 * for larger grids.
 *
 * <p><b>Warning:</b> the solution is a floating-point matrix that satisfies the constraints up to
 * the solver's tolerance (about 10^−9); no sampler is provided, because releasing samples drawn
 * with such probabilities would not be floating-point safe. Use {@link PlanarLaplace} (optionally
 * with {@link OptimalRemapping}) to release positions.
 */
public final class OptimalMechanism {
  /** Largest number of locations with {@link Constraints#ALL_PAIRS}. */
  public static final int MAX_LOCATIONS_ALL_PAIRS = 9;

  /** Largest number of locations with {@link Constraints#SPANNER}. */
  public static final int MAX_LOCATIONS_SPANNER = 12;

  /** Dilation of the 8-neighbour grid graph with Euclidean edge lengths: √(4 − 2√2). */
  public static final double SPANNER_DILATION = Math.sqrt(4 - 2 * Math.sqrt(2));

  /** Which geo-indistinguishability constraints the LP imposes. */
  public enum Constraints {
    /** Every ordered pair of locations, at ε: the exact optimum. */
    ALL_PAIRS,
    /** Grid neighbours only (8-neighbourhood), at ε/δ: a spanning-graph reduction. */
    SPANNER
  }

  private final int rows;
  private final int columns;
  private final double spacing;
  private final double epsilon;
  private final double[] prior;
  private final double[][] matrix;
  private final double expectedError;

  private OptimalMechanism(
      int rows, int columns, double spacing, double epsilon, double[] prior, Constraints mode) {
    this.rows = rows;
    this.columns = columns;
    this.spacing = spacing;
    this.epsilon = epsilon;
    this.prior = prior;
    int n = rows * columns;
    int vars = n * n;
    double[] objective = new double[vars];
    for (int x = 0; x < n; x++) {
      for (int z = 0; z < n; z++) {
        objective[x * n + z] = prior[x] * distance(x, z);
      }
    }
    List<LinearConstraint> cs = new ArrayList<>();
    for (int x = 0; x < n; x++) {
      double[] row = new double[vars];
      for (int z = 0; z < n; z++) {
        row[x * n + z] = 1;
      }
      cs.add(new LinearConstraint(row, Relationship.EQ, 1));
    }
    double rate = mode == Constraints.ALL_PAIRS ? epsilon : epsilon / SPANNER_DILATION;
    for (int x = 0; x < n; x++) {
      for (int x2 = 0; x2 < n; x2++) {
        if (x == x2 || (mode == Constraints.SPANNER && !neighbours(x, x2))) {
          continue;
        }
        double factor = Math.exp(rate * distance(x, x2));
        for (int z = 0; z < n; z++) {
          double[] row = new double[vars];
          row[x * n + z] = 1;
          row[x2 * n + z] = -factor;
          cs.add(new LinearConstraint(row, Relationship.LEQ, 0));
        }
      }
    }
    PointValuePair sol =
        new SimplexSolver(1e-9, 10, 1e-12)
            .optimize(
                new MaxIter(1_000_000),
                new LinearObjectiveFunction(objective, 0),
                new LinearConstraintSet(cs),
                GoalType.MINIMIZE,
                new NonNegativeConstraint(true));
    double[] k = sol.getPoint();
    this.matrix = new double[n][n];
    for (int x = 0; x < n; x++) {
      for (int z = 0; z < n; z++) {
        matrix[x][z] = Math.max(0, k[x * n + z]);
      }
    }
    this.expectedError = sol.getValue();
  }

  /**
   * Solves the LP for a rows×columns grid of locations {@code spacing} metres apart.
   *
   * @param rows rows of the grid, &gt;= 1
   * @param columns columns of the grid, &gt;= 1
   * @param spacingMeters distance between neighbouring locations, finite and &gt; 0
   * @param epsilonPerMeter ε, finite and &gt; 0
   * @param prior weights of the locations in row-major order (length rows·columns), finite, &gt;=
   *     0, not all 0; normalised here
   * @param constraints which constraints to impose, not null
   * @return the optimal mechanism
   * @throws IllegalArgumentException if a parameter is invalid or the grid exceeds the size limit
   *     of the chosen constraints
   */
  public static OptimalMechanism solve(
      int rows,
      int columns,
      double spacingMeters,
      double epsilonPerMeter,
      double[] prior,
      Constraints constraints) {
    Checks.positive("rows", rows);
    Checks.positive("columns", columns);
    Checks.positiveFinite("spacingMeters", spacingMeters);
    Checks.positiveFinite("epsilonPerMeter", epsilonPerMeter);
    Checks.notNull("prior", prior);
    Checks.notNull("constraints", constraints);
    int n = rows * columns;
    int max =
        constraints == Constraints.ALL_PAIRS ? MAX_LOCATIONS_ALL_PAIRS : MAX_LOCATIONS_SPANNER;
    if (n < 2 || n > max) {
      throw new IllegalArgumentException(
          "rows*columns must be in [2, " + max + "] for " + constraints + ", got " + n);
    }
    if (prior.length != n) {
      throw new IllegalArgumentException(
          "prior must have rows*columns = " + n + " weights, got " + prior.length);
    }
    double total = 0;
    for (double w : prior) {
      total += Checks.nonNegativeFinite("prior weight", w);
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("prior weights must not all be 0");
    }
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = prior[i] / total;
    }
    return new OptimalMechanism(rows, columns, spacingMeters, epsilonPerMeter, p, constraints);
  }

  /**
   * The expected distance between true and reported location under the prior (the LP optimum).
   *
   * @return the expected error in metres
   */
  public double expectedError() {
    return expectedError;
  }

  /**
   * The channel matrix k(x, z), locations in row-major order (a copy).
   *
   * @return {@code matrix[x][z]} = P(report z | true x)
   */
  public double[][] matrix() {
    double[][] copy = new double[matrix.length][];
    for (int i = 0; i < matrix.length; i++) {
      copy[i] = matrix[i].clone();
    }
    return copy;
  }

  /**
   * The expected error under the same prior of the lattice planar Laplace with the grid spacing as
   * step and rate ε, truncated to the grid (each output replaced by the nearest grid location): an
   * ε-geo-indistinguishable mechanism on these locations, hence feasible for the {@link
   * Constraints#ALL_PAIRS} LP. Computed exactly by summing the noise over a window holding all but
   * e^{−60} of its mass.
   *
   * @param epsilonPerMeter the rate ε of the planar Laplace, finite and &gt; 0
   * @return the expected error in metres
   * @throws IllegalArgumentException if ε is not finite or ≤ 0
   */
  public double planarLaplaceExpectedError(double epsilonPerMeter) {
    Checks.positiveFinite("epsilonPerMeter", epsilonPerMeter);
    double gamma = epsilonPerMeter * spacing;
    int w = (int) Math.ceil(70 / gamma) + 2;
    if (w > 4000) {
      throw new IllegalArgumentException(
          "epsilonPerMeter*spacing must be >= 0.0175 for the exact sum, got " + gamma);
    }
    double norm = 0;
    double[] err = new double[rows * columns];
    for (int a = -w; a <= w; a++) {
      for (int b = -w; b <= w; b++) {
        double p = Math.exp(-gamma * Math.hypot(a, b));
        norm += p;
        for (int x = 0; x < err.length; x++) {
          int xr = x / columns;
          int xc = x % columns;
          int zr = Math.max(0, Math.min(rows - 1, xr + a));
          int zc = Math.max(0, Math.min(columns - 1, xc + b));
          err[x] += p * spacing * Math.hypot(zr - xr, zc - xc);
        }
      }
    }
    double e = 0;
    for (int x = 0; x < err.length; x++) {
      e += prior[x] * err[x] / norm;
    }
    return e;
  }

  /**
   * The ε the LP was solved for.
   *
   * @return ε per metre
   */
  public double epsilonPerMeter() {
    return epsilon;
  }

  double distance(int x, int z) {
    return spacing * Math.hypot(x / columns - z / columns, x % columns - z % columns);
  }

  private boolean neighbours(int x, int z) {
    return Math.abs(x / columns - z / columns) <= 1 && Math.abs(x % columns - z % columns) <= 1;
  }
}
