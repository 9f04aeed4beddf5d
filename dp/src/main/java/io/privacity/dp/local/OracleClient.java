package io.privacity.dp.local;

import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;

/**
 * What the device halves of the frequency oracles share: the oracle of their protocol and the
 * randomness, both checked on creation. Immutable and thread-safe as long as the randomness is.
 *
 * @param <R> the report type
 */
abstract class OracleClient<R extends LdpReport> implements LocalRandomizer<R> {
  final FrequencyOracle oracle;
  final Randomness random;

  /**
   * Checks, in this order, that the oracle is not null, that it uses {@code protocol}, and that the
   * randomness is not null (each an {@link IllegalArgumentException}, as the public factories say).
   */
  OracleClient(FrequencyOracle oracle, FrequencyOracle.Protocol protocol, Randomness randomness) {
    Checks.notNull("oracle", oracle).checkProtocol(protocol);
    this.oracle = oracle;
    this.random = Checks.notNull("randomness", randomness);
  }

  @Override
  public final FrequencyOracle oracle() {
    return oracle;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + oracle + "}";
  }
}
