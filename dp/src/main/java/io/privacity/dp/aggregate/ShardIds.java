package io.privacity.dp.aggregate;

import io.privacity.core.random.Randomness;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The set of shard ids an accumulator holds: its own random 128-bit id and those of every shard
 * merged into it. Kept as a sorted array of (high, low) pairs, so that union, the duplicate check
 * and serialization are linear. Immutable; package-private.
 */
final class ShardIds {
  /** At most this many ids in one set (2^24: 256 MiB of ids would be a bug, not a workload). */
  static final int MAX_IDS = 1 << 24;

  // ids[2i], ids[2i+1]: the high and low words of the i-th id, in increasing unsigned order.
  private final long[] ids;

  private ShardIds(long[] ids) {
    this.ids = ids;
  }

  /**
   * A fresh id from the secure generator (independent of the aggregation's randomness, so seeded
   * test streams do not shift): two accumulators share an id with probability 2^−128 per pair.
   */
  static ShardIds fresh() {
    Randomness r = Randomness.secure();
    return new ShardIds(new long[] {r.nextLong(), r.nextLong()});
  }

  int size() {
    return ids.length / 2;
  }

  /** The union; throws, naming one common id, if the two sets share any. */
  ShardIds union(ShardIds other) {
    long[] a = ids;
    long[] b = other.ids;
    if ((long) a.length + b.length > 2L * MAX_IDS) {
      throw new IllegalArgumentException(
          "an accumulator holds at most " + MAX_IDS + " merged shards");
    }
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length || j < b.length) {
      int c = i == a.length ? 1 : j == b.length ? -1 : compare(a, i, b, j);
      if (c == 0) {
        throw new DuplicateShardException(
            "shard "
                + hex(a[i], a[i + 1])
                + " is already merged into this accumulator: merging it again would count its"
                + " privacy units twice");
      }
      long[] src = c < 0 ? a : b;
      int at = c < 0 ? i : j;
      out[k++] = src[at];
      out[k++] = src[at + 1];
      if (c < 0) {
        i += 2;
      } else {
        j += 2;
      }
    }
    return new ShardIds(out);
  }

  private static int compare(long[] a, int i, long[] b, int j) {
    int c = Long.compareUnsigned(a[i], b[j]);
    return c != 0 ? c : Long.compareUnsigned(a[i + 1], b[j + 1]);
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(size());
    for (long w : ids) {
      out.writeLong(w);
    }
  }

  /**
   * Reads a set written by {@link #write}, or returns null (with the reason in {@code why[0]}) if
   * it is malformed: empty, too large for the bytes left, or not strictly increasing.
   */
  static ShardIds read(DataInputStream in, String[] why) throws IOException {
    int n = in.readInt();
    if (n < 1 || n > MAX_IDS) {
      why[0] = "shard id count " + n + " out of range [1, " + MAX_IDS + "]";
      return null;
    }
    if ((long) n * 16 > in.available()) {
      why[0] =
          "truncated: " + n + " shard ids need " + 16L * n + " bytes, " + in.available() + " left";
      return null;
    }
    long[] ids = new long[2 * n];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = in.readLong();
    }
    for (int i = 2; i < ids.length; i += 2) {
      if (compare(ids, i - 2, ids, i) >= 0) {
        why[0] = "shard ids not strictly increasing at " + i / 2;
        return null;
      }
    }
    return new ShardIds(ids);
  }

  /** The ids as 32-digit lower-case hex strings, in increasing order. */
  Set<String> asStrings() {
    Set<String> s = new LinkedHashSet<>();
    for (int i = 0; i < ids.length; i += 2) {
      s.add(hex(ids[i], ids[i + 1]));
    }
    return Collections.unmodifiableSet(s);
  }

  private static String hex(long hi, long lo) {
    return String.format("%016x%016x", hi, lo);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardIds && Arrays.equals(ids, ((ShardIds) o).ids);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids);
  }
}
