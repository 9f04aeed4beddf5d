package io.privacity.core.accounting.internal;

/**
 * Rényi DP of subsampled mechanisms.
 *
 * <ul>
 *   <li>Poisson-subsampled Gaussian (Mironov, Talwar and Zhang 2019, Section 3): ε(α) =
 *       ln(A_α)/(α−1) with, for integer α, A_α = Σ_{k=0}^{α} C(α,k)(1−q)^{α−k} q^k
 *       e^{(k²−k)/(2σ²)}; for fractional α their two-series expansion (Section 3.3), bounded by the
 *       magnitude of its last terms, and the chord of the convex function (α−1)ε(α) between the
 *       neighbouring integers.
 *   <li>Poisson, any inner curve (Zhu and Wang 2019, Theorem 6): for integer α ≥ 2, ε(α) ≤
 *       ln((1−q)^{α−1}(1 + (α−1)q) + C(α,2)q²(1−q)^{α−2}e^{ε(2)} + 3Σ_{l≥3} C(α,l)(1−q)^{α−l} q^l
 *       e^{(l−1)ε(l)})/(α−1); at fractional α the next integer's value (ε(α) is non-decreasing).
 *   <li>Without replacement, γ = m/n (Wang, Balle and Kasiviswanathan 2019, Theorem 9): for integer
 *       α ≥ 2, ε(α) ≤ ln(1 + γ²C(α,2)·min{4(e^{ε(2)} − 1), e^{ε(2)}·min{2, (e^{ε(∞)} − 1)²}} +
 *       Σ_{j≥3} γ^j C(α,j) e^{(j−1)ε(j)}·min{2, (e^{ε(∞)} − 1)^j})/(α−1).
 * </ul>
 *
 * Every value is also capped by the inner curve (subsampling cannot hurt: joint quasi-convexity of
 * Rényi divergence) and, for a pure inner mechanism, by the pure bound of the amplified ε.
 */
final class SubsampledRdp {
  private SubsampledRdp() {}

  /** Largest integer order for which the sums are computed (larger orders give up). */
  private static final int MAX_ORDER = 1 << 14;

  static double poisson(PoissonCurve c, double alpha) {
    Curve in = c.inner();
    if (!in.hasRdp()) {
      return Double.POSITIVE_INFINITY;
    }
    double q = c.samplingRate();
    double best = in.rdp(alpha);
    double pure = c.pureEpsilon();
    if (pure < Double.POSITIVE_INFINITY) {
      best = Math.min(best, Curve.pureRdp(pure, alpha));
    }
    if (in instanceof GaussianCurve) {
      best = Math.min(best, gaussian(q, ((GaussianCurve) in).noiseMultiplier(), alpha));
    } else {
      int order = (int) Math.min(MAX_ORDER, Math.ceil(alpha));
      if (order >= Math.ceil(alpha)) {
        best = Math.min(best, zhuWang(q, in, Math.max(2, order)));
      }
    }
    return best;
  }

  static double withoutReplacement(WithoutReplacementCurve c, double alpha) {
    Curve in = c.inner();
    if (!in.hasRdp()) {
      return Double.POSITIVE_INFINITY;
    }
    double best = in.rdp(alpha);
    double pure = c.pureEpsilon();
    if (pure < Double.POSITIVE_INFINITY) {
      best = Math.min(best, Curve.pureRdp(pure, alpha));
    }
    int order = (int) Math.min(MAX_ORDER, Math.ceil(alpha));
    if (order >= Math.ceil(alpha)) {
      best = Math.min(best, wangBalleKasiviswanathan(c.samplingRate(), in, Math.max(2, order)));
    }
    return best;
  }

  /** The subsampled Gaussian's ε(α), σ the noise multiplier. */
  static double gaussian(double q, double sigma, double alpha) {
    if (alpha == Math.rint(alpha)) {
      return gaussianLogA((int) alpha, q, sigma) / (alpha - 1);
    }
    // Chord of the convex (α−1)ε(α) = ln A_α between the neighbouring integers (α − 1 = 0 at 1).
    int lo = (int) Math.floor(alpha);
    int hi = lo + 1;
    double logLo = lo == 1 ? 0 : gaussianLogA(lo, q, sigma);
    double logHi = gaussianLogA(hi, q, sigma);
    double chord = (logLo + (alpha - lo) * (logHi - logLo)) / (alpha - 1);
    double series = gaussianFractionalLogA(q, sigma, alpha) / (alpha - 1);
    return Math.min(chord, series);
  }

