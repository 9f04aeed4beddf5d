package io.privacity.core.accounting.internal;

/**
 * Pessimistic "connect-the-dots" discretization of a privacy loss distribution onto the grid {jh}
 * (Doroshenko, Ghazi, Kamath, Kumar and Manurangsi 2022, Algorithm 1).
 *
 * <p>With x = e^ε, the profile δ(x) of any pair is convex and non-increasing in x, δ(0) = 1. The
 * discretized distribution is the one whose profile is the piecewise-linear interpolation (in x) of
 * δ through the grid points x_j = e^{jh}, j = j₀…j₁, starting from (0, 1) and constant δ(x_{j₁})
 * beyond x_{j₁}. A chord of a convex function lies above it, so the discretized profile is at least
 * the true one everywhere — for every ε, negative ones included — and the discretized pair
 * dominates the true one: composing discretized pairs over-reports δ, never under-reports it (Zhu,
 * Dong and Wang 2022, Theorem 10 for composition of dominating pairs). Its masses are the slope
 * changes: ω_j = x_j·(s_{j+1} − s_j), the mass at +∞ is δ(x_{j₁}).
 *
 * <p>When the view knows the masses of the loss on intervals, the slopes are computed from cell
 * masses a_j = P(L ∈ (ε_{j−1}, ε_j]) and b̃_j = E_P[e^{ε_j − L}; L ∈ cell] (bounded by e^h·a_j):
 * with c̃_j = −(a_j − e^{−h}b̃_j)/(1 − e^{−h}) (c̃_{j₀} = −a_{j₀} for the first cell (−∞, ε_{j₀}]),
 * ω_j = e^{−h}(b̃_{j+1} + c̃_{j+1}) − c̃_j for j &lt; j₁ and ω_{j₁} = B̃ − c̃_{j₁} with B̃ =
 * E_P[e^{ε_{j₁} − L}; L &gt; ε_{j₁}]. Every quantity is a mass, so there is no cancellation between
 * numbers near 1 and no overflow of e^ε. Otherwise the masses come from differences of δ at the
 * grid points (the formula of Doroshenko et al.). Negative masses (rounding) are set to 0, which
 * only raises the profile.
 *
 * <p>The grid spans [j₀h, j₁h]: j₁h covers the largest loss, or reaches where δ ≤ {@code tail} (the
 * rest counts at +∞); j₀h covers the smallest loss, or reaches where the mass below is ≤ {@code
 * tail} (it is lumped at j₀h by the chord from (0, 1), still pessimistic).
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class Discretization {
  private Discretization() {}

  /** Most points of one discretized distribution; beyond, the range is cut (pessimistically). */
  static final int MAX_POINTS = 1 << 22;

  /**
   * Discretizes one direction of a pair.
   *
   * @param view the pair
   * @param scale a rough loss scale (for the range search)
   * @param h the grid step
   * @param tail the mass allowed outside the grid
   * @return the discretized distribution
   */
  public static Pmf discretize(PairView view, double scale, double h, double tail) {
    double top = upperEnd(view, scale, tail);
    double bottom = lowerEnd(view, scale, tail, top);
    long j1 = (long) Math.ceil(top / h);
    long j0 = (long) Math.floor(bottom / h);
    if (j1 - j0 + 1 > MAX_POINTS) {
      j0 = j1 - MAX_POINTS + 1; // a higher left end: the chord from (0, 1) only adds mass above
    }
    if (j0 > j1) {
      j0 = j1;
    }
    int n = (int) (j1 - j0 + 1);
    double[] omega = view.hasMasses() ? fromMasses(view, j0, n, h) : fromProfile(view, j0, n, h);
    double inf = Math.max(view.infinityMass(), view.delta(j1 * h));
    for (int i = 0; i < n; i++) {
      if (!(omega[i] > 0)) {
        omega[i] = 0;
      }
    }
    return new Pmf(j0, omega, Math.min(1, inf), h);
  }

  private static double[] fromMasses(PairView view, long j0, int n, double h) {
    double em = Math.exp(-h);
    double oneMinusEm = -Math.expm1(-h);
    double[] omega = new double[n];
    // c̃ of the first cell (−∞, ε_{j0}].
    double prevC = -view.massP(Double.NEGATIVE_INFINITY, j0 * h);
    for (int i = 0; i < n; i++) {
      double eps = (j0 + i) * h;
      if (i + 1 < n) {
        // The same expression as the next cell's lower end, so that consecutive cells share their
        // boundary exactly: an atom is then counted in exactly one cell.
        double next = (j0 + i + 1) * h;
        double a = view.massP(eps, next);
        double b = view.scaledMassQ(eps, next, next);
        double c = -(a - em * b) / oneMinusEm;
        if (c > 0) {
          c = 0; // a ≥ e^{−h}·b̃ always; a rounding artefact otherwise
        }
        omega[i] = em * (b + c) - prevC;
        prevC = c;
      } else {
        double bt = view.scaledMassQ(eps, Double.POSITIVE_INFINITY, eps);
        omega[i] = bt - prevC;
      }
    }
    return omega;
  }

  private static double[] fromProfile(PairView view, long j0, int n, double h) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      double eps = (j0 + i) * h;
      double v = view.delta(eps);
      // The true δ is at least 1 − e^ε and non-increasing: raising to the first, or lowering to
      // an earlier (larger-or-equal true) value, keeps each point an upper bound.
      v = Math.max(v, -Math.expm1(eps));
      if (i > 0) {
        v = Math.min(v, d[i - 1]);
      }
      d[i] = Math.min(1, v);
    }
    convexMinorant(d, h);
    double[] omega = new double[n];
    if (n == 1) {
      omega[0] = 1 - d[0];
      return omega;
    }
    double ep = Math.expm1(h); // e^h − 1
    double eph = Math.exp(h);
    omega[0] = 1 - d[0] + (d[1] - d[0]) / ep;
    for (int i = 1; i < n - 1; i++) {
      omega[i] = ((d[i + 1] - d[i]) - eph * (d[i] - d[i - 1])) / ep;
    }
    omega[n - 1] = (d[n - 1] - d[n - 2]) / Math.expm1(-h);
    return omega;
  }

  /**
   * Replaces the points (x_j, d_j), x_j = e^{jh} (with (0, 1) in front), by their greatest convex
   * minorant. The true profile is convex and below every d_j, so it is below the minorant too: the
   * values stay upper bounds, and the masses of the discretization become non-negative (a bound
   * that is not convex would otherwise need negative masses, set to 0, adding mass). Skipped when
   * e^{(n−1)h} would overflow.
   */
  private static void convexMinorant(double[] d, double h) {
    int n = d.length;
    if ((n - 1) * h > 600) {
      return;
    }
    double[] x = new double[n + 1];
    double[] y = new double[n + 1];
    x[0] = 0;
    y[0] = 1;
    for (int i = 0; i < n; i++) {
      x[i + 1] = Math.exp(i * h);
      y[i + 1] = d[i];
    }
    int[] hull = new int[n + 1];
    int size = 0;
    for (int i = 0; i <= n; i++) {
      while (size >= 2) {
        int a = hull[size - 2];
        int b = hull[size - 1];
        // Keep b only if it lies strictly below the segment from a to i.
        double cross = (x[b] - x[a]) * (y[i] - y[a]) - (y[b] - y[a]) * (x[i] - x[a]);
        if (cross <= 0) {
          size--;
        } else {
          break;
        }
      }
      hull[size++] = i;
    }
    int k = 0;
    for (int i = 1; i <= n; i++) {
      while (k + 1 < size && hull[k + 1] < i) {
        k++;
      }
      int a = hull[k];
      int b = hull[Math.min(k + 1, size - 1)];
      if (a == i || a == b) {
        continue;
      }
      double t = (x[i] - x[a]) / (x[b] - x[a]);
      d[i - 1] = Math.min(d[i - 1], y[a] + t * (y[b] - y[a]));
    }
  }

  /** Where δ ≤ tail, or the largest finite loss. */
  private static double upperEnd(PairView view, double scale, double tail) {
    double max = view.maxLoss();
    if (max < Double.POSITIVE_INFINITY) {
      return max;
    }
    double u = Math.max(scale, 1e-9);
    for (int i = 0; i < 2000 && view.delta(u) > Math.max(tail, view.infinityMass()); i++) {
      u = 2 * u + scale;
    }
    return u;
  }

  /** Where the P-mass below is ≤ tail, or the smallest finite loss. */
  private static double lowerEnd(PairView view, double scale, double tail, double top) {
    double min = view.minLoss();
    if (min > Double.NEGATIVE_INFINITY) {
      return min;
    }
    if (view.hasMasses()) {
      double l = -Math.max(scale, 1e-9);
      for (int i = 0; i < 2000 && view.massP(Double.NEGATIVE_INFINITY, l) > tail; i++) {
        l = 2 * l - scale;
      }
      return l;
    }
    // Profile only: P(L < −t−1) ≤ e^{−(t+1)}·δ_reverse(t)/(1 − 1/e) (Markov on Q for the reverse
    // loss); taking t where the reverse δ is ≤ tail (the reverse pair of a symmetric view is the
    // view itself, and zCDP and sampling without replacement are symmetric).
    return -top - 1;
  }
}
