package io.privacity.core.accounting;

/**
 * The advanced composition bounds behind {@link Composition#advanced(double)}. Every method returns
 * an ε that is at least the exact value of the theorem's bound: floating-point results are rounded
 * up by a relative margin ({@link #MARGIN}) far above their evaluation error. Derivations and
 * citations: {@code docs/proofs/accounting.md}.
 */
final class CompositionBounds {
  private CompositionBounds() {}

  /** Relative rounding-up margin for closed-form bounds (their error is a few ulps, ~1e-15). */
  static final double MARGIN = 1e-12;

  /**
   * Relative margin on the computed δ of the optimal bound: its terms are exp of log-space sums
   * whose absolute error is below 1e-11 for k ≤ {@link Composition#MAX_OPTIMAL_K}, so each term's
   * relative error is below 1e-10.
   */
  static final double OPTIMAL_DELTA_MARGIN = 1e-8;

  /** ln(n!) for n ≤ MAX_OPTIMAL_K, by compensated (Kahan) summation of ln i. */
  private static final double[] LOG_FACTORIAL = logFactorials(Composition.MAX_OPTIMAL_K);

  private static double[] logFactorials(int max) {
    double[] table = new double[max + 1];
    double sum = 0;
    double compensation = 0;
    for (int i = 2; i <= max; i++) {
      double y = Math.log(i) - compensation;
      double t = sum + y;
      compensation = (t - sum) - y;
      sum = t;
      table[i] = sum;
    }
    return table;
  }

  /** {@code x} rounded up by the relative margin. */
  static double up(double x) {
    return x + MARGIN * Math.abs(x);
  }

  /**
   * Dwork, Rothblum and Vadhan 2010, Theorem III.3: k-fold adaptive composition of (ε, δ)-DP
   * mechanisms is (ε·sqrt(2k·ln(1/δ′)) + kε(e^ε − 1), kδ + δ′)-DP.
   *
   * @return the ε of the bound, rounded up
   */
  static double drv(int k, double epsilon, double slackDelta) {
    double bound =
        epsilon * Math.sqrt(2.0 * k * -Math.log(slackDelta)) + k * epsilon * Math.expm1(epsilon);
    return up(bound);
  }

  /**
   * The per-charge term ε(e^ε − 1)/(e^ε + 1) = ε·tanh(ε/2) of Kairouz, Oh and Viswanath's
   * heterogeneous bound, rounded up.
   */
  static double kovTerm(double epsilon) {
    return up(epsilon * Math.tanh(epsilon / 2));
  }

  /**
   * Kairouz, Oh and Viswanath 2015, Theorem 3.5 (heterogeneous): the minimum of its second and
   * third terms (the first, Σε, is basic composition, handled by the caller).
   *
   * @param sumEpsilonSquared Σε<sub>i</sub>², rounded up
   * @param sumKovTerms Σε<sub>i</sub>·tanh(ε<sub>i</sub>/2), rounded up
   * @param slackDelta δ′
   * @return the ε of the bound, rounded up
   */
  static double kovHeterogeneous(double sumEpsilonSquared, double sumKovTerms, double slackDelta) {
    double second =
        sumKovTerms
            + Math.sqrt(
                2
                    * sumEpsilonSquared
                    * Math.log(Math.E + Math.sqrt(sumEpsilonSquared) / slackDelta));
    double third = sumKovTerms + Math.sqrt(2 * sumEpsilonSquared * -Math.log(slackDelta));
    return up(Math.min(second, third));
  }

