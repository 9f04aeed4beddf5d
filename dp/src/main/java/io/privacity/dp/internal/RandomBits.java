package io.privacity.dp.internal;

import io.privacity.core.random.Randomness;

/**
 * A buffer of uniformly random bits drawn 64 at a time, with exact coins that read as few bits as
 * possible: comparisons of a fresh uniform integer with a threshold are made most significant chunk
 * first and stop at the first differing chunk (about 8 bits per coin instead of 64). Every bit is
 * used at most once, which keeps every decision independent. Not thread-safe: create one per
 * sampling call.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class RandomBits {
  private static final int CHUNK = 8;
  private final Randomness r;
  private long buf;
  private int avail;

  /**
   * A buffer over {@code r}.
   *
   * @param r the randomness
   */
  public RandomBits(Randomness r) {
    this.r = r;
  }

  /** {@code k} fresh uniform bits, 1 ≤ k ≤ 63: the buffer's remaining bits, topped up. */
  long take(int k) {
    long mask = (1L << k) - 1;
    if (avail >= k) {
      long v = buf & mask;
      buf >>>= k;
      avail -= k;
      return v;
    }
    long fresh = r.nextLong();
    int need = k - avail;
    // avail < k ≤ 63, so the shifts below are in range; buf holds exactly avail live bits.
    long v = (buf | (fresh << avail)) & mask;
    buf = fresh >>> need;
    avail = 64 - need;
    return v;
  }

  /** A uniform integer in [0, bound), 1 ≤ bound ≤ 2^62, by rejection. */
  long below(long bound) {
    if (bound == 1) {
      return 0;
    }
    int k = 64 - Long.numberOfLeadingZeros(bound - 1);
    while (true) {
      long v = take(k);
      if (v < bound) {
        return v;
      }
    }
  }

  /**
   * Whether a fresh uniform {@code bits}-bit integer U is &lt; threshold, threshold &lt; 2^bits.
   */
  boolean uniformBelow(long threshold, int bits) {
    int remaining = bits;
    while (remaining > 0) {
      int c = Math.min(CHUNK, remaining);
      remaining -= c;
      long u = take(c);
      long t = (threshold >>> remaining) & ((1L << c) - 1);
      if (u != t) {
        return u < t;
      }
    }
    return false;
  }

  /**
   * Bernoulli(num/den) exactly, 0 ≤ num ≤ den, den ≥ 1: U uniform in [0, den) by lazy rejection,
   * compared with num most significant chunk first.
   */
  boolean bernoulli(long num, long den) {
    if (num <= 0) {
      return false;
    }
    if (num >= den) {
      return true;
    }
    boolean pow2 = (den & (den - 1)) == 0;
    int bits = pow2 ? 63 - Long.numberOfLeadingZeros(den) : 64 - Long.numberOfLeadingZeros(den);
    if (pow2) {
      return uniformBelow(num, bits);
    }
    while (true) {
      boolean belowDen = false;
      int numState = 0; // 0 undecided, -1 U < num, +1 U > num
      int remaining = bits;
      boolean rejected = false;
      while (remaining > 0) {
        int c = Math.min(CHUNK, remaining);
        remaining -= c;
        long mask = (1L << c) - 1;
        long u = take(c);
        if (!belowDen) {
          long td = (den >>> remaining) & mask;
          if (u > td) {
            rejected = true;
            break;
          }
          belowDen = u < td;
        }
        if (numState == 0) {
          long tn = (num >>> remaining) & mask;
          numState = Long.compare(u, tn);
          if (numState < 0) {
            return true; // U < num ≤ den: valid and below num
          }
        }
        if (belowDen && numState > 0) {
          return false;
        }
      }
      if (rejected || !belowDen) {
        continue; // U ≥ den: draw again
      }
      return false; // U == num (numState still 0), valid
    }
  }

  /** Bernoulli(exp(−num/den)), num ≥ 0, den ≥ 1, by CKS 2020 Algorithm 1 with lazy coins. */
  boolean bernoulliExpMinus(long num, long den) {
    long whole = num / den;
    for (long i = 0; i < whole; i++) {
      if (!expMinusAtMostOne(1, 1)) {
        return false;
      }
    }
    return expMinusAtMostOne(num % den, den);
  }

  private boolean expMinusAtMostOne(long num, long den) {
    long k = 1;
    // Bernoulli(γ/k) as the product Bernoulli(1/k)·Bernoulli(num/den) of independent coins.
    while (below(k) == 0 && bernoulli(num, den)) {
      k++;
    }
    return (k & 1) == 1;
  }
}
