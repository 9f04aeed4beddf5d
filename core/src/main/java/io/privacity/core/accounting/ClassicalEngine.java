package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.internal.Curve;

/**
 * Basic, advanced and zCDP composition (see {@link Composition}): running sums ({@link Totals}) of
 * each charge's classical form, plus, under basic and advanced, the {@link Pool} of descriptions
 * that state only ρ. Package-private; the accountant calls it under its lock.
 */
final class ClassicalEngine extends Engine {
  private final CurveCache curves = new CurveCache();
  private Totals totals = Totals.EMPTY;
  private Pool pool = Pool.EMPTY;
  private Totals previousTotals;
  private Pool previousPool;
  // zCDP against an (ε, δ) budget: the same charges with subsampled ones (counted in `totals` with
  // their inner ρ, unamplified) taken out and put in the pool instead, amplified at a δ share.
  private Totals amplifiedTotals = Totals.EMPTY;
  private Totals previousAmplifiedTotals;
  private PrivacyLoss optimalUnit;
  private int optimalMaxK;

  ClassicalEngine(PrivacyLoss budget, Composition composition) {
    super(budget, composition);
  }

  private boolean usesPool() {
    return composition.kind() == Composition.Kind.BASIC
        || composition.kind() == Composition.Kind.ADVANCED;
  }

  @Override
  void check(String name, PrivacyLoss loss) {
    for (PrivacyLoss p : parts(loss)) {
      if (usesPool()) {
        if (p.kind() == PrivacyLoss.Kind.ZCDP && p.mechanism() == PrivacyLoss.Mechanism.GENERIC) {
          throw new IllegalArgumentException(
              name
                  + " must be a pure or (ε, δ) loss under "
                  + composition
                  + " composition, got "
                  + p
                  + "; use Composition.zcdp(conversionDelta), loss.toApproximate(delta), or a"
                  + " mechanism description such as PrivacyLoss.gaussian(noiseMultiplier)");
        }
      } else if (composition.isRhoBudget() && zcdpForm(p).kind() == PrivacyLoss.Kind.APPROXIMATE) {
        throw new IllegalArgumentException(
            name
                + " must be a zCDP or pure loss against a ρ budget, got "
                + p
                + "; an (ε, δ) loss with δ > 0 has no zCDP form");
      }
    }
  }

  /**
   * The zCDP-mode form of a charge: generic losses as they are; a description by its curve's pure ε
   * if it has one, else its ρ, else its stated (ε, δ).
   */
  private PrivacyLoss zcdpForm(PrivacyLoss p) {
    if (p.mechanism() == PrivacyLoss.Mechanism.GENERIC) {
      return p;
    }
    Curve c = curves.get(p.curve());
    double pure = c.pureEpsilon();
    if (pure < Double.POSITIVE_INFINITY) {
      return PrivacyLoss.pure(Math.max(pure, Double.MIN_NORMAL));
    }
    double rho = c.rho();
    if (rho > 0) {
      return PrivacyLoss.zcdp(rho);
    }
    return p.stated();
  }

  @Override
  void doAdd(PrivacyLoss loss) {
    previousTotals = totals;
    previousPool = pool;
    previousAmplifiedTotals = amplifiedTotals;
    for (PrivacyLoss p : parts(loss)) {
      if (usesPool()) {
        if (p.kind() == PrivacyLoss.Kind.ZCDP) {
          pool = pool.plus(p.curve(), p.rho());
        } else {
          totals = totals.plus(p.stated());
        }
      } else {
        PrivacyLoss form = zcdpForm(p);
        totals = totals.plus(form);
        if (subsampled(p) && form.kind() == PrivacyLoss.Kind.ZCDP) {
          pool = pool.plus(p.curve(), form.rho());
        } else {
          amplifiedTotals = amplifiedTotals.plus(form);
        }
      }
    }
  }

  private static boolean subsampled(PrivacyLoss p) {
    return p.mechanism() == PrivacyLoss.Mechanism.POISSON_SUBSAMPLED
        || p.mechanism() == PrivacyLoss.Mechanism.SAMPLED_WITHOUT_REPLACEMENT;
  }

