package io.privacity.dp.aggregate;

import io.privacity.core.PrivacyException;

/**
 * Thrown when an {@link Accumulator} is asked to merge a shard it already holds — the same
 * accumulator twice, a serialized copy of one already merged, or two accumulators that both hold a
 * third. Merging it would count that shard's privacy units twice, so each of them could contribute
 * twice the bounds and the release's guarantee would not hold. Nothing is merged.
 *
 * <p>Every accumulator carries a random 128-bit shard id, and the ids of every shard merged into
 * it; the ids travel with {@link Accumulator#toBytes} (see {@code docs/proofs/aggregation.md}).
 */
public final class DuplicateShardException extends PrivacyException {
  private static final long serialVersionUID = 1L;

  DuplicateShardException(String message) {
    super(message);
  }
}
