package io.privacity.dp.aggregate;

import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.DiscreteLaplaceMechanism;
import java.util.List;
import java.util.Locale;

/**
 * Private partition selection by Laplace thresholding: the number of distinct privacy units of a
 * partition gets discrete Laplace noise of scale t ≥ L0/ε_sel, and the partition is released iff
 * the noisy number is at least τ, the <em>smallest</em> integer with 1 − (1 − P(Z ≥ τ − 1))^L0 ≤ δ
 * (a unit alone in up to L0 partitions makes any of them appear with probability at most δ).
 * Package-private; immutable. Derivation: {@code docs/proofs/aggregation.md}, section 4.
 */
final class PartitionSelection {
  /** Fewer released partitions than this get a warning. */
  static final int FEW_PARTITIONS = 10;

  private final DiscreteLaplaceMechanism unitNoise;
  private final int l0;
  private final long threshold;
  private final double delta;

  PartitionSelection(double epsilon, double delta, int l0, Randomness randomness) {
    this.l0 = l0;
    this.unitNoise =
        DiscreteLaplaceMechanism.builder()
            .epsilon(epsilon)
            .l1Sensitivity(l0)
            .randomness(randomness)
            .build();
    this.threshold = smallestThreshold(unitNoise.scale(), l0, delta);
    this.delta = selectionDelta(threshold, unitNoise.scale(), l0);
    if (!(this.delta <= delta)) {
      throw new IllegalStateException(
          "threshold computation failed: delta " + this.delta + " > " + delta);
    }
  }

  /**
   * The smallest integer τ ≥ 1 whose {@link #selectionDelta} is at most δ, by bisection (δ(τ)
   * decreases in τ) from the union-bound estimate τ ≈ 1 + t·ln(L0/(δ(1+q))), which is never below
   * it. The former rule added one to the ceiling of that estimate on top of a +1 margin: τ one
   * larger than needed.
   */
  static long smallestThreshold(double scale, int l0, double delta) {
    double q = Math.exp(-1 / scale);
    double estimate = 1 + scale * Math.log(l0 / (delta * (1 + q)));
    long hi = Math.max(1, (long) Math.ceil(Math.min(estimate, 0x1p60)));
    while (selectionDelta(hi, scale, l0) > delta) {
      hi = Math.min(2 * hi, 1L << 61); // not reached: the estimate already meets δ
    }
    long lo = 0; // τ = 0 is never taken: invariant δ(lo) > δ or lo = 0, δ(hi) ≤ δ
    while (hi - lo > 1) {
      long mid = (lo + hi) >>> 1;
      if (selectionDelta(mid, scale, l0) <= delta) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /**
   * The exact δ of threshold τ, rounded up: 1 − (1 − p)^L0 with p = P(Z ≥ τ − 1) = q^(τ−1)/(1 + q),
   * q = e^(−1/t), the exact tail of the two-sided geometric (for τ − 1 ≥ 0). Both q^(τ−1) =
   * e^(−(τ−1)/t) and the power are evaluated in log space (relative error a few ulps, times at most
   * ~50 for the exponent's size), and the result is rounded up by 10^−12 relative, which covers
   * that.
   */
  static double selectionDelta(long threshold, double scale, int l0) {
    double p = Math.exp(-(threshold - 1) / scale) / (1 + Math.exp(-1 / scale)) * (1 + 1e-12);
    return Math.min(1, -Math.expm1(l0 * Math.log1p(-Math.min(p, 1))) * (1 + 1e-12));
  }

  /** Whether a partition with this many distinct units is released (noise drawn here). */
  boolean selects(long units) {
    return unitNoise.addNoise(units) >= threshold;
  }

  long threshold() {
    return threshold;
  }

  double delta() {
    return delta;
  }

  double scale() {
    return unitNoise.scale();
  }

  /**
   * What to tell the caller when selection released few or no partitions, from public facts only:
   * the number released (part of the output) and τ, L0 and the noise scale (parameters). Never the
   * number of dropped or candidate partitions, which counts the non-empty partitions of the private
   * data and is not differentially private.
   */
  List<String> warnings(int released) {
    if (released >= FEW_PARTITIONS) {
      return List.of();
    }
    String what =
        released == 0
            ? "private partition selection released no partition"
            : "private partition selection released only " + released + " partition(s)";
    return List.of(
        what
            + ": a partition is released only if its noisy number of distinct privacy units"
            + " (after bounding) reaches the threshold τ = "
            + threshold
            + ", so it needs about "
            + threshold
            + " units to be released with probability 1/2 (noise scale "
            + String.format(Locale.ROOT, "%.3g", scale())
            + " units for L0 = "
            + l0
            + "). To release more, raise epsilon or delta, lower maxPartitionsContributed, or"
            + " give publicPartitions if the keys are public.");
  }
}