  @Override
  void doUndo() {
    totals = previousTotals;
    pool = previousPool;
    amplifiedTotals = previousAmplifiedTotals;
  }

  private boolean empty() {
    return totals.count == 0 && (pool.isEmpty() || !usesPool());
  }

  @Override
  boolean admits() {
    Totals t = totals;
    switch (composition.kind()) {
      case BASIC:
        if (pool.isEmpty()) {
          return fits(t.sumEpsilon, t.sumDelta);
        }
        PrivacyLoss b = basicWithPool(t, false);
        return b != null && fits(b);
      case ADVANCED:
        return pool.isEmpty() ? advancedAdmits(t) : advancedWithPoolAdmits(t);
      default:
        if (zcdpAdmits(t)) {
          return true;
        }
        PrivacyLoss amplified = zcdpAmplified(false);
        return amplified != null && fits(amplified);
    }
  }

  @Override
  PrivacyLoss report() {
    if (empty()) {
      return PrivacyLoss.NONE;
    }
    Totals t = totals;
    switch (composition.kind()) {
      case BASIC:
        if (pool.isEmpty()) {
          return PrivacyLoss.approximate(t.sumEpsilon, t.sumDelta);
        }
        return orInfinite(basicWithPool(t, true));
      case ADVANCED:
        return pool.isEmpty() ? advancedReport(t) : orInfinite(advancedWithPool(t, true));
      default:
        return smaller(zcdpReport(t), zcdpAmplified(true));
    }
  }

  /**
   * zCDP against an (ε, δ) budget with the subsampled charges converted through their amplified
   * (ε_i, δ_i) instead of their unamplified ρ: the other charges' zCDP bound, plus the pool's basic
   * sum at an equal share of the δ budget left, on top. Null without subsampled charges, for a ρ
   * budget, or when no δ is left.
   */
  private PrivacyLoss zcdpAmplified(boolean exact) {
    if (pool.isEmpty() || composition.isRhoBudget()) {
      return null;
    }
    PrivacyLoss base = amplifiedTotals.count == 0 ? null : zcdpReport(amplifiedTotals);
    double baseEps = base == null ? 0 : base.epsilon();
    double baseDelta = base == null ? 0 : base.delta();
    double d = budget.delta() - baseDelta;
    if (!(d > 0)) {
      return null;
    }
    double delta = Totals.addUp(baseDelta, d);
    double cheap = Totals.addUp(baseEps, pool.cheapEpsilonSum(d));
    if (!exact && fits(cheap, delta)) {
      return PrivacyLoss.approximate(cheap, delta);
    }
    double[] eps = pool.epsilons(d, curves);
    if (eps == null) {
      return null;
    }
    double sum = baseEps;
    int i = 0;
    for (long n : pool.counts.values()) {
      sum = Totals.addUp(sum, Math.nextUp(n * eps[i++]));
    }
    return approximateOrNull(sum, delta);
  }

  /**
   * When no finite bound exists (the pool has no δ left), the state is reported as the basic sum of
   * the stated guarantees at the largest representable ε — refused anyway, and never reached by an
   * admitted state; only a restored snapshot can get here.
   */
  private PrivacyLoss orInfinite(PrivacyLoss bound) {
    if (bound != null) {
      return bound;
    }
    return PrivacyLoss.approximate(Double.MAX_VALUE, Math.min(Math.nextDown(1.0), budget.delta()));
  }

  // --- basic and advanced with a pool -----------------------------------------------------------

  /** The δ left for pool charges: the budget's δ minus the (ε, δ) charges' δ and a slack. */
  private double poolDelta(Totals t, double slack) {
    return budget.delta() - t.sumDelta - slack;
  }

