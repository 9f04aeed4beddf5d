package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;

/**
 * Immutable running sums over the charges of one accountant: what every composition theorem needs,
 * updated in O(1) per charge. Sums are rounded upward ({@link Math#nextUp} after each addition), so
 * each is at least the exact sum of its terms: floating-point rounding never under-reports.
 */
final class Totals {
  static final Totals EMPTY = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, true);

  /** Number of charges. */
  final int count;

  /** Σε and Σδ over pure and approximate charges (basic and advanced composition). */
  final double sumEpsilon;

  final double sumDelta;

  /** Σε² and Σε·tanh(ε/2) over pure and approximate charges (Kairouz–Oh–Viswanath). */
  final double sumEpsilonSquared;

  final double sumKovTerms;

  /** zCDP: Σρ over zCDP and pure charges; Σε and Σδ over approximate charges with δ &gt; 0. */
  final double sumRho;

  /** zCDP: Σρ over zCDP charges only, and Σε over pure charges only (the split bound). */
  final double zcdpRho;

  final double pureEpsilon;

  final double approximateEpsilon;
  final double approximateDelta;

  /** The loss of the first charge, or null; {@link #homogeneous} if every charge equals it. */
  final PrivacyLoss unit;

  final boolean homogeneous;

  private Totals(
      int count,
      double sumEpsilon,
      double sumDelta,
      double sumEpsilonSquared,
      double sumKovTerms,
      double sumRho,
      double zcdpRho,
      double pureEpsilon,
      double approximateEpsilon,
      double approximateDelta,
      PrivacyLoss unit,
      boolean homogeneous) {
    this.count = count;
    this.sumEpsilon = sumEpsilon;
    this.sumDelta = sumDelta;
    this.sumEpsilonSquared = sumEpsilonSquared;
    this.sumKovTerms = sumKovTerms;
    this.sumRho = sumRho;
    this.zcdpRho = zcdpRho;
    this.pureEpsilon = pureEpsilon;
    this.approximateEpsilon = approximateEpsilon;
    this.approximateDelta = approximateDelta;
    this.unit = unit;
    this.homogeneous = homogeneous;
  }

  /** These totals plus one charge of {@code loss}; the caller has checked the loss's kind. */
  Totals plus(PrivacyLoss loss) {
    if (count == Integer.MAX_VALUE) {
      throw new IllegalStateException("an accountant holds at most " + count + " charges");
    }
    double eps = sumEpsilon;
    double delta = sumDelta;
    double epsSq = sumEpsilonSquared;
    double kov = sumKovTerms;
    double rho = sumRho;
    double zRho = zcdpRho;
    double pEps = pureEpsilon;
    double apxEps = approximateEpsilon;
    double apxDelta = approximateDelta;
    if (loss.kind() == PrivacyLoss.Kind.ZCDP) {
      rho = addUp(rho, loss.rho());
      zRho = addUp(zRho, loss.rho());
    } else {
      double e = loss.epsilon();
      eps = addUp(eps, e);
      delta = addUp(delta, loss.delta());
      epsSq = addUp(epsSq, Math.nextUp(e * e));
      kov = addUp(kov, CompositionBounds.kovTerm(e));
      if (loss.isPure()) {
        rho = addUp(rho, loss.rho());
        pEps = addUp(pEps, e);
      } else {
        apxEps = addUp(apxEps, e);
        apxDelta = addUp(apxDelta, loss.delta());
      }
    }
    PrivacyLoss first = unit == null ? loss : unit;
    return new Totals(
        count + 1,
        eps,
        delta,
        epsSq,
        kov,
        rho,
        zRho,
        pEps,
        apxEps,
        apxDelta,
        first,
        homogeneous && first.equals(loss));
  }

  /** a + b rounded up: at least the exact sum (0 + 0 stays 0). */
  static double addUp(double a, double b) {
    double sum = a + b;
    return b == 0 || a == 0 ? sum : Math.nextUp(sum);
  }
}
