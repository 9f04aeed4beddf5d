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

  /**
   * Most distinct curves composed as they are; beyond, parameters are rounded pessimistically to
   * the coarsest-needed grid (see {@link #coarsen}).
   */
  static final int MAX_GROUPS = 160;

  /**
   * The coarsest global level (log-step 2^−4, ratio ≈ 1.065): beyond, more groups are composed
   * rather than the largest shares rounded further.
   */
  static final int MAX_BASE_LEVEL = 24;

  /** Coarsening levels added per halving of a curve's share of the composed variance. */
  static final int SHIFT_PER_OCTAVE = 2;

  /** The most levels a curve's small share adds (four doublings of its grid's log-step). */
  static final int MAX_SHIFT = 16;

  /** The finest coarsening grid's log-step (ratio 1 + 2^−10 ≈ 1.001). */
  static final double FINEST_STEP = 0x1p-10;

  /** Coarsening levels per doubling of the grid's log-step. */
  static final int LEVELS_PER_OCTAVE = 4;

  /**
   * The coarsest coarsening grid's log-step is FINEST_STEP·2^(MAX_LEVEL/LEVELS_PER_OCTAVE) = 1
   * (ratio e).
   */
  static final int MAX_LEVEL = 40;

  private final Map<Curve, Map<Double, Pmf[]>> cache = new IdentityHashMap<>();
  private final Map<Object, Curve> canonical = new java.util.HashMap<>();
  private List<Curve> lastUsed = List.of();

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
    if (curves.size() > MAX_GROUPS) {
      Grouped g = coarsen(curves, counts, MAX_GROUPS);
      curves = g.curves;
      counts = g.counts;
    }
    lastUsed = curves;
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
    java.util.Set<Curve> kept = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(keep);
    kept.addAll(lastUsed);
    cache.keySet().retainAll(kept);
    canonical.values().retainAll(kept);
  }

  /** The log-step of level j: FINEST_STEP·2^(j/LEVELS_PER_OCTAVE). */
  static double logStep(int j) {
    return Math.scalb(
        FINEST_STEP * Math.pow(2, (j % LEVELS_PER_OCTAVE) / (double) LEVELS_PER_OCTAVE),
        j / LEVELS_PER_OCTAVE);
  }

  /** Curves with their multiplicities. */
  static final class Grouped {
    final List<Curve> curves;
    final long[] counts;
    final double logStep;

    Grouped(List<Curve> curves, long[] counts, double logStep) {
      this.curves = curves;
      this.counts = counts;
      this.logStep = logStep;
    }
  }

  /**
   * Rounds every curve pessimistically ({@link Curve#coarsened}) and merges equal ones, so that at
   * most {@code max} groups remain, plus room (max/2) for the curves no level merges; the global
   * level never exceeds {@value #MAX_BASE_LEVEL}, so more groups remain if that is not enough.
   * Curve g is rounded to the grid of level j + shift_g ({@link #logStep}), with j the smallest
   * level that meets the target (binary search; the counts need not be monotone in j, which only
   * costs accuracy, never soundness) and shift_g = {@value #SHIFT_PER_OCTAVE} levels per halving of
   * the curve's share of the composed variance below the largest share, at most {@value
   * #MAX_SHIFT}: rounding by a relative step s moves the composed variance by about 2s times the
   * share, so curves that matter little take coarser grids. Each rounded curve dominates its
   * original, so the result composes to a δ(ε) at least the original's. Rounded curves are kept
   * canonical across calls so that their discretizations stay cached.
   *
   * @param curves the curves
   * @param counts their multiplicities
   * @param max the most groups wanted
   * @return the merged curves
   */
  Grouped coarsen(List<Curve> curves, long[] counts, int max) {
    int size = curves.size();
    int[] shift = new int[size];
    double[] share = new double[size];
    double top = 0;
    for (int g = 0; g < size; g++) {
      double sc = curves.get(g).lossScale();
      share[g] = counts[g] * sc * sc;
      top = Math.max(top, share[g]);
    }
    for (int g = 0; g < size; g++) {
      double ratio = top / share[g];
      shift[g] =
          ratio > 1 && Double.isFinite(ratio)
              ? Math.min(MAX_SHIFT, Math.getExponent(ratio) * SHIFT_PER_OCTAVE)
              : 0;
    }
    // Curves that are not coarsened (discrete mechanisms, zCDP, sampling without replacement) stay
    // groups at every level: the target leaves room for them.
    int target = Math.max(max, group(curves, counts, shift, MAX_LEVEL).curves.size() + max / 2);
    int lo = 0;
    int hi = MAX_BASE_LEVEL;
    Grouped best = group(curves, counts, shift, hi);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Grouped g = group(curves, counts, shift, mid);
      if (g.curves.size() <= target) {
        best = g;
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    List<Curve> out = new ArrayList<>(best.curves);
    for (int i = 0; i < out.size(); i++) {
      Curve c = out.get(i);
      Object k = c.key();
      if (k != null) {
        out.set(i, canonical.computeIfAbsent(k, x -> c));
      }
    }
    return new Grouped(out, best.counts, best.logStep);
  }

  private static Grouped group(List<Curve> curves, long[] counts, int[] shift, int level) {
    Map<Object, Integer> index = new java.util.HashMap<>();
    List<Curve> out = new ArrayList<>();
    long[] n = new long[curves.size()];
    for (int g = 0; g < curves.size(); g++) {
      Curve c = curves.get(g).coarsened(logStep(Math.min(MAX_LEVEL, level + shift[g])));
      Object k = c.key();
      Integer at = index.putIfAbsent(k != null ? k : c, out.size());
      if (at == null) {
        n[out.size()] = counts[g];
        out.add(c);
      } else {
        n[at] += counts[g];
      }
    }
    return new Grouped(out, java.util.Arrays.copyOf(n, out.size()), logStep(level));
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
