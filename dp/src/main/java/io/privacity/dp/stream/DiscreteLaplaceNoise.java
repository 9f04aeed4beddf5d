package io.privacity.dp.stream;

import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.internal.TwoSidedGeometric;
import java.math.BigInteger;

/**
 * Exact discrete Laplace (two-sided geometric) noise {@code Pr[Z = z] ∝ exp(−γ|z|)} for a release
 * of L1 sensitivity Δ at budget ε: γ is ε/Δ rounded <em>down</em> to a dyadic rational, so the
 * realized ε = Δ·γ ({@link #epsilon()}) never exceeds the requested one. Samples come from the
 * exact integer sampler {@link TwoSidedGeometric} (no floating-point arithmetic touches a random
 * value). Immutable and thread-safe.
 */
final class DiscreteLaplaceNoise {
  /** Smallest supported γ = ε/Δ (scale at most 2^40). */
  static final double MIN_GAMMA = 0x1.0p-40;

  private final TwoSidedGeometric sampler;
  private final double epsilon;
  private final double gamma;
  private final double variance;

  private DiscreteLaplaceNoise(TwoSidedGeometric sampler, double epsilon, double gamma) {
    this.sampler = sampler;
    this.epsilon = epsilon;
    this.gamma = gamma;
    double e = Math.exp(-gamma);
    double d = -Math.expm1(-gamma);
    this.variance = 2 * e / (d * d);
  }

  /**
   * Noise that makes a release of L1 sensitivity {@code sensitivity} ε-DP.
   *
   * @param epsilon ε, finite and &gt; 0
   * @param sensitivity L1 sensitivity, &gt;= 1
   * @return the noise
   * @throws IllegalArgumentException if ε/Δ &lt; 2^−40 (noise scale above 2^40) or invalid
   */
  static DiscreteLaplaceNoise forEpsilon(double epsilon, long sensitivity) {
    Checks.positiveFinite("epsilon", epsilon);
    Checks.positive("sensitivity", sensitivity);
    double approx = epsilon / sensitivity;
    if (!(approx >= MIN_GAMMA)) {
      throw new IllegalArgumentException(
          "epsilon/sensitivity must be >= 2^-40 (noise scale <= 2^40), got epsilon="
              + epsilon
              + ", sensitivity="
              + sensitivity);
    }
    // γ = floor(ε·2^k/Δ)/2^k with about 40 significant bits, in exact integer arithmetic:
    // ε = m·2^e with an integer mantissa m < 2^53. γ is capped near 2^20 (noise all but zero
    // already); capping spends less, never more.
    int k = 40 - Math.min(20, Math.getExponent(approx));
    long m = (Double.doubleToRawLongBits(epsilon) & ((1L << 52) - 1)) | (1L << 52);
    int shift = Math.getExponent(epsilon) - 52 + k; // ε·2^k = m·2^shift
    long num;
    if (shift >= 0 && shift <= 9) {
      num = (m << shift) / sensitivity;
    } else if (shift > 9) {
      num =
          BigInteger.valueOf(m)
              .shiftLeft(shift)
              .divide(BigInteger.valueOf(sensitivity))
              .min(BigInteger.ONE.shiftLeft(60))
              .longValue();
    } else {
      int r = -shift;
      num = r < 63 && sensitivity <= (Long.MAX_VALUE >> r) ? m / (sensitivity << r) : 0;
    }
    num = Math.min(num, 1L << 60);
    if (num < 1) {
      throw new IllegalArgumentException(
          "epsilon/sensitivity must be >= 2^-40 (noise scale <= 2^40), got epsilon="
              + epsilon
              + ", sensitivity="
              + sensitivity);
    }
    TwoSidedGeometric sampler = TwoSidedGeometric.of(num, k);
    // Realized ε = Δ·num/2^k <= ε exactly; two roundings to nearest then two nextUps give an
    // upper bound on it, and min(ε, ·) keeps it an upper bound since ε itself is one.
    double realized = Math.nextUp(Math.nextUp(Math.scalb((double) sensitivity * (double) num, -k)));
    return new DiscreteLaplaceNoise(sampler, Math.min(epsilon, realized), sampler.gamma());
  }

  /** The realized ε (at most the requested one), rounded up. */
  double epsilon() {
    return epsilon;
  }

  /**
   * γ = num/2^k as a double: exact whenever num &lt; 2^53, which holds for every ε/Δ &lt; 2^33 (num
   * then has at most 41 significant bits).
   */
  double gamma() {
    return gamma;
  }

  /** The realized scale 1/γ. */
  double scale() {
    return 1 / gamma;
  }

  /** The exact variance {@code 2e^{−γ}/(1−e^{−γ})²} of the noise. */
  double variance() {
    return variance;
  }

  /** One exact draw. */
  long sample(Randomness random) {
    return sampler.sample(random);
  }
}