  /** ln A_α for integer α ≥ 2: a log-sum-exp of non-negative terms, rounded up. */
  static double gaussianLogA(int alpha, double q, double sigma) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigmaSq = 2 * sigma * sigma;
    double[] terms = new double[alpha + 1];
    double logBinom = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k <= alpha; k++) {
      if (k > 0) {
        logBinom += Math.log(alpha - k + 1) - Math.log(k);
      }
      terms[k] = logBinom + (alpha - k) * log1mQ + k * logQ + ((double) k * k - k) / twoSigmaSq;
      max = Math.max(max, terms[k]);
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    double v = max + Math.log(sum);
    // Each term errs by about k ulps of its exponent; round up by more than that.
    return v + 1e-14 * (Math.abs(v) + alpha) + 1e-300;
  }

  /**
   * ln A_α for fractional α by the two series of Mironov, Talwar and Zhang (Section 3.3), with z₀ =
   * σ² ln(1/q − 1) + 1/2: A_α = Σ_i C(α,i)(1−q)^{α−i}q^i e^{(i²−i)/(2σ²)} Φ̄((i − z₀)/σ) + Σ_i
   * C(α,i)(1−q)^i q^{α−i} e^{((α−i)²−(α−i))/(2σ²)} Φ̄((z₀ − (α−i))/σ). The terms decay
   * polynomially; the sum stops when they are 10^−14 of it, and twice the last terms' magnitude is
   * added (the tail alternates in sign from i &gt; α on).
   */
  static double gaussianFractionalLogA(double q, double sigma, double alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigmaSq = 2 * sigma * sigma;
    double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
    double logC = 0;
    int sign = 1;
    double sum = 0;
    double ref = Double.NaN;
    double last = 0;
    int quiet = 0;
    for (int i = 0; i < 200_000; i++) {
      if (i > 0) {
        double f = alpha - i + 1;
        logC += Math.log(Math.abs(f)) - Math.log(i);
        if (f < 0) {
          sign = -sign;
        }
      }
      double j = alpha - i;
      double s0 =
          logC
              + i * logQ
              + j * log1mQ
              + ((double) i * i - i) / twoSigmaSq
              + NormalTails.logUpperTail((i - z0) / sigma);
      double s1 =
          logC
              + j * logQ
              + i * log1mQ
              + (j * j - j) / twoSigmaSq
              + NormalTails.logUpperTail((z0 - j) / sigma);
      if (Double.isNaN(ref)) {
        ref = Math.max(s0, s1);
      }
      double term = Math.exp(s0 - ref) + Math.exp(s1 - ref);
      sum += sign * term;
      last = term;
      if (i > alpha + 1 && term < 1e-14 * Math.abs(sum)) {
        if (++quiet >= 3) {
          break;
        }
      } else {
        quiet = 0;
      }
    }
    double upper = sum + 2 * last + 1e-13 * Math.abs(sum);
    return upper > 0 ? ref + Math.log(upper) : Double.POSITIVE_INFINITY;
  }

  /** Zhu and Wang 2019, Theorem 6, at integer α ≥ 2. */
  static double zhuWang(double q, Curve in, int alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double[] terms = new double[alpha + 1];
    int n = 0;
    terms[n++] = (alpha - 1) * log1mQ + Math.log1p((alpha - 1) * q);
    double logBinom = Math.log(alpha); // ln C(α, 1)
    for (int l = 2; l <= alpha; l++) {
      logBinom += Math.log(alpha - l + 1) - Math.log(l);
      double e = in.rdp(l);
      if (!Double.isFinite(e)) {
        return Double.POSITIVE_INFINITY;
      }
      double t = logBinom + (alpha - l) * log1mQ + l * logQ + (l - 1) * e;
      terms[n++] = l == 2 ? t : t + Math.log(3);
    }
    return up(logSumExp(terms, n)) / (alpha - 1);
  }

  /** A log-sum of about α terms rounded up by more than its floating-point error. */
  private static double up(double v) {
    return v + 1e-14 * Math.abs(v) + 1e-15;
  }

  /** Wang, Balle and Kasiviswanathan 2019, Theorem 9, at integer α ≥ 2. */
  static double wangBalleKasiviswanathan(double gamma, Curve in, int alpha) {
    double logG = Math.log(gamma);
    double pure = in.pureEpsilon();
    // ln(e^{ε∞} − 1), +∞ when not pure.
    double logExpm1Pure =
        pure < Double.POSITIVE_INFINITY
            ? (pure > 30 ? pure : Math.log(Math.expm1(pure)))
            : Double.POSITIVE_INFINITY;
    double e2 = in.rdp(2);
    if (!Double.isFinite(e2)) {
      return Double.POSITIVE_INFINITY;
    }
    double[] terms = new double[alpha + 1];
    int n = 0;
    terms[n++] = 0;
    double logBinom2 = Math.log(alpha) + Math.log(alpha - 1) - Math.log(2);
    double second =
        Math.min(
            Math.log(4) + (e2 > 30 ? e2 : Math.log(Math.expm1(e2))),
            e2 + Math.min(Math.log(2), 2 * logExpm1Pure));
    terms[n++] = 2 * logG + logBinom2 + second;
    double logBinom = logBinom2;
    for (int j = 3; j <= alpha; j++) {
      logBinom += Math.log(alpha - j + 1) - Math.log(j);
      double e = in.rdp(j);
      if (!Double.isFinite(e)) {
        return Double.POSITIVE_INFINITY;
      }
      terms[n++] = j * logG + logBinom + (j - 1) * e + Math.min(Math.log(2), j * logExpm1Pure);
    }
    return up(logSumExp(terms, n)) / (alpha - 1);
  }

  private static double logSumExp(double[] terms, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, terms[i]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(terms[i] - max);
    }
    return max + Math.log(sum);
  }
}
