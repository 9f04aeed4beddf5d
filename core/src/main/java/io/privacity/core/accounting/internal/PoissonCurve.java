package io.privacity.core.accounting.internal;

/**
 * A mechanism run on a Poisson sample (each unit kept with probability q), add/remove relation. If
 * (P, Q) dominates the inner mechanism, then (qP + (1−q)Q, Q) dominates the subsampled one for
 * removal and (Q, qP + (1−q)Q) for addition (Zhu, Dong and Wang 2022, Theorem 10; the two differ,
 * so both are composed and the worse is reported). Their profiles, for ε ≥ 0:
 *
 * <pre>
 * remove: δ(ε) = q·δ_in(ln(1 + (e^ε − 1)/q))
 * add:    δ(ε) = c·δ_in(ln(q·e^ε/c)),  c = 1 − (1−q)e^ε  (0 if c ≤ 0)
 * </pre>
 *
 * and their losses are ln(1 − q + q·e^L) and −ln(1 − q + q·e^L) of the inner loss L, so the masses
 * follow from the inner masses by a monotone change of variable. Rényi DP: Mironov, Talwar and
 * Zhang 2019 for the Gaussian (exact), Zhu and Wang 2019 (general upper bound) otherwise, never
 * above the inner curve (subsampling cannot hurt) nor, for a pure inner, above the amplified pure
 * ε.
 */
final class PoissonCurve extends SubsampledCurve {
  private final double q;
  private final double logOneMinusQ;
  private final Remove remove = new Remove();
  private final Add add = new Add();

  PoissonCurve(Curve inner, double q) {
    super(inner, q);
    this.q = q; // the rate, by the name the formulas below use
    this.logOneMinusQ = Math.log1p(-q);
  }

  @Override
  Curve coarsened(double logStep) {
    // A dominating inner pair and a higher rate q' ≥ q dominate: keeping each output with
    // probability q/q', else drawing a fresh one from Q, turns qP' + (1−q')Q into qP + (1−q)Q
    // (and q' = 1 is the inner mechanism itself).
    Curve in = inner.coarsened(logStep);
    double r = Coarsening.up(q, logStep);
    if (!(r < 1)) {
      return in;
    }
    return in == inner && r == q ? this : new PoissonCurve(in, r);
  }

  @Override
  Object key() {
    Object in = inner.key();
    return java.util.List.of("poisson", in != null ? in : inner, q);
  }

  @Override
  public double rdp(double alpha) {
    return SubsampledRdp.poisson(this, alpha);
  }

  @Override
  public PairView remove() {
    return remove;
  }

  @Override
  public PairView add() {
    return add;
  }

  @Override
  public boolean symmetric() {
    return false;
  }

  /** ln((e^w − (1−q))/q): the inner loss whose subsampled (remove) loss is w. */
  private double innerLoss(double w) {
    if (w == Double.POSITIVE_INFINITY) {
      return w;
    }
    if (w <= logOneMinusQ) {
      return Double.NEGATIVE_INFINITY;
    }
    if (w > 30) {
      return w + Math.log1p((q - 1) * Math.exp(-w)) - Math.log(q);
    }
    return Math.log(Math.expm1(w) + q) - Math.log(q);
  }

  /** ln(1 − q + q·e^L), the remove loss of an inner loss L. */
  private double outerLoss(double l) {
    if (l == Double.NEGATIVE_INFINITY) {
      return logOneMinusQ;
    }
    return l > 0 ? l + Math.log(q + (1 - q) * Math.exp(-l)) : Math.log1p(q * Math.expm1(l));
  }

  /** (qP + (1−q)Q, Q). */
  private final class Remove implements PairView {
    @Override
    public boolean hasMasses() {
      return inner.remove().hasMasses();
    }

    @Override
    public double massP(double u, double v) {
      if (!(u < v)) {
        return 0;
      }
      PairView in = inner.remove();
      double a = innerLoss(u);
      double b = innerLoss(v);
      if (!(a < b)) {
        return 0;
      }
      // qP(L ∈ (a, b]) + (1−q)Q(L ∈ (a, b]), Q's mass at −∞ included when a = −∞ (it sits at the
      // smallest subsampled loss, ln(1 − q), in exactly one cell).
      return q * in.massP(a, b) + (1 - q) * in.scaledMassQ(a, b, 0);
    }

    @Override
    public double scaledMassQ(double u, double v, double s) {
      if (!(u < v)) {
        return 0;
      }
      double a = innerLoss(u);
      double b = innerLoss(v);
      if (!(a < b)) {
        return 0;
      }
      return inner.remove().scaledMassQ(a, b, s);
    }

    @Override
    public double infinityMass() {
      return q * inner.remove().infinityMass();
    }

    @Override
    public double delta(double epsilon) {
      if (epsilon < 0) {
        return negativeSide(epsilon, add);
      }
      double e = Math.log1p(Math.expm1(epsilon) / q);
      return Math.min(1, q * inner.remove().delta(e));
    }

    @Override
    public double minLoss() {
      return logOneMinusQ; // the loss of Q's own events (and of Q's events at inner loss −∞)
    }

    @Override
    public double maxLoss() {
      return outerLoss(inner.remove().maxLoss());
    }
  }

  /** (Q, qP + (1−q)Q): loss −ln(1 − q + q·e^L) of the inner loss L. */
  private final class Add implements PairView {
    @Override
    public boolean hasMasses() {
      return inner.remove().hasMasses();
    }

    @Override
    public double massP(double u, double v) {
      if (!(u < v)) {
        return 0;
      }
      // L_a ∈ (u, v] ⟺ inner L ∈ [innerLoss(−v), innerLoss(−u)); cells are taken as (·, ·] (the
      // discretization is exact for atoms on grid points either way).
      double a = innerLoss(-v);
      double b = innerLoss(-u);
      return Math.max(0, inner.remove().scaledMassQ(a, b, 0));
    }

    @Override
    public double scaledMassQ(double u, double v, double s) {
      if (!(u < v)) {
        return 0;
      }
      // Q_a = qP + (1−q)Q on the same inner cell; P's +∞ atom is Q_a's −∞ atom.
      PairView in = inner.remove();
      double a = innerLoss(-v);
      double b = innerLoss(-u);
      double m = 0;
      if (a < b) {
        m = Math.exp(s) * q * in.massP(a, b) + (1 - q) * in.scaledMassQ(a, b, s);
      }
      if (u == Double.NEGATIVE_INFINITY) {
        m += Math.exp(s) * q * in.infinityMass();
      }
      return m;
    }

    @Override
    public double infinityMass() {
      return 0;
    }

    @Override
    public double delta(double epsilon) {
      if (epsilon < 0) {
        return negativeSide(epsilon, remove);
      }
      double c = -Math.expm1(epsilon + logOneMinusQ); // 1 − (1−q)e^ε
      if (!(c > 0)) {
        return 0;
      }
      double e = Math.log(q) + epsilon - Math.log(c);
      return Math.min(1, c * inner.remove().delta(e));
    }

    @Override
    public double minLoss() {
      return -outerLoss(inner.remove().maxLoss());
    }

    @Override
    public double maxLoss() {
      return -logOneMinusQ;
    }
  }
}
