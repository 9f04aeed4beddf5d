package io.privacity.dp.local;

import io.privacity.core.random.Randomness;

/**
 * The device half of optimized local hashing: draws a fresh 64-bit seed, hashes the value into g
 * buckets with the seeded hash, and applies randomized response over the g buckets (keep with
 * probability a/(a+(g−1)b), a/b ≤ e^ε). Pure ε-local DP whatever the hash function: the seed is
 * drawn independently of the value and the bucket is ε-randomized response.
 *
 * <p><b>Hash assumption (utility only).</b> The seeded hash is the Carter–Wegman family ((αx + β)
 * mod (2^61−1)) mod g with (α, β) mixed from the seed by SplitMix64; the server's estimate is
 * unbiased if, for a random seed, two distinct values collide with probability 1/g. The hash is not
 * cryptographic and need not be.
 *
 * <p>Immutable and thread-safe.
 */
public final class OlhClient extends OracleClient<OlhReport> {
  private OlhClient(FrequencyOracle oracle, Randomness randomness) {
    super(oracle, FrequencyOracle.Protocol.OPTIMIZED_LOCAL_HASHING, randomness);
  }

  /**
   * A client with secure randomness.
   *
   * @param oracle the parameters, protocol OLH
   * @return the client
   * @throws IllegalArgumentException if the oracle is null or of another protocol
   */
  public static OlhClient of(FrequencyOracle oracle) {
    return of(oracle, Randomness.secure());
  }

  /**
   * A client with the given randomness (seeded only in tests).
   *
   * @param oracle the parameters, protocol OLH
   * @param randomness the randomness
   * @return the client
   * @throws IllegalArgumentException if an argument is null or the oracle of another protocol
   */
  public static OlhClient of(FrequencyOracle oracle, Randomness randomness) {
    return new OlhClient(oracle, randomness);
  }

  @Override
  public OlhReport randomize(int value) {
    oracle.checkValue(value);
    long seed = random.nextLong();
    int g = oracle.hashRange();
    int hashed = new SeededHash(seed, g).hash(value);
    int bucket =
        ExactRandomizedResponse.respond(random, hashed, g, oracle.expNum(), oracle.expDen());
    return new OlhReport(oracle, seed, bucket);
  }
}
