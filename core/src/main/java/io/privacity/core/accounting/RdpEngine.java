package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.internal.Curve;

/** Rényi DP composition ({@link Composition#rdp(double)}). Package-private. */
final class RdpEngine extends Engine {
  private final CurveCache curves = new CurveCache();
  private final RdpState.TauCache taus = new RdpState.TauCache();
  private RdpState state = RdpState.EMPTY;
  private RdpState previous;

  RdpEngine(PrivacyLoss budget, Composition composition) {
    super(budget, composition);
  }

  @Override
  void check(String name, PrivacyLoss loss) {
    // Every loss has a Rényi curve or composes on top.
  }

  @Override
  void doAdd(PrivacyLoss loss) {
    previous = state;
    for (PrivacyLoss p : parts(loss)) {
      PrivacyLoss key = p.curve();
      Curve c = curves.get(key);
      state = state.plus(p, c, c.hasRdp() ? taus.get(key, c) : null);
    }
  }

  @Override
  void doUndo() {
    state = previous;
  }

  @Override
  boolean admits() {
    PrivacyLoss[] c = state.candidates(composition.delta());
    return (c[0] != null && fits(c[0])) || (c[1] != null && fits(c[1]));
  }

  @Override
  PrivacyLoss report() {
    if (state.count == 0) {
      return PrivacyLoss.NONE;
    }
    PrivacyLoss[] c = state.candidates(composition.delta());
    PrivacyLoss r = smaller(c[0], c[1]);
    return r != null ? r : unbounded(budget);
  }

  @Override
  double epsilonAt(double delta) {
    if (state.count == 0) {
      return 0;
    }
    double conversion = delta - state.onTopDelta();
    if (!(conversion > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    PrivacyLoss[] c = state.candidates(conversion);
    return minEpsilon(c[0], c[1]);
  }

  /** What is reported when no finite bound exists (only a restored snapshot gets here). */
  static PrivacyLoss unbounded(PrivacyLoss budget) {
    return PrivacyLoss.approximate(Double.MAX_VALUE, Math.min(Math.nextDown(1.0), budget.delta()));
  }
}
