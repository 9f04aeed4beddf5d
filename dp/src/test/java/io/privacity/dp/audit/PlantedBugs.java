package io.privacity.dp.audit;

import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.ExactSamplers;

/**
 * Deliberately broken mechanisms, for showing that {@link DpAuditor} catches real bugs. Test code
 * only: none of these may ever be used on data.
 */
final class PlantedBugs {
  private PlantedBugs() {}

  /** Lattice step of the test Laplace mechanisms: 2^-20 (sensitivity 1). */
  static final double STEP = 0x1.0p-20;

  /**
   * A lattice Laplace mechanism x + g·DLap(t) for ε-DP with sensitivity 1, whose noise scale is
   * multiplied by {@code scaleFactor}: 1 is correct, 0.5 is the "noise scale halved" bug.
   */
  static double latticeLaplace(Randomness r, double x, double epsilon, double scaleFactor) {
    long t = (long) Math.ceil(scaleFactor / (epsilon * STEP));
    return x + STEP * ExactSamplers.discreteLaplace(r, t, 1);
  }

  /**
   * The textbook inverse-CDF Laplace sampler in floating point: x − b·sgn(u)·ln(1 − 2|u|) with u
   * uniform on the 2^-53 grid of [−0.5, 0.5). Its set of possible outputs depends on x (Mironov,
   * CCS 2012). StrictMath makes the computation reproducible for {@link
   * #textbookReachableFromZero}.
   */
  static double textbookLaplace(Randomness r, double x, double b) {
    return x + textbookNoise(r.nextLong() >>> 11, b);
  }

  /** The textbook noise for the grid index k of u = k·2^-53 − 0.5. */
  static double textbookNoise(long k, double b) {
    double u = k * 0x1.0p-53 - 0.5;
    return -b * Math.signum(u) * StrictMath.log(1 - 2 * Math.abs(u));
  }

  /**
   * Mironov's support test: whether {@code o} is an output the textbook sampler can produce on
   * input 0, found by inverting the (monotone) noise map and checking the nearest grid points.
   */
  static boolean textbookReachableFromZero(double o, double b) {
    if (o == 0) {
      return true;
    }
    // o = −b·sgn(u)·ln(1 − 2|u|)  ⇒  |u| = (1 − exp(−|o|/b)) / 2, sgn(u) = sgn(o).
    double absU = -Math.expm1(-Math.abs(o) / b) / 2;
    double u = Math.signum(o) * absU;
    long k = Math.round((u + 0.5) * 0x1.0p53);
    for (long j = k - 3; j <= k + 3; j++) {
      if (j >= 0 && j < (1L << 53) && textbookNoise(j, b) == o) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sparse vector with the threshold noise forgotten (the bug Lyu, Su and Li show in several
   * published variants): each query is compared with the bare threshold, q_i + ν_i ≥ T, with the
   * query noise of the correct algorithm, sensitivity 1, c = 1. Returns the answer pattern.
   */
  static String svtWithoutThresholdNoise(
      Randomness r, double[] queries, double threshold, double epsilon) {
    int c = 1;
    double eps1 = epsilon / (1 + Math.pow(2.0 * c, 2.0 / 3));
    long t = (long) Math.ceil(2 * c / ((epsilon - eps1) * STEP));
    StringBuilder sb = new StringBuilder();
    for (double q : queries) {
      boolean above = q + STEP * ExactSamplers.discreteLaplace(r, t, 1) >= threshold;
      sb.append(above ? 'T' : 'F');
      if (above) {
        break;
      }
    }
    return sb.toString();
  }
}
