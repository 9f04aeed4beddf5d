package io.privacity.core.accounting.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Rényi differential privacy on a fixed grid of orders, and its conversion to (ε, δ).
 *
 * <p>The grid ({@link #ORDERS}, 172 orders) is fixed and documented so that results are
 * reproducible: 1.01 to 1.10 by 0.01, to 1.50 by 0.02, to 3 by 0.05, to 8 by 0.25, every integer to
 * 32, then by 2 to 64, by 4 to 128, by 8 to 256, by 32 to 512, and 640, 768, 896, 1024, 1280, 1536,
 * 1792, 2048, 3072, 4096, 6144, 8192. Fractional orders near 1 serve large total losses (the
 * optimal order of ρ-zCDP at δ is about 1 + sqrt(ln(1/δ)/ρ)), large orders tiny ones.
 *
 * <p>Conversion (Canonne, Kamath and Steinke 2020, Proposition 12; equivalently Balle, Barthe,
 * Gaboardi, Hsu and Sato 2020, Theorem 21): a mechanism with Rényi divergence τ(α) at order α is
 * (ε, δ)-DP for ε = τ(α) + ln((α−1)/α) − (ln δ + ln α)/(α−1); the minimum over the grid is
 * reported, rounded up. Conversely δ(ε) = min_α e^{(α−1)(τ(α)−ε)}·(1−1/α)^{α−1}/α.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class Rdp {
  private Rdp() {}

  /** The orders, increasing. */
  private static final double[] ORDERS = grid();

  private static double[] grid() {
    List<Double> a = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      a.add(1 + i / 100.0);
    }
    for (int i = 6; i <= 25; i++) {
      a.add(1 + i / 50.0);
    }
    for (int i = 31; i <= 60; i++) {
      a.add(i / 20.0);
    }
    for (int i = 13; i <= 32; i++) {
      a.add(i / 4.0);
    }
    for (int i = 9; i <= 32; i++) {
      a.add((double) i);
    }
    for (int i = 34; i <= 64; i += 2) {
      a.add((double) i);
    }
    for (int i = 68; i <= 128; i += 4) {
      a.add((double) i);
    }
    for (int i = 136; i <= 256; i += 8) {
      a.add((double) i);
    }
    for (int i = 288; i <= 512; i += 32) {
      a.add((double) i);
    }
    for (int i : new int[] {640, 768, 896, 1024, 1280, 1536, 1792, 2048, 3072, 4096, 6144, 8192}) {
      a.add((double) i);
    }
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i);
    }
    return out;
  }

  /**
   * The number of orders.
   *
   * @return the grid size
   */
  public static int size() {
    return ORDERS.length;
  }

  /**
   * The i-th order.
   *
   * @param i index
   * @return α_i
   */
  public static double order(int i) {
    return ORDERS[i];
  }

  /**
   * A copy of the grid.
   *
   * @return the orders, increasing
   */
  public static double[] orders() {
    return ORDERS.clone();
  }

  /**
   * The curve's Rényi divergences on the grid.
   *
   * @param curve the curve
   * @return τ(α_i) (+∞ where none)
   */
  public static double[] curve(Curve curve) {
    double[] tau = new double[ORDERS.length];
    for (int i = 0; i < tau.length; i++) {
      tau[i] = curve.hasRdp() ? curve.rdp(ORDERS[i]) : Double.POSITIVE_INFINITY;
    }
    return tau;
  }

  /**
   * The (ε, δ) conversion of a composed curve: the smallest ε over the grid, rounded up.
   *
   * @param tau τ(α_i), e.g. a sum of curves
   * @param delta δ in (0, 1)
   * @return ε ≥ 0, or +∞
   */
  public static double epsilon(double[] tau, double delta) {
    double logDelta = Math.log(delta);
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < ORDERS.length; i++) {
      double a = ORDERS[i];
      if (!(tau[i] < Double.POSITIVE_INFINITY)) {
        continue;
      }
      double term = Math.log1p(-1 / a) - (logDelta + Math.log(a)) / (a - 1);
      double eps = tau[i] + term;
      double upper = eps + 1e-12 * (Math.abs(tau[i]) + Math.abs(term)) + 1e-300;
      best = Math.min(best, upper);
    }
    return Math.max(0, best);
  }

  /**
   * The δ of a composed curve at ε: the smallest over the grid, rounded up, at most 1.
   *
   * @param tau τ(α_i)
   * @param epsilon ε
   * @return δ
   */
  public static double delta(double[] tau, double epsilon) {
    double best = 0;
    for (int i = 0; i < ORDERS.length; i++) {
      double a = ORDERS[i];
      if (!(tau[i] < Double.POSITIVE_INFINITY)) {
        continue;
      }
      double am1 = a - 1;
      double log = am1 * (tau[i] - epsilon) + am1 * Math.log1p(-1 / a) - Math.log(a);
      best = Math.min(best, log + 1e-12 * (Math.abs(am1 * tau[i]) + Math.abs(am1 * epsilon) + 1));
    }
    return Math.min(1, Math.exp(best));
  }
}