  /**
   * Basic composition with pool charges at an equal share of the budget's remaining δ; with {@code
   * exact} false, the cheap Bun–Steinke bound is returned when it already fits.
   */
  private PrivacyLoss basicWithPool(Totals t, boolean exact) {
    double d = poolDelta(t, 0);
    if (!(d > 0)) {
      return null;
    }
    double cheap = Totals.addUp(t.sumEpsilon, pool.cheapEpsilonSum(d));
    double delta = Totals.addUp(t.sumDelta, d);
    if (!exact && fits(cheap, delta)) {
      return PrivacyLoss.approximate(cheap, delta);
    }
    double[] eps = pool.epsilons(d, curves);
    if (eps == null) {
      return null;
    }
    double sum = t.sumEpsilon;
    int i = 0;
    for (long n : pool.counts.values()) {
      sum = Totals.addUp(sum, Math.nextUp(n * eps[i++]));
    }
    return approximateOrNull(sum, delta);
  }

  private boolean advancedWithPoolAdmits(Totals t) {
    PrivacyLoss basic = basicWithPool(t, false);
    if (basic != null && fits(basic)) {
      return true;
    }
    PrivacyLoss adv = advancedWithPool(t, false);
    return adv != null && fits(adv);
  }

  /** KOV 2015 Thm 3.5 (and DRV when every charge is one description), pool at its δ share. */
  private PrivacyLoss advancedWithPool(Totals t, boolean exact) {
    double slack = composition.delta();
    double d = poolDelta(t, slack);
    PrivacyLoss basic = basicWithPool(t, exact);
    if (!(d > 0)) {
      return basic;
    }
    double delta = Totals.addUp(Totals.addUp(t.sumDelta, d), slack);
    // Cheap first: ε·tanh(ε/2) ≤ ε²/2 and the Bun–Steinke bound on each pool ε.
    double sq = pool.cheapEpsilonSquaredSum(d);
    double cheap =
        CompositionBounds.kovHeterogeneous(
            Totals.addUp(t.sumEpsilonSquared, sq),
            Totals.addUp(t.sumKovTerms, Math.nextUp(sq / 2)),
            slack);
    if (!exact && fits(cheap, delta)) {
      return smaller(basic, PrivacyLoss.approximate(cheap, delta));
    }
    double[] eps = pool.epsilons(d, curves);
    if (eps == null) {
      return basic;
    }
    double sumSq = t.sumEpsilonSquared;
    double kov = t.sumKovTerms;
    int i = 0;
    for (long n : pool.counts.values()) {
      double e = eps[i++];
      sumSq = Totals.addUp(sumSq, Math.nextUp(n * Math.nextUp(e * e)));
      kov = Totals.addUp(kov, Math.nextUp(n * CompositionBounds.kovTerm(e)));
    }
    double best = CompositionBounds.kovHeterogeneous(sumSq, kov, slack);
    if (t.count == 0 && pool.counts.size() == 1 && pool.n <= Integer.MAX_VALUE) {
      best = Math.min(best, CompositionBounds.drv((int) pool.n, eps[0], slack));
    }
    return smaller(basic, approximateOrNull(best, delta));
  }

  // --- the former rules, unchanged --------------------------------------------------------------

  private boolean advancedAdmits(Totals t) {
    if (fits(t.sumEpsilon, t.sumDelta)) {
      return true;
    }
    double slack = composition.delta();
    double delta = Totals.addUp(t.sumDelta, slack);
    if (!fits(0, delta)) {
      return false;
    }
    if (fits(CompositionBounds.kovHeterogeneous(t.sumEpsilonSquared, t.sumKovTerms, slack), 0)) {
      return true;
    }
    if (!t.homogeneous) {
      return false;
    }
    double unitEps = t.unit.epsilon();
    if (fits(CompositionBounds.drv(t.count, unitEps, slack), 0)) {
      return true;
    }
    return t.count <= Composition.MAX_OPTIMAL_K && t.count <= optimalMaxK(t.unit);
  }

  private PrivacyLoss advancedReport(Totals t) {
    double slack = composition.delta();
    double advancedDelta = Totals.addUp(t.sumDelta, slack);
    double advanced = CompositionBounds.kovHeterogeneous(t.sumEpsilonSquared, t.sumKovTerms, slack);
    if (t.homogeneous) {
      double unitEps = t.unit.epsilon();
      advanced = Math.min(advanced, CompositionBounds.drv(t.count, unitEps, slack));
      if (t.count <= Composition.MAX_OPTIMAL_K) {
        advanced = Math.min(advanced, CompositionBounds.kovOptimal(t.count, unitEps, slack));
      }
    }
    return smaller(
        PrivacyLoss.approximate(t.sumEpsilon, t.sumDelta),
        PrivacyLoss.approximate(advanced, advancedDelta));
  }

