package io.privacity.core.accounting.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * The exact privacy profile δ(ε) of k-fold composition of the Laplace mechanism with ε₀ = Δ/b, by a
 * route independent of the library: exact rational B-splines and 60-digit decimal arithmetic.
 *
 * <p>Under P the loss of one Laplace mechanism is ε₀ w.p. ½, −ε₀ w.p. e^{−ε₀}/2, and has density
 * ¼e^{(L−ε₀)/2} on (−ε₀, ε₀). That measure equals e^{L/2}·c·ν with c = ½e^{−ε₀/2} and ν = δ_{ε₀} +
 * δ_{−ε₀} + ½·Lebesgue(−ε₀, ε₀); exponential tilting commutes with convolution, so the k-fold
 * composition is c^k·e^{s/2}·ν^{*k}, and ν^{*k} = Σ_j C(k,j)(½)^j (δ_{ε₀}+δ_{−ε₀})^{*(k−j)} *
 * Leb^{*j}, where Leb^{*j} is ε₀^j times the j-fold convolution B_j of the indicator of (−1, 1) in
 * units of ε₀ — a piecewise polynomial with integer knots, computed exactly. Then δ(ε) = c^k ∫_{s
 * &gt; ε} (e^{s/2} − e^{ε}e^{−s/2}) dν^{*k}(s), integrated piece by piece by power series.
 */
