package io.privacity.dp.geo;

import io.privacity.core.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Optimal remapping of {@link PlanarLaplace} outputs under a public prior: replaces a reported
 * position z by the candidate that minimises the expected distance to the true position under the
 * posterior — the Bayesian post-processing of Chatzikokolakis, ElSalamouny and Palamidessi (PETS
 * 2017). Immutable and thread-safe.
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>Remapping is a deterministic function of the released position and of public data (the prior
 * and the mechanism's parameters), so the mechanism's geo-indistinguishability is unchanged
 * (post-processing).
 *
 * <h2>What it computes</h2>
 *
 * <p>For the lattice planar Laplace, P(z | x) = exp(−γ‖z − X‖)/C with X the grid point the prior
 * location x rounds to, γ the lattice rate and C independent of x. The posterior is w(x) ∝ π(x)·
 * exp(−γ‖z − X‖) (computed in log space), and the output is argmin over candidates c ∈ supp(π) ∪
 * {z} of Σₓ w(x)·‖x − c‖ (Euclidean, in the mechanism's plane). Because z itself is a candidate,
 * for every z the posterior expected error of the remapped output is at most that of z: the
 * expected error under the prior never increases (the paper's "optimal remap" restricted to this
 * candidate set; tested exactly on a fixed grid in {@code OptimalRemappingTest}). Cost per call:
 * O(|supp π|²).
 *
 * <p><b>Warning:</b> the prior must be public (e.g. population density from a census), not
 * estimated from the users being protected; and the improvement is measured under that prior — a
 * user far from the prior's mass can get larger errors. Use an untruncated mechanism (truncate the
 * remapped output if needed).
 */
public final class OptimalRemapping {
  /** Largest accepted prior support. */
  public static final int MAX_SUPPORT = 10_000;

  private final PlanarLaplace mechanism;
  private final double[] px;
  private final double[] py;
  private final double[] rx;
  private final double[] ry;
  private final double[] logPrior;

  private OptimalRemapping(PlanarLaplace mechanism, List<GeoPoint> points, List<Double> weights) {
    this.mechanism = mechanism;
    int n = points.size();
    px = new double[n];
    py = new double[n];
    rx = new double[n];
    ry = new double[n];
    logPrior = new double[n];
    double s = mechanism.gridStepMeters();
    for (int i = 0; i < n; i++) {
      PlanarPoint q = mechanism.projection().toPlane(points.get(i));
      px[i] = q.x();
      py[i] = q.y();
      rx[i] = Math.round(q.x() / s);
      ry[i] = Math.round(q.y() / s);
      logPrior[i] = Math.log(weights.get(i));
    }
  }

  /**
   * A remapping for a mechanism and a public prior.
   *
   * @param mechanism an untruncated planar Laplace mechanism, not null
   * @param prior public prior weights by location (need not be normalised), 1 to {@link
   *     #MAX_SUPPORT} entries, each weight finite and &gt;= 0, total &gt; 0
   * @return the remapping
   * @throws IllegalArgumentException if an argument is null, the prior is empty or too large, a
   *     weight is negative, NaN or infinite, all weights are 0, or the mechanism is truncated
   */
  public static OptimalRemapping of(PlanarLaplace mechanism, Map<GeoPoint, Double> prior) {
    Checks.notNull("mechanism", mechanism);
    Checks.notNull("prior", prior);
    if (prior.isEmpty() || prior.size() > MAX_SUPPORT) {
      throw new IllegalArgumentException(
          "prior must have 1 to " + MAX_SUPPORT + " locations, got " + prior.size());
    }
    if (mechanism.isTruncated()) {
      throw new IllegalArgumentException(
          "mechanism must be untruncated (remap first, then truncate), got " + mechanism);
    }
    List<GeoPoint> points = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    double total = 0;
    for (Map.Entry<GeoPoint, Double> e : prior.entrySet()) {
      Checks.notNull("prior location", e.getKey());
      double w =
          Checks.nonNegativeFinite("prior weight", Checks.notNull("prior weight", e.getValue()));
      if (w > 0) {
        points.add(e.getKey());
        weights.add(w);
        total += w;
      }
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("prior weights must not all be 0, got " + prior);
    }
    return new OptimalRemapping(mechanism, points, weights);
  }

  /**
   * Remaps a position reported by the mechanism.
   *
   * @param reported a position released by the mechanism, not null
   * @return the remapped position
   * @throws IllegalArgumentException if reported is null
   */
  public GeoPoint remap(GeoPoint reported) {
    Checks.notNull("reported", reported);
    PlanarPoint q = mechanism.projection().toPlane(reported);
    double s = mechanism.gridStepMeters();
    PlanarPoint r = remapIndex(Math.round(q.x() / s), Math.round(q.y() / s));
    return mechanism.projection().toGeo(r);
  }

  /** The remapped planar position for a released grid index (package-private for tests). */
  PlanarPoint remapIndex(long zi, long zj) {
    double[] w = posterior(zi, zj);
    double s = mechanism.gridStepMeters();
    double zx = zi * s;
    double zy = zj * s;
    double bestCost = expectedDistance(w, zx, zy);
    double bx = zx;
    double by = zy;
    for (int c = 0; c < px.length; c++) {
      double cost = expectedDistance(w, px[c], py[c]);
      if (cost < bestCost) {
        bestCost = cost;
        bx = px[c];
        by = py[c];
      }
    }
    return new PlanarPoint(bx, by);
  }

  /** Posterior weights (normalised) of the prior locations given the grid output (zi, zj). */
  double[] posterior(long zi, long zj) {
    double gamma = mechanism.latticeRate();
    double[] lw = new double[px.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < px.length; i++) {
      lw[i] = logPrior[i] - gamma * Math.hypot(zi - rx[i], zj - ry[i]);
      max = Math.max(max, lw[i]);
    }
    double sum = 0;
    for (int i = 0; i < lw.length; i++) {
      lw[i] = Math.exp(lw[i] - max);
      sum += lw[i];
    }
    for (int i = 0; i < lw.length; i++) {
      lw[i] /= sum;
    }
    return lw;
  }

  private double expectedDistance(double[] w, double cx, double cy) {
    double e = 0;
    for (int i = 0; i < w.length; i++) {
      e += w[i] * Math.hypot(px[i] - cx, py[i] - cy);
    }
    return e;
  }
}
