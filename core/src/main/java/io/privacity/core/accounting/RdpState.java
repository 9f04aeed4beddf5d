package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.internal.Curve;
import io.privacity.core.accounting.internal.Rdp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running Rényi-DP sums of an accountant's charges: τ(α) over the fixed grid of all charges with a
 * Rényi curve, and separately of those that are not pure; the pure ε of pure ones; the (ε, δ) of
 * charges without a Rényi curve (δ &gt; 0), which compose basically on top. Immutable; sums are
 * rounded up. Package-private.
 */
final class RdpState {
  static final RdpState EMPTY =
      new RdpState(new double[Rdp.size()], new double[Rdp.size()], 0, 0, 0, 0, 0, 0);

  private final double[] tauAll;
  private final double[] tauNotPure;
  private final int rdpCharges;
  private final int notPureCharges;
  private final double pureEpsilon;
  private final double onTopEpsilon;
  private final double onTopDelta;
  final int count;

  private RdpState(
      double[] tauAll,
      double[] tauNotPure,
      int rdpCharges,
      int notPureCharges,
      double pureEpsilon,
      double onTopEpsilon,
      double onTopDelta,
      int count) {
    this.tauAll = tauAll;
    this.tauNotPure = tauNotPure;
    this.rdpCharges = rdpCharges;
    this.notPureCharges = notPureCharges;
    this.pureEpsilon = pureEpsilon;
    this.onTopEpsilon = onTopEpsilon;
    this.onTopDelta = onTopDelta;
    this.count = count;
  }

  /** This state plus one charge (a part of a composition, not a composition). */
  RdpState plus(PrivacyLoss part, Curve curve, double[] tau) {
    if (!curve.hasRdp()) {
      PrivacyLoss s = part.stated();
      return new RdpState(
          tauAll,
          tauNotPure,
          rdpCharges,
          notPureCharges,
          pureEpsilon,
          Totals.addUp(onTopEpsilon, s.epsilon()),
          Totals.addUp(onTopDelta, s.delta()),
          count + 1);
    }
    double[] all = add(tauAll, tau);
    double pure = curve.pureEpsilon();
    if (pure < Double.POSITIVE_INFINITY) {
      return new RdpState(
          all,
          tauNotPure,
          rdpCharges + 1,
          notPureCharges,
          Totals.addUp(pureEpsilon, pure),
          onTopEpsilon,
          onTopDelta,
          count + 1);
    }
    return new RdpState(
        all,
        add(tauNotPure, tau),
        rdpCharges + 1,
        notPureCharges + 1,
        pureEpsilon,
        onTopEpsilon,
        onTopDelta,
        count + 1);
  }

  private static double[] add(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = Totals.addUp(a[i], b[i]);
    }
    return c;
  }

  /** The δ charges without a Rényi curve add on top. */
  double onTopDelta() {
    return onTopDelta;
  }

  /**
   * The better of the two Rényi bounds at conversion δ: (a) every curve converted together; (b)
   * pure charges added up as ε (each is (ξ = ε)-Rényi at every order) and the rest converted —
   * plain basic composition when every curve is pure. Both carry δ + the on-top δ (b without the
   * conversion δ when nothing is converted).
   *
   * @return the two candidates (either may be null when not finite)
   */
  PrivacyLoss[] candidates(double conversionDelta) {
    PrivacyLoss a;
    if (rdpCharges == 0) {
      a = Engine.approximateOrNull(onTopEpsilon, onTopDelta);
    } else {
      a =
          Engine.approximateOrNull(
              Totals.addUp(Rdp.epsilon(tauAll, conversionDelta), onTopEpsilon),
              Totals.addUp(conversionDelta, onTopDelta));
    }
    PrivacyLoss b;
    if (notPureCharges == 0) {
      b = Engine.approximateOrNull(Totals.addUp(pureEpsilon, onTopEpsilon), onTopDelta);
    } else {
      b =
          Engine.approximateOrNull(
              Totals.addUp(
                  Totals.addUp(Rdp.epsilon(tauNotPure, conversionDelta), pureEpsilon),
                  onTopEpsilon),
              Totals.addUp(conversionDelta, onTopDelta));
    }
    return new PrivacyLoss[] {a, b};
  }

  /** A bounded cache of Rényi curves by bare description. */
  static final class TauCache {
    private static final int MAX = 8192;
    private final Map<PrivacyLoss, double[]> map =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<PrivacyLoss, double[]> eldest) {
            return size() > MAX;
          }
        };

    double[] get(PrivacyLoss key, Curve curve) {
      return map.computeIfAbsent(key, k -> Rdp.curve(curve));
    }
  }
}