  /**
   * Kairouz, Oh and Viswanath 2015, Theorem 3.3 (optimal homogeneous composition), in the form of
   * Murtagh and Vadhan 2016 (Theorem 1.5) valid for every ε̃ ≥ 0: k-fold adaptive composition of
   * (ε, δ)-DP mechanisms is (ε̃, 1 − (1−δ)<sup>k</sup>(1 − δ<sub>k</sub>(ε̃)))-DP with
   *
   * <pre>{@code
   * δ_k(ε̃) = Σ_l P(Y = l) · [e^{(k−2l)ε} − e^{ε̃}]_+ ,   Y ~ Binomial(k, e^ε/(1+e^ε)).
   * }</pre>
   *
   * (P(Y = l)·e<sup>(k−2l)ε</sup> = C(k,l)·e<sup>(k−l)ε</sup>/(1+e<sup>ε</sup>)<sup>k</sup>, KOV's
   * form.) Returns the smallest ε̃ in [0, kε] found with δ<sub>k</sub>(ε̃) ≤ δ′, where
   * δ<sub>k</sub> is evaluated as a sum of positive terms in log space and rounded up (relative
   * {@link #OPTIMAL_DELTA_MARGIN}, plus (k+1) times the smallest normal double for underflow), so
   * the returned ε̃ always satisfies the inequality. Since 1 − (1−δ)<sup>k</sup>(1−δ′) ≤ kδ + δ′,
   * the composition is then (ε̃, kδ + δ′)-DP.
   *
   * @param k the number of charges, 1 ≤ k ≤ {@link Composition#MAX_OPTIMAL_K}
   * @param epsilon the ε of each charge, &gt; 0
   * @param slackDelta δ′ in (0, 1)
   * @return ε̃ (at most kε, at least {@link Double#MIN_NORMAL})
   */
  static double kovOptimal(int k, double epsilon, double slackDelta) {
    if (k < 1 || k > Composition.MAX_OPTIMAL_K) {
      throw new IllegalArgumentException(
          "k must be in [1, " + Composition.MAX_OPTIMAL_K + "], got " + k);
    }
    // ln P(Y = l) = ln C(k, l) − (k − l)ε − k·ln(1 + e^{−ε}), for l < k/2 (the only l with
    // (k − 2l)ε > ε̃ ≥ 0).
    int terms = (k + 1) / 2;
    double[] logP = new double[terms];
    double[] gap = new double[terms];
    double logNorm = k * Math.log1p(Math.exp(-epsilon));
    for (int l = 0; l < terms; l++) {
      double logBinomial = LOG_FACTORIAL[k] - LOG_FACTORIAL[l] - LOG_FACTORIAL[k - l];
      logP[l] = logBinomial - (k - l) * epsilon - logNorm;
      gap[l] = (k - 2 * l) * epsilon;
    }
    double basic = k * epsilon;
    // δ_k is non-increasing in ε̃; find the largest m such that ε̃ = (k − 2m)ε satisfies it.
    int lo = 0; // ε̃ = kε: δ_k = 0, always satisfied
    int hi = terms; // ε̃ = (k − 2·terms)ε ≤ 0: treated as not satisfied unless checked below
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (deltaUpper(logP, gap, (k - 2 * mid) * epsilon) <= slackDelta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double upper = lo == 0 ? basic : (k - 2 * lo) * epsilon;
    double lower = Math.max(0, upper - 2 * epsilon);
    if (lower == 0 && deltaUpper(logP, gap, 0) <= slackDelta) {
      return Double.MIN_NORMAL;
    }
    // Inside (lower, upper] the active terms are fixed: δ_k(ε̃) = A − e^{ε̃}·B. Solve for ε̃ at a
    // target just below δ′ (so that the rounded-up verification can pass), nudge up until
    // verified; fall back to bisection with a verified upper end.
    double target =
        (slackDelta - (terms + 1) * Double.MIN_NORMAL) / (1 + OPTIMAL_DELTA_MARGIN) * (1 - 1e-9);
    double candidate = target > 0 ? solveInInterval(logP, gap, lower, target) : Double.NaN;
    if (candidate > lower && candidate < upper) {
      for (double nudge = 1e-12; nudge <= 1e-6; nudge *= 100) {
        double nudged = Math.min(upper, candidate + nudge * Math.max(1, candidate));
        if (deltaUpper(logP, gap, nudged) <= slackDelta) {
          // Verified, and within a relative 1e-9 of the exact optimum (the target's slack).
          return Math.max(Math.min(nudged, basic), Double.MIN_NORMAL);
        }
      }
    }
    for (int i = 0; i < 64 && upper - lower > 1e-12 * Math.max(1, upper); i++) {
      double mid = 0.5 * (lower + upper);
      if (deltaUpper(logP, gap, mid) <= slackDelta) {
        upper = mid;
      } else {
        lower = mid;
      }
    }
    return Math.max(Math.min(upper, basic), Double.MIN_NORMAL);
  }

  /**
   * An upper bound on δ_k(ε̃) = Σ_l P(Y=l)·e^{ε̃}·(e^{gap_l − ε̃} − 1) over gap_l &gt; ε̃: every
   * term is positive, so there is no cancellation.
   */
  static double deltaUpper(double[] logP, double[] gap, double epsilonTilde) {
    double sum = 0;
    int count = 0;
    for (int l = 0; l < logP.length; l++) {
      double x = gap[l] - epsilonTilde;
      if (x <= 0) {
        break; // gap decreases with l
      }
      double logExpm1 = x > 30 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
      sum += Math.exp(logP[l] + epsilonTilde + logExpm1);
      count++;
    }
    return sum * (1 + OPTIMAL_DELTA_MARGIN) + (count + 1) * Double.MIN_NORMAL;
  }

  /** ε̃ = ln((A − δ′)/B) for the active set at ε̃ just above {@code lower}; NaN if undefined. */
  private static double solveInInterval(
      double[] logP, double[] gap, double lower, double slackDelta) {
    double maxA = Double.NEGATIVE_INFINITY;
    double maxB = Double.NEGATIVE_INFINITY;
    int active = 0;
    while (active < logP.length && gap[active] > lower) {
      maxA = Math.max(maxA, logP[active] + gap[active]);
      maxB = Math.max(maxB, logP[active]);
      active++;
    }
    if (active == 0) {
      return Double.NaN;
    }
    double sumA = 0;
    double sumB = 0;
    for (int l = 0; l < active; l++) {
      sumA += Math.exp(logP[l] + gap[l] - maxA);
      sumB += Math.exp(logP[l] - maxB);
    }
    double logA = maxA + Math.log(sumA);
    double logB = maxB + Math.log(sumB);
    double logSlack = Math.log(slackDelta);
    if (!(logA > logSlack)) {
      return Double.NaN;
    }
    // ln(A − δ′) = ln A + ln(1 − δ′/A), without overflowing A.
    return logA + Math.log1p(-Math.exp(logSlack - logA)) - logB;
  }
}