final class ExactLaplaceComposition {
  private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);

  private final int k;
  private final BigDecimal e0;
  private final BigDecimal half = new BigDecimal("0.5");
  // Atoms (j = 0): at t = 2i − k, weight C(k, i).
  private final List<int[]> atoms = new ArrayList<>();
  // Continuous density on t ∈ [m, m+1], m = −k … k−1, as coefficients in u = t − m.
  private final BigDecimal[][] pieces;
  private final BigDecimal ck;

  ExactLaplaceComposition(double epsilon0, int k) {
    this.k = k;
    this.e0 = new BigDecimal(epsilon0);
    for (int i = 0; i <= k; i++) {
      atoms.add(new int[] {2 * i - k, i});
    }
    this.ck = half.multiply(exp(e0.negate().multiply(half)), MC).pow(k, MC);
    List<BigFraction[][]> splines = splines(k); // splines.get(j)[m + j] = B_j on [m, m+1]
    pieces = new BigDecimal[2 * k][];
    for (int p = 0; p < 2 * k; p++) {
      pieces[p] = new BigDecimal[k];
      java.util.Arrays.fill(pieces[p], BigDecimal.ZERO);
    }
    BigDecimal w = BigDecimal.ONE;
    for (int j = 1; j <= k; j++) {
      w = w.multiply(e0.multiply(half, MC), MC); // (ε₀/2)^j
      BigInteger ckj = binomial(k, j);
      BigFraction[][] b = splines.get(j);
      for (int i = 0; i <= k - j; i++) {
        int a = 2 * i - (k - j);
        BigDecimal weight = w.multiply(new BigDecimal(ckj.multiply(binomial(k - j, i))), MC);
        for (int m = -j; m < j; m++) {
          int target = m + a; // B_j(t − a) on t ∈ [target, target + 1]
          BigFraction[] poly = b[m + j];
          BigDecimal[] dst = pieces[target + k];
          for (int n = 0; n < poly.length; n++) {
            BigDecimal c = fraction(poly[n]);
            dst[n] = dst[n].add(weight.multiply(c, MC), MC);
          }
        }
      }
    }
  }

  /** δ(ε) exactly (to about 40 digits). */
  BigDecimal delta(double epsilon) {
    BigDecimal eps = new BigDecimal(epsilon);
    BigDecimal expEps = exp(eps);
    BigDecimal sum = BigDecimal.ZERO;
    for (int[] atom : atoms) {
      BigDecimal s = e0.multiply(BigDecimal.valueOf(atom[0]), MC);
      if (s.compareTo(eps) > 0) {
        BigDecimal g =
            exp(s.multiply(half, MC))
                .subtract(expEps.multiply(exp(s.negate().multiply(half, MC)), MC), MC);
        sum = sum.add(new BigDecimal(binomial(k, atom[1])).multiply(g, MC), MC);
      }
    }
    double tau = epsilon / e0.doubleValue();
    BigDecimal beta = e0.multiply(half, MC);
    for (int m = -k; m < k; m++) {
      if (m + 1 <= tau) {
        continue;
      }
      BigDecimal lower = BigDecimal.ZERO;
      if (m < tau) {
        lower = new BigDecimal(epsilon).divide(e0, MC).subtract(BigDecimal.valueOf(m), MC);
      }
      BigDecimal[] poly = pieces[m + k];
      // ∫_{lower}^{1} p(u)·(e^{β(m+u)} − e^ε·e^{−β(m+u)}) du.
      BigDecimal plus = exp(beta.multiply(BigDecimal.valueOf(m), MC));
      BigDecimal minus =
          expEps.multiply(exp(beta.negate().multiply(BigDecimal.valueOf(m), MC)), MC);
      for (int n = 0; n < poly.length; n++) {
        if (poly[n].signum() == 0) {
          continue;
        }
        BigDecimal up = moment(n, beta, BigDecimal.ONE).subtract(moment(n, beta, lower), MC);
        BigDecimal down =
            moment(n, beta.negate(), BigDecimal.ONE).subtract(moment(n, beta.negate(), lower), MC);
        BigDecimal term = plus.multiply(up, MC).subtract(minus.multiply(down, MC), MC);
        sum = sum.add(poly[n].multiply(term, MC), MC);
      }
    }
    return ck.multiply(sum, MC);
  }

  /** ∫_0^U u^n e^{βu} du = Σ_r β^r U^{n+r+1}/(r!(n+r+1)). */
  private static BigDecimal moment(int n, BigDecimal beta, BigDecimal upper) {
    if (upper.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal pow = upper.pow(n + 1, MC); // β^r U^{n+r+1}/r!
    for (int r = 0; r < 400; r++) {
      BigDecimal term = pow.divide(BigDecimal.valueOf(n + r + 1), MC);
      sum = sum.add(term, MC);
      if (term.abs().compareTo(BigDecimal.ONE.movePointLeft(70)) < 0 && r > 5) {
        break;
      }
      pow = pow.multiply(beta, MC).multiply(upper, MC).divide(BigDecimal.valueOf(r + 1), MC);
    }
    return sum;
  }

  /** e^x by argument halving and a Taylor series. */
  static BigDecimal exp(BigDecimal x) {
    int halvings = 0;
    BigDecimal y = x;
    while (y.abs().compareTo(new BigDecimal("0.25")) > 0) {
      y = y.divide(BigDecimal.valueOf(2), MC);
      halvings++;
    }
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    for (int i = 1; i < 200; i++) {
      term = term.multiply(y, MC).divide(BigDecimal.valueOf(i), MC);
      sum = sum.add(term, MC);
      if (term.abs().compareTo(BigDecimal.ONE.movePointLeft(80)) < 0) {
        break;
      }
    }
    for (int i = 0; i < halvings; i++) {
      sum = sum.multiply(sum, MC);
    }
    return sum;
  }

  private static BigDecimal fraction(BigFraction f) {
    return new BigDecimal(f.getNumerator()).divide(new BigDecimal(f.getDenominator()), MC);
  }

  private static BigInteger binomial(int n, int r) {
    BigInteger b = BigInteger.ONE;
    for (int i = 0; i < r; i++) {
      b = b.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    return b;
  }

  /**
   * B_j for j = 1…k: B_j[m + j] is the polynomial (coefficients in u = t − m) on [m, m + 1], m = −j
   * … j−1. B_1 = 1 on (−1, 1); B_{j+1}(m + u) = F_j(m + 1 + u) − F_j(m − 1 + u) with F_j the
   * antiderivative, piece by piece (a shift by one keeps the local coordinate).
   */
  private static List<BigFraction[][]> splines(int k) {
    List<BigFraction[][]> out = new ArrayList<>();
    out.add(null);
    BigFraction[][] b1 = {{BigFraction.ONE}, {BigFraction.ONE}};
    out.add(b1);
    for (int j = 1; j < k; j++) {
      BigFraction[][] b = out.get(j);
      int n = 2 * j; // pieces m = −j … j−1
      // Antiderivative pieces: Q_m(u) = ∫_0^u P_m, constants C_m = F(m).
      BigFraction[][] q = new BigFraction[n][];
      BigFraction[] c = new BigFraction[n + 1];
      c[0] = BigFraction.ZERO;
      for (int p = 0; p < n; p++) {
        BigFraction[] poly = b[p];
        BigFraction[] integral = new BigFraction[poly.length + 1];
        integral[0] = BigFraction.ZERO;
        BigFraction total = BigFraction.ZERO;
        for (int d = 0; d < poly.length; d++) {
          integral[d + 1] = poly[d].divide(d + 1);
          total = total.add(integral[d + 1]);
        }
        q[p] = integral;
        c[p + 1] = c[p].add(total);
      }
      BigFraction[][] next = new BigFraction[2 * (j + 1)][];
      for (int m = -(j + 1); m < j + 1; m++) {
        BigFraction[] hi = antiderivative(q, c, m + 1, j); // F_j(m + 1 + u)
        BigFraction[] lo = antiderivative(q, c, m - 1, j); // F_j(m − 1 + u)
        int len = Math.max(hi.length, lo.length);
        BigFraction[] d = new BigFraction[len];
        for (int i = 0; i < len; i++) {
          BigFraction a = i < hi.length ? hi[i] : BigFraction.ZERO;
          BigFraction z = i < lo.length ? lo[i] : BigFraction.ZERO;
          d[i] = a.subtract(z);
        }
        next[m + j + 1] = d;
      }
      out.add(next);
    }
    return out;
  }

  /** F_j on piece m in local coordinates: 0 below the support, the total above. */
  private static BigFraction[] antiderivative(BigFraction[][] q, BigFraction[] c, int m, int j) {
    int p = m + j;
    if (p < 0) {
      return new BigFraction[] {BigFraction.ZERO};
    }
    if (p >= q.length) {
      return new BigFraction[] {c[q.length]};
    }
    BigFraction[] r = q[p].clone();
    r[0] = r[0].add(c[p]);
    return r;
  }
}
