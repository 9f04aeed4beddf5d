package io.privacity.dp.local;

import io.privacity.core.random.Randomness;

/**
 * The device half of optimized unary encoding: a k-bit vector whose bit at the true value is 1 with
 * probability exactly 1/2 and every other bit independently 1 with probability q = b/(a+b) ≥
 * 1/(e^ε+1) (a/b ≤ e^ε, see {@link FrequencyOracle}). Pure ε-local DP: changing the value changes
 * two bits, with likelihood ratio at most (1/2)/q · (1−q)/(1/2) = a/b. Immutable and thread-safe.
 */
public final class OueClient extends OracleClient<OueReport> {
  private OueClient(FrequencyOracle oracle, Randomness randomness) {
    super(oracle, FrequencyOracle.Protocol.OPTIMIZED_UNARY_ENCODING, randomness);
  }

  /**
   * A client with secure randomness.
   *
   * @param oracle the parameters, protocol OUE
   * @return the client
   * @throws IllegalArgumentException if the oracle is null or of another protocol
   */
  public static OueClient of(FrequencyOracle oracle) {
    return of(oracle, Randomness.secure());
  }

  /**
   * A client with the given randomness (seeded only in tests).
   *
   * @param oracle the parameters, protocol OUE
   * @param randomness the randomness
   * @return the client
   * @throws IllegalArgumentException if an argument is null or the oracle of another protocol
   */
  public static OueClient of(FrequencyOracle oracle, Randomness randomness) {
    return new OueClient(oracle, randomness);
  }

  @Override
  public OueReport randomize(int value) {
    oracle.checkValue(value);
    int k = oracle.domainSize();
    long total = oracle.expNum() + oracle.expDen();
    long b = oracle.expDen();
    long[] words = new long[(k + 63) / 64];
    for (int i = 0; i < k; i++) {
      boolean bit = i == value ? random.nextBoolean() : random.nextLong(total) < b;
      if (bit) {
        words[i >>> 6] |= 1L << (i & 63);
      }
    }
    return new OueReport(oracle, words);
  }
}
