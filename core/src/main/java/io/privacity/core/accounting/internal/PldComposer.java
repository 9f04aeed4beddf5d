package io.privacity.core.accounting.internal;

import java.util.List;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Composition of discretized privacy loss distributions by FFT (Koskela, Jälkö and Honkela 2020;
 * Meiser and Mohammadi 2018), and the ε(δ) and δ(ε) queries on the result.
 *
 * <p>Each group is a distribution on the common grid with a multiplicity n (identical charges): its
 * transform is raised to the n-th power by repeated squaring in the frequency domain, the powers of
 * all groups are multiplied, and one inverse transform gives the composition. The transform length
 * covers a window [L, U] of the composed support chosen by Chernoff bounds, P(S ≥ U + 1) ≤ τ and
 * P(S ≤ L − 1) ≤ τ with τ = {@value #TAIL} (zero-padded beyond each group's support): only those
 * tails can wrap around. The upper tail's bound τ is added to the mass at +∞ (each unit of
 * probability adds at most one unit to δ); wrapped mass only lands on window points, adding
 * non-negative terms to δ. Masses at +∞ compose as 1 − Π(1 − m_g)^{n_g}. Floating-point noise of
 * the transforms (entries below zero, imaginary parts) is measured on the result: negative entries
 * are set to 0 and the largest noise magnitude times the window length is added to the mass at +∞.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class PldComposer {
  private PldComposer() {}

  /** Chernoff tail mass truncated on each side of the composed support. */
  static final double TAIL = 1e-16;

  /** Largest transform length (2^24 points: 256 MiB of complex doubles would follow). */
  static final int MAX_FFT = 1 << 24;

  /** Thrown when the composed support does not fit {@link #MAX_FFT} points at this grid step. */
  public static final class TooWideException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooWideException(String message) {
      super(message);
    }
  }

  /**
   * Composes the groups.
   *
   * @param pmfs the distributions, on one grid step
   * @param counts their multiplicities (≥ 1)
   * @return the composition
   * @throws TooWideException if the result needs more than {@link #MAX_FFT} points
   */
  public static Composed compose(List<Pmf> pmfs, long[] counts) {
    if (pmfs.isEmpty()) {
      return new Composed(0, new double[] {1}, 0, 1);
    }
    double h = pmfs.get(0).step;
    double logFinite = 0;
    long base = 0;
    long extent = 0;
    double mean = 0;
    double var = 0;
    int maxLen = 0;
    for (int g = 0; g < pmfs.size(); g++) {
      Pmf p = pmfs.get(g);
      long n = counts[g];
      logFinite += n * Math.log1p(-p.effectiveInfinity());
      base = Math.addExact(base, Math.multiplyExact(n, p.offset));
      extent = Math.addExact(extent, Math.multiplyExact(n, (long) p.length() - 1));
      double[] mv = moments(p);
      mean += n * mv[0];
      var += n * mv[1];
      maxLen = Math.max(maxLen, p.length());
    }
    double infinity = -Math.expm1(logFinite);
    if (pmfs.size() == 1 && counts[0] == 1) {
      Pmf p = pmfs.get(0);
      return new Composed(p.offset, p.mass.clone(), infinity, h);
    }
    long lower = 0;
    long upper = extent;
    if (extent + 1 > 4096) {
      long[] w = window(pmfs, counts, extent, var);
      lower = w[0];
      upper = w[1];
    }
    boolean truncatedAbove = upper < extent;
    long width = upper - lower + 1;
    long need = Math.max(width, maxLen);
    if (need > MAX_FFT) {
      throw new TooWideException(
          "the composed privacy loss distribution needs " + need + " grid points at step " + h);
    }
    int size = Integer.highestOneBit((int) Math.max(1, need - 1)) << 1;
    if (size < need) {
      size <<= 1;
    }
    double[] yr = new double[size];
    double[] yi = new double[size];
    java.util.Arrays.fill(yr, 1);
    Fft fft = new Fft(size);
    double[] zr = new double[size];
    double[] zi = new double[size];
    double[] xr = new double[size];
    double[] xi = new double[size];
    for (int g = 0; g < pmfs.size(); g += 2) {
      // Two real sequences in one complex transform: z = a + i·b, then A[k] = (Z[k] + conj
      // Z[−k])/2 and B[k] = (Z[k] − conj Z[−k])/(2i).
      java.util.Arrays.fill(zr, 0);
      java.util.Arrays.fill(zi, 0);
      double[] a = pmfs.get(g).mass;
      System.arraycopy(a, 0, zr, 0, a.length);
      boolean pair = g + 1 < pmfs.size();
      if (pair) {
        double[] b = pmfs.get(g + 1).mass;
        System.arraycopy(b, 0, zi, 0, b.length);
      }
      fft.forward(zr, zi);
      if (!pair) {
        multiplyPower(yr, yi, zr, zi, counts[g]);
        continue;
      }
      for (int k = 0; k < size; k++) {
        int m = (size - k) & (size - 1);
        xr[k] = 0.5 * (zr[k] + zr[m]);
        xi[k] = 0.5 * (zi[k] - zi[m]);
      }
      multiplyPower(yr, yi, xr, xi, counts[g]);
      for (int k = 0; k < size; k++) {
        int m = (size - k) & (size - 1);
        xr[k] = 0.5 * (zi[k] + zi[m]);
        xi[k] = 0.5 * (zr[m] - zr[k]);
      }
      multiplyPower(yr, yi, xr, xi, counts[g + 1]);
    }
    double[][] y = {yr, yi};
    FastFourierTransformer.transformInPlace(y, DftNormalization.STANDARD, TransformType.INVERSE);
    double[] out = new double[(int) width];
    double noise = 0;
    for (int k = 0; k < width; k++) {
      int idx = (int) Math.floorMod(lower + k, (long) size);
      double v = y[0][idx];
      noise = Math.max(noise, Math.abs(y[1][idx]));
      if (v < 0) {
        noise = Math.max(noise, -v);
        v = 0;
      }
      out[k] = v;
    }
    double extra = noise * width + (truncatedAbove ? TAIL : 0);
    return new Composed(base + lower, out, Math.min(1, infinity + extra), h);
  }

  /** Mean and variance, in grid units relative to the offset, of the normalized finite part. */
  private static double[] moments(Pmf p) {
    double total = 0;
    double m = 0;
    for (int i = 0; i < p.mass.length; i++) {
      total += p.mass[i];
      m += i * p.mass[i];
    }
    if (!(total > 0)) {
      return new double[] {0, 0};
    }
    m /= total;
    double v = 0;
    for (int i = 0; i < p.mass.length; i++) {
      double d = i - m;
      v += d * d * p.mass[i];
    }
    return new double[] {m, v / total};
  }

  /** ln Σ_i mass_i·e^{t·i}. */
  private static double logMgf(Pmf p, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.mass.length; i++) {
      if (p.mass[i] > 0) {
        max = Math.max(max, Math.log(p.mass[i]) + t * i);
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double s = 0;
    for (int i = 0; i < p.mass.length; i++) {
      if (p.mass[i] > 0) {
        s += Math.exp(Math.log(p.mass[i]) + t * i - max);
      }
    }
    return max + Math.log(s);
  }

  /** [L, U] with P(S ≤ L − 1) ≤ TAIL and P(S ≥ U + 1) ≤ TAIL by Chernoff bounds. */
  private static long[] window(List<Pmf> pmfs, long[] counts, long extent, double var) {
    double logTail = Math.log(TAIL);
    double tStar = Math.sqrt(2 * -logTail / Math.max(var, 1e-12));
    long upper = extent;
    long lower = 0;
    for (int k = -6; k <= 6; k++) {
      double t = tStar * Math.scalb(1.0, k);
      double up = 0;
      double down = 0;
      for (int g = 0; g < pmfs.size(); g++) {
        up += counts[g] * logMgf(pmfs.get(g), t);
        down += counts[g] * logMgf(pmfs.get(g), -t);
      }
      // P(S ≥ u) ≤ exp(up − t·u) ≤ TAIL for u ≥ (up − ln TAIL)/t.
      double u = Math.ceil((up - logTail) / t);
      if (u - 1 < upper) {
        upper = (long) Math.max(0, u - 1);
      }
      // P(S ≤ l) ≤ exp(down + t·l) ≤ TAIL for l ≤ (ln TAIL − down)/t.
      double l = Math.floor((logTail - down) / t);
      if (l + 1 > lower) {
        lower = (long) Math.min(extent, l + 1);
      }
    }
    if (lower > upper) {
      lower = 0;
      upper = extent;
    }
    return new long[] {lower, upper};
  }

  /**
   * Radix-2 forward transform X[k] = Σ x_n·e^{−2πi·nk/N} (the convention of commons-math's STANDARD
   * forward transform, whose inverse composes the result) with a precomputed twiddle table: cheaper
   * than commons-math's when one size is transformed many times.
   */
  static final class Fft {
    private final int n;
    // Twiddles of the stage of length len at [len/2, len): cos and −sin of 2πj/len, j < len/2.
    private final double[] wr;
    private final double[] wi;
    private final int[] reverse;

    Fft(int n) {
      this.n = n;
      wr = new double[Math.max(1, n)];
      wi = new double[Math.max(1, n)];
      for (int len = 2; len <= n; len <<= 1) {
        int half = len >>> 1;
        for (int j = 0; j < half; j++) {
          double angle = 2 * Math.PI * j / len;
          wr[half + j] = Math.cos(angle);
          wi[half + j] = -Math.sin(angle);
        }
      }
      reverse = new int[n];
      int bits = Integer.numberOfTrailingZeros(n);
      for (int i = 0; i < n; i++) {
        reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
      }
    }

    void forward(double[] re, double[] im) {
      for (int i = 0; i < n; i++) {
        int r = reverse[i];
        if (r > i) {
          double t = re[i];
          re[i] = re[r];
          re[r] = t;
          t = im[i];
          im[i] = im[r];
          im[r] = t;
        }
      }
      for (int i = 0; i + 1 < n; i += 2) {
        double r = re[i + 1];
        double m = im[i + 1];
        re[i + 1] = re[i] - r;
        im[i + 1] = im[i] - m;
        re[i] += r;
        im[i] += m;
      }
      for (int len = 4; len <= n; len <<= 1) {
        int half = len >>> 1;
        for (int i = 0; i < n; i += len) {
          for (int j = 0; j < half; j++) {
            double cr = wr[half + j];
            double ci = wi[half + j];
            int u = i + j;
            int v = u + half;
            double tr = re[v] * cr - im[v] * ci;
            double ti = re[v] * ci + im[v] * cr;
            re[v] = re[u] - tr;
            im[v] = im[u] - ti;
            re[u] += tr;
            im[u] += ti;
          }
        }
      }
    }
  }

  /** y ← y·x^n, elementwise, by repeated squaring. */
  private static void multiplyPower(double[] yr, double[] yi, double[] xr, double[] xi, long n) {
    for (int i = 0; i < yr.length; i++) {
      double br = xr[i];
      double bi = xi[i];
      double pr = 1;
      double pi = 0;
      long e = n;
      while (e > 0) {
        if ((e & 1) != 0) {
          double r = pr * br - pi * bi;
          pi = pr * bi + pi * br;
          pr = r;
        }
        e >>= 1;
        if (e > 0) {
          double r = br * br - bi * bi;
          bi = 2 * br * bi;
          br = r;
        }
      }
      double r = yr[i] * pr - yi[i] * pi;
      yi[i] = yr[i] * pi + yi[i] * pr;
      yr[i] = r;
    }
  }

  /**
   * A composed privacy loss distribution: mass[i] at loss (base + i)·h, plus the mass at +∞.
   * Immutable; answers δ(ε) and ε(δ) exactly for the discrete distribution.
   */
  public static final class Composed {
    private final long base;
    private final double[] mass;
    private final double infinity;
    private final double h;
    private final double[] tailMass; // Σ_{j ≥ i} mass_j
    private final double[] tailWeighted; // Σ_{j ≥ i} mass_j·e^{−(j−i)h}

    Composed(long base, double[] mass, double infinity, double h) {
      this.base = base;
      this.mass = mass;
      this.infinity = infinity;
      this.h = h;
      int n = mass.length;
      this.tailMass = new double[n + 1];
      this.tailWeighted = new double[n + 1];
      double em = Math.exp(-h);
      for (int i = n - 1; i >= 0; i--) {
        tailMass[i] = tailMass[i + 1] + mass[i];
        tailWeighted[i] = mass[i] + em * tailWeighted[i + 1];
      }
    }

    private double loss(long i) {
      return (base + i) * h;
    }

    /**
     * The mass at +∞ (plus truncation and rounding allowances).
     *
     * @return the infinity mass
     */
    public double infinityMass() {
      return infinity;
    }

    /**
     * δ(ε) = m_∞ + Σ_{L_i &gt; ε} mass_i·(1 − e^{ε − L_i}).
     *
     * @param epsilon ε
     * @return δ
     */
    public double delta(double epsilon) {
      int n = mass.length;
      double pos = epsilon / h - base;
      int i;
      if (pos < 0) {
        i = 0;
      } else if (pos >= n) {
        i = n;
      } else {
        i = (int) Math.floor(pos) + 1;
        if (i > 0 && loss(i - 1) > epsilon) {
          i--;
        }
      }
      if (i >= n) {
        return Math.min(1, infinity);
      }
      double d = infinity + tailMass[i] - Math.exp(epsilon - loss(i)) * tailWeighted[i];
      return Math.min(1, Math.max(infinity, d));
    }

    /**
     * The smallest ε ≥ 0 with δ(ε) ≤ the target, rounded up; +∞ if the mass at +∞ exceeds it.
     *
     * @param target δ in (0, 1)
     * @return ε
     */
    public double epsilon(double target) {
      if (infinity >= target) {
        return Double.POSITIVE_INFINITY;
      }
      int n = mass.length;
      // δ at the grid point L_k (its own mass adds nothing) = ∞ + tail[k+1] − e^{−h}·weighted[k+1].
      int lo = -1; // δ(L_lo) > target (or lo = −1)
      int hi = n - 1; // δ(L_{n−1}) = ∞ < target
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        double d = infinity + tailMass[mid + 1] - Math.exp(-h) * tailWeighted[mid + 1];
        if (d <= target) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      int k = hi;
      // On (L_{k−1}, L_k] the active masses are j ≥ k: δ = ∞ + tail[k] − e^{ε − L_k}·weighted[k].
      double ratio = (infinity + tailMass[k] - target) / tailWeighted[k];
      double eps = ratio > 0 ? loss(k) + Math.log(Math.min(1, ratio)) : Double.NEGATIVE_INFINITY;
      if (!(eps > 0)) {
        return 0;
      }
      double up = eps + 1e-12 * eps;
      for (int i = 0; i < 8 && delta(up) > target; i++) {
        up += 1e-9 * Math.max(up, h);
      }
      return up;
    }

    /**
     * The number of grid points.
     *
     * @return the support size
     */
    public int size() {
      return mass.length;
    }
  }
}
