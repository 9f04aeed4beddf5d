package io.privacity.core.accounting.internal;

/**
 * One direction of a dominating pair (P, Q) of a mechanism: the privacy loss L = ln(dP/dQ) and its
 * hockey-stick profile δ(ε) = sup_S P(S) − e^ε Q(S) = E_P[(1 − e^{ε−L})₊]. The privacy loss
 * distribution is the law of L under P; it may put mass at L = +∞ (where Q = 0), and Q may put mass
 * at L = −∞ (where P = 0).
 *
 * <p>A view either knows the masses of L on intervals ({@link #hasMasses()}), from which the
 * connect-the-dots discretization is computed without cancellation, or only an upper bound on the
 * profile, from which it is computed by differences of δ.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public interface PairView {
  /**
   * Whether {@link #massP} and {@link #scaledMassQ} are available.
   *
   * @return true if the masses of L are known
   */
  boolean hasMasses();

  /**
   * P(u &lt; L ≤ v), excluding the atom at +∞; 0 unless u &lt; v.
   *
   * @param u lower end, may be −∞
   * @param v upper end, may be +∞
   * @return the P-mass
   */
  double massP(double u, double v);

  /**
   * e^s·Q(u &lt; L ≤ v) = E_P[e^{s−L}; u &lt; L ≤ v] plus, when u = −∞, e^s times Q's mass at L =
   * −∞; 0 unless u &lt; v. Callers keep e^{s−L} bounded on the interval (s at its top end, or below
   * it), so the value never overflows; implementations work in log space where needed.
   *
   * @param u lower end, may be −∞
   * @param v upper end, may be +∞
   * @param s the scale exponent
   * @return the scaled Q-mass
   */
  double scaledMassQ(double u, double v, double s);

  /**
   * P(L = +∞): the mass of events that Q cannot produce.
   *
   * @return the infinity mass
   */
  double infinityMass();

  /**
   * δ(ε), exact or an upper bound, for every real ε (for ε &lt; 0 through the identity H_γ(P‖Q) = 1
   * − γ + γ·H_{1/γ}(Q‖P)).
   *
   * @param epsilon ε
   * @return δ(ε) in [0, 1]
   */
  double delta(double epsilon);

  /**
   * A lower bound on the finite values of L (−∞ if unbounded).
   *
   * @return the smallest finite loss
   */
  double minLoss();

  /**
   * An upper bound on the finite values of L (+∞ if unbounded).
   *
   * @return the largest finite loss
   */
  double maxLoss();
}
