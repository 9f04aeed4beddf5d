package io.privacity.core.accounting.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Privacy loss distribution accounting of a multiset of curves: chooses the grid step, discretizes
 * each curve in both directions (connect-the-dots, cached per curve and step) and composes them by
 * FFT. Not thread-safe (its cache); accountants guard it with their lock.
 *
 * <p>The grid step h is the largest power of two at most a tenth of the root-mean-square loss scale
 * of the charges, and at most 1/4096 of the composed distribution's expected width (≈ 17·√K times
 * that scale, for K charges): connect-the-dots preserves E_P[e^{−L}] exactly, so the error it adds
 * per charge is of order h² (a variance h²/4 at most), which at h ≤ scale/10 is a fraction of a
 * percent of the composed variance. Powers of two keep the step, hence the cache, stable while
 * charges accrue. If the composition does not fit {@link PldComposer#MAX_FFT} points, h doubles.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class PldEvaluator {
  /** The tail mass left outside each discretized distribution (counted at +∞ above). */
  static final double DISCRETIZATION_TAIL = 1e-18;

  private final Map<Curve, Map<Double, Pmf[]>> cache = new IdentityHashMap<>();

  /** Creates an evaluator with an empty cache. */
  public PldEvaluator() {}

  /**
   * The composition of the curves, each with its multiplicity.
   *
   * @param curves the curves
   * @param counts their multiplicities, ≥ 1
   * @return the composed distributions (both directions)
   */
  public Result evaluate(List<Curve> curves, long[] counts) {
    double h = step(curves, counts);
    for (int attempt = 0; ; attempt++) {
      try {
        return evaluate(curves, counts, h);
      } catch (PldComposer.TooWideException e) {
        if (attempt > 40) {
          throw e;
        }
        h *= 2;
      }
    }
  }

  /**
   * The composition at a given grid step.
   *
   * @param curves the curves
   * @param counts their multiplicities
   * @param h the step
   * @return the composed distributions
   */
  public Result evaluate(List<Curve> curves, long[] counts, double h) {
    List<Pmf> remove = new ArrayList<>();
    List<Pmf> add = new ArrayList<>();
    boolean symmetric = true;
    for (Curve c : curves) {
      Pmf[] p = pmfs(c, h);
      remove.add(p[0]);
      add.add(p[1]);
      symmetric &= p[0] == p[1];
    }
    PldComposer.Composed r = PldComposer.compose(remove, counts);
    PldComposer.Composed a = symmetric ? r : PldComposer.compose(add, counts);
    // If every charge is pure, the composed loss never exceeds Σ n·ε: basic composition bounds ε,
    // and caps the discretization's overshoot of the top atoms (at most one grid step each).
    double pureSum = 0;
    for (int g = 0; g < curves.size(); g++) {
      pureSum += counts[g] * curves.get(g).pureEpsilon();
    }
    return new Result(r, a, Math.nextUp(pureSum));
  }

  private Pmf[] pmfs(Curve c, double h) {
    Map<Double, Pmf[]> byStep = cache.computeIfAbsent(c, k -> new java.util.HashMap<>());
    Pmf[] p = byStep.get(h);
    if (p == null) {
      double scale = c.lossScale();
      Pmf r = Discretization.discretize(c.remove(), scale, h, DISCRETIZATION_TAIL);
      Pmf a = c.symmetric() ? r : Discretization.discretize(c.add(), scale, h, DISCRETIZATION_TAIL);
      p = new Pmf[] {r, a};
      if (byStep.size() > 4) {
        byStep.clear();
      }
      byStep.put(h, p);
    }
    return p;
  }

  /**
   * Forgets cached discretizations of curves not in {@code keep}.
   *
   * @param keep the curves still in use
   */
  public void retainOnly(java.util.Collection<Curve> keep) {
    cache.keySet().retainAll(new java.util.HashSet<>(keep));
  }

  /**
   * The grid step for these charges (see the class comment).
   *
   * @param curves the curves
   * @param counts their multiplicities
   * @return h, a power of two
   */
  public static double step(List<Curve> curves, long[] counts) {
    double sumSq = 0;
    double k = 0;
    for (int g = 0; g < curves.size(); g++) {
      double s = curves.get(g).lossScale();
      sumSq += counts[g] * s * s;
      k += counts[g];
    }
    double rms = Math.sqrt(sumSq / Math.max(1, k));
    double width = 17 * Math.sqrt(Math.max(1, k)) * rms;
    double h = Math.min(0.1 * rms, width / 4096);
    if (!(h > 0) || !Double.isFinite(h)) {
      h = 1e-3;
    }
    h = Math.max(h, 0x1p-40);
    return Math.scalb(1.0, Math.getExponent(h));
  }

  /** The composed distributions of both directions; queries report the worse. */
  public static final class Result {
    private final PldComposer.Composed remove;
    private final PldComposer.Composed add;
    private final double pureSum;

    Result(PldComposer.Composed remove, PldComposer.Composed add, double pureSum) {
      this.remove = remove;
      this.add = add;
      this.pureSum = pureSum;
    }

    /**
     * ε(δ): the larger of both directions.
     *
     * @param delta δ
     * @return ε (+∞ if unreachable)
     */
    public double epsilon(double delta) {
      double e = remove.epsilon(delta);
      e = add == remove ? e : Math.max(e, add.epsilon(delta));
      return Math.min(e, pureSum);
    }

    /**
     * δ(ε): the larger of both directions.
     *
     * @param epsilon ε
     * @return δ
     */
    public double delta(double epsilon) {
      if (epsilon >= pureSum) {
        return 0;
      }
      double d = remove.delta(epsilon);
      return add == remove ? d : Math.max(d, add.delta(epsilon));
    }
  }
}
