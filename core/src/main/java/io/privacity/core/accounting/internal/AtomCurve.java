package io.privacity.core.accounting.internal;

/**
 * A dominating pair with finitely many privacy-loss values: randomized response, and the worst case
 * of a generic guarantee. Symmetric.
 *
 * <ul>
 *   <li>Pure ε-DP: binary randomized response with ε, which dominates every ε-DP mechanism
 *       (Kairouz, Oh and Viswanath 2015): losses ±ε with P-masses e^ε/(1+e^ε), 1/(1+e^ε).
 *   <li>(ε, δ)-DP: the same scaled by 1 − δ, plus P-mass δ at +∞ and Q-mass δ at −∞ (Kairouz et al.
 *       2015; Murtagh and Vadhan 2016): every (ε, δ)-DP mechanism is its post-processing.
 *   <li>k-ary randomized response with truth probability p, r = (1−p)/(k−1): losses ln(p/r),
 *       −ln(p/r), 0 with P-masses p, r, (k−2)r.
 * </ul>
 */
final class AtomCurve extends Curve implements PairView {
  private final double[] loss;
  private final double[] massP;
  private final double infinity; // P at +∞ and Q at −∞
  private final double pure;
  // What the curve was built from: (ε, δ) of a generic guarantee, or (p, k) of randomized response.
  private final boolean response;
  private final double first;
  private final double second;

  private AtomCurve(
      double[] loss,
      double[] massP,
      double infinity,
      boolean response,
      double first,
      double second) {
    this.response = response;
    this.first = first;
    this.second = second;
    this.loss = loss;
    this.massP = massP;
    this.infinity = infinity;
    double max = 0;
    for (double l : loss) {
      max = Math.max(max, Math.abs(l));
    }
    this.pure = infinity > 0 ? Double.POSITIVE_INFINITY : max;
  }

  static AtomCurve approximate(double epsilon, double delta) {
    // e^ε/(1+e^ε) = 1/(1+e^{−ε}), written to stay exact for large ε.
    double high = 1 / (1 + Math.exp(-epsilon));
    double low = 1 / (1 + Math.exp(epsilon));
    return new AtomCurve(
        new double[] {epsilon, -epsilon},
        new double[] {(1 - delta) * high, (1 - delta) * low},
        delta,
        false,
        epsilon,
        delta);
  }

  static AtomCurve randomizedResponse(double p, long categories) {
    double r = (1 - p) / (categories - 1);
    double l = Math.log(p) - Math.log(r);
    if (categories == 2) {
      return new AtomCurve(new double[] {l, -l}, new double[] {p, r}, 0, true, p, 2);
    }
    return new AtomCurve(
        new double[] {l, 0, -l}, new double[] {p, (categories - 2) * r, r}, 0, true, p, categories);
  }

  @Override
  Curve coarsened(double logStep) {
    if (response) {
      // A higher truth probability p' ≥ p dominates: answering the truth with probability
      // (p − r')/(p' − r'), else a uniformly random category, turns p' into p (r' = (1−p')/(k−1)).
      long k = (long) second;
      double l = loss[0];
      if (!(l > 0) || !(l < 30)) {
        return this;
      }
      double up = Coarsening.up(l, logStep);
      double p = Math.max(first, 1 / (1 + (k - 1) * Math.exp(-up)));
      return p == first || !(p < 1) ? this : randomizedResponse(p, k);
    }
    // Every (ε, δ)-DP mechanism is a post-processing of the pair for any ε' ≥ ε, δ' ≥ δ.
    double e = first > 0 ? Coarsening.up(first, logStep) : first;
    double d = second > 0 ? Coarsening.up(second, logStep) : second;
    if (!(d < 1)) {
      d = second;
    }
    return e == first && d == second ? this : approximate(e, d);
  }

  @Override
  Object key() {
    return java.util.List.of(response ? "response" : "approximate", first, second);
  }

  @Override
  public double rdp(double alpha) {
    if (infinity > 0) {
      return Double.POSITIVE_INFINITY;
    }
    double am1 = alpha - 1;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < loss.length; i++) {
      max = Math.max(max, Math.log(massP[i]) + am1 * loss[i]);
    }
    double sum = 0;
    for (int i = 0; i < loss.length; i++) {
      sum += Math.exp(Math.log(massP[i]) + am1 * loss[i] - max);
    }
    double exact = (max + Math.log(sum)) / am1 + 8e-16 / am1 + 4e-16 * pure;
    return Math.min(exact, pureRdp(pure, alpha));
  }

  @Override
  public boolean hasRdp() {
    return infinity == 0;
  }

  @Override
  public PairView remove() {
    return this;
  }

  @Override
  public double pureEpsilon() {
    return pure;
  }

  @Override
  public double rho() {
    return infinity > 0 ? Double.NaN : Math.nextUp(pure * pure / 2);
  }

  @Override
  public double lossScale() {
    double total = 0;
    double mean = 0;
    for (int i = 0; i < loss.length; i++) {
      total += massP[i];
      mean += massP[i] * loss[i];
    }
    mean /= total;
    double var = 0;
    for (int i = 0; i < loss.length; i++) {
      var += massP[i] * (loss[i] - mean) * (loss[i] - mean);
    }
    double maxAbs = 0;
    for (double l : loss) {
      maxAbs = Math.max(maxAbs, Math.abs(l));
    }
    return Math.max(Math.sqrt(var / total), 1e-3 * maxAbs);
  }

  @Override
  public boolean hasMasses() {
    return true;
  }

  @Override
  public double massP(double u, double v) {
    double m = 0;
    for (int i = 0; i < loss.length; i++) {
      if (u < loss[i] && loss[i] <= v) {
        m += massP[i];
      }
    }
    return m;
  }

  @Override
  public double scaledMassQ(double u, double v, double s) {
    if (!(u < v)) {
      return 0;
    }
    double m = 0;
    for (int i = 0; i < loss.length; i++) {
      if (u < loss[i] && loss[i] <= v) {
        m += massP[i] * Math.exp(s - loss[i]);
      }
    }
    if (u == Double.NEGATIVE_INFINITY && infinity > 0) {
      m += infinity * Math.exp(s);
    }
    return m;
  }

  @Override
  public double infinityMass() {
    return infinity;
  }

  @Override
  public double delta(double epsilon) {
    double d = infinity;
    for (int i = 0; i < loss.length; i++) {
      if (loss[i] > epsilon) {
        d += massP[i] * -Math.expm1(epsilon - loss[i]);
      }
    }
    return Math.min(1, d);
  }

  @Override
  public double minLoss() {
    double min = Double.POSITIVE_INFINITY;
    for (double l : loss) {
      min = Math.min(min, l);
    }
    return min;
  }

  @Override
  public double maxLoss() {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : loss) {
      max = Math.max(max, l);
    }
    return max;
  }
}
