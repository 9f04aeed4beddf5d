package io.privacity.dp.aggregate;

/**
 * Hands out zeroed regions of a few large long arrays, for the per-slot data of open units: the
 * data of many units then lives in a few big arrays (which the garbage collector does not copy
 * object by object) instead of 10^5 small ones. Regions are never reused; a unit that outgrows its
 * region takes a new one (so at most half of the space is outgrown regions). Chunks grow
 * geometrically from 1 Ki to 1 Mi longs, so small accumulators stay small. Package-private; not
 * thread-safe.
 */
final class Arena {
  private static final int FIRST_CHUNK = 1 << 10;
  private static final int MAX_CHUNK = 1 << 20;

  private long[] chunk;
  private int used;
  private int nextChunk = FIRST_CHUNK;

  /** The offset of the region returned by the last {@link #alloc}. */
  int offset;

  /**
   * A zeroed region of n longs: the returned array, from {@link #offset} on.
   *
   * @param n the region length
   * @return the array holding the region
   */
  long[] alloc(int n) {
    if (n > MAX_CHUNK / 4) {
      offset = 0;
      return new long[n];
    }
    if (chunk == null || n > chunk.length - used) {
      while (nextChunk < 4 * n) {
        nextChunk *= 2;
      }
      chunk = new long[nextChunk];
      used = 0;
      nextChunk = Math.min(MAX_CHUNK, 2 * nextChunk);
    }
    offset = used;
    used += n;
    return chunk;
  }

  /** Forgets the current chunk (its regions stay valid for whoever holds them). */
  void reset() {
    chunk = null;
    used = 0;
    nextChunk = FIRST_CHUNK;
  }
}
