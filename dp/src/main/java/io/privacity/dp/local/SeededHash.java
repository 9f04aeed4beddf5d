package io.privacity.dp.local;

/**
 * The hash family of OLH: h_seed(x) = ((α·x + β) mod P) mod g with P = 2^61 − 1 (Carter and Wegman
 * 1979), where (α, β) ∈ [1, P) × [0, P) are derived from the 64-bit seed by the SplitMix64 mixing
 * function. For distinct x, x' and (α, β) uniform the pair (h(x), h(x')) is pairwise independent up
 * to a bias of order g/P; we assume the mixing of a uniform seed is as good as uniform (α, β). No
 * secrecy is needed: privacy does not depend on the hash, only the unbiasedness of the estimator
 * does.
 */
final class SeededHash {
  static final long P = (1L << 61) - 1;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long alpha;
  private final long beta;
  private final int range;

  SeededHash(long seed, int range) {
    this.alpha = 1 + Long.remainderUnsigned(mix(seed), P - 1);
    this.beta = Long.remainderUnsigned(mix(seed + GOLDEN), P);
    this.range = range;
  }

  /** SplitMix64's finalizer (a bijection of 64-bit words). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** h(x) for 0 <= x < 2^31. */
  int hash(int x) {
    return (int) (mod(mulMod(alpha, x) + beta) % range);
  }

  /** Writes h(0), h(1), …, h(k−1) into out, incrementally (one addition mod P each). */
  void hashAll(int k, int[] out) {
    long cur = beta;
    for (int x = 0; x < k; x++) {
      out[x] = (int) (cur % range);
      cur += alpha;
      if (cur >= P) {
        cur -= P;
      }
    }
  }

  private static long mulMod(long a, long x) {
    long lo = a * x;
    long hi = Math.multiplyHigh(a, x);
    // hi·2^64 + lo ≡ hi·2^3 + (lo >>> 61) + (lo & P)  (mod P), since 2^61 ≡ 1.
    return mod((hi << 3) + (lo >>> 61) + (lo & P));
  }

  private static long mod(long v) {
    // v < 2^63 here.
    v = (v & P) + (v >>> 61);
    return v >= P ? v - P : v;
  }
}