  private boolean zcdpAdmits(Totals t) {
    if (composition.isRhoBudget()) {
      return t.sumRho <= budget.rho() * (1 + PrivacyAccountant.RELATIVE_TOLERANCE);
    }
    if (t.sumRho == 0) {
      return fits(t.approximateEpsilon, t.approximateDelta);
    }
    PrivacyLoss split = splitBound(t);
    if (fits(split)) {
      return true;
    }
    double conversionDelta = composition.delta();
    if (!fits(0, Totals.addUp(conversionDelta, t.approximateDelta))) {
      return false;
    }
    double bs = PrivacyLoss.zcdpToEpsilonBunSteinke(t.sumRho, conversionDelta);
    if (fits(Totals.addUp(bs, t.approximateEpsilon), 0)) {
      return true;
    }
    double eps = PrivacyLoss.zcdpToEpsilon(t.sumRho, conversionDelta);
    return fits(Totals.addUp(eps, t.approximateEpsilon), 0);
  }

  private PrivacyLoss zcdpReport(Totals t) {
    if (composition.isRhoBudget()) {
      return PrivacyLoss.zcdp(t.sumRho);
    }
    if (t.sumRho == 0) {
      return PrivacyLoss.approximate(t.approximateEpsilon, t.approximateDelta);
    }
    double conversionDelta = composition.delta();
    double eps = PrivacyLoss.zcdpToEpsilon(t.sumRho, conversionDelta);
    PrivacyLoss converted =
        PrivacyLoss.approximate(
            Totals.addUp(eps, t.approximateEpsilon),
            Totals.addUp(conversionDelta, t.approximateDelta));
    return smaller(splitBound(t), converted);
  }

  /**
   * The zCDP-mode bound that keeps pure charges out of the conversion: the zCDP charges alone are
   * converted at δ<sub>c</sub> and every pure and approximate charge is added basically — plain
   * basic composition (Σε, Σδ, no δ<sub>c</sub>) when there is no zCDP charge. Valid because a pure
   * ε-DP mechanism has Rényi divergence at most ε at every order, so the composition has
   * D<sub>α</sub> ≤ αρ<sub>z</sub> + Σε<sub>pure</sub> and the conversion of ρ<sub>z</sub> shifts
   * by Σε<sub>pure</sub> (docs/proofs/accounting.md). Three pure(0.5) charges cost ε = 1.5 here,
   * against 4.44 through the conversion of ρ = 0.375 at δ<sub>c</sub> = 10^−6 (issue 16).
   */
  private PrivacyLoss splitBound(Totals t) {
    double eps = Totals.addUp(t.pureEpsilon, t.approximateEpsilon);
    if (t.zcdpRho == 0) {
      return PrivacyLoss.approximate(eps, t.approximateDelta);
    }
    double conversionDelta = composition.delta();
    double converted = PrivacyLoss.zcdpToEpsilon(t.zcdpRho, conversionDelta);
    return PrivacyLoss.approximate(
        Totals.addUp(converted, eps), Totals.addUp(conversionDelta, t.approximateDelta));
  }

  /**
   * The largest k ≤ MAX_OPTIMAL_K whose optimal homogeneous ε fits the budget, for this unit loss;
   * cached, since the unit of a homogeneous sequence never changes. The exact optimal ε increases
   * with k, so a binary search finds it.
   */
  private int optimalMaxK(PrivacyLoss unit) {
    if (unit.equals(optimalUnit)) {
      return optimalMaxK;
    }
    double eps = unit.epsilon();
    double slack = composition.delta();
    int lo = 0;
    int hi = Composition.MAX_OPTIMAL_K + 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (fits(CompositionBounds.kovOptimal(mid, eps, slack), 0)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    optimalUnit = unit;
    optimalMaxK = lo;
    return lo;
  }
}
