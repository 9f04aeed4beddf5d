package io.privacity.dp.local;

import io.privacity.core.random.Randomness;

/**
 * The device half of k-ary randomized response (direct encoding): reports the true value with
 * probability a/(a+(k−1)b) and each other value with probability b/(a+(k−1)b), where a/b ≤ e^ε (see
 * {@link FrequencyOracle}). Pure ε-local DP (ε = {@link FrequencyOracle#epsilon()}). Immutable and
 * thread-safe.
 */
public final class KrrClient extends OracleClient<KrrReport> {
  private KrrClient(FrequencyOracle oracle, Randomness randomness) {
    super(oracle, FrequencyOracle.Protocol.DIRECT_ENCODING, randomness);
  }

  /**
   * A client with secure randomness.
   *
   * @param oracle the parameters, protocol direct encoding
   * @return the client
   * @throws IllegalArgumentException if the oracle is null or of another protocol
   */
  public static KrrClient of(FrequencyOracle oracle) {
    return of(oracle, Randomness.secure());
  }

  /**
   * A client with the given randomness (seeded only in tests).
   *
   * @param oracle the parameters, protocol direct encoding
   * @param randomness the randomness
   * @return the client
   * @throws IllegalArgumentException if an argument is null or the oracle of another protocol
   */
  public static KrrClient of(FrequencyOracle oracle, Randomness randomness) {
    return new KrrClient(oracle, randomness);
  }

  @Override
  public KrrReport randomize(int value) {
    oracle.checkValue(value);
    int r =
        ExactRandomizedResponse.respond(
            random, value, oracle.domainSize(), oracle.expNum(), oracle.expDen());
    return new KrrReport(oracle, r);
  }
}
