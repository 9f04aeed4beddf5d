package io.privacity.dp.aggregate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The serialized form of an {@link Accumulator}'s closed state, format version 2 (described at
 * {@link Accumulator#toBytes}): it writes the partitions' exact sums and the shard ids, and reads
 * them back validating every field — magic, version, the aggregation's descriptor, key lengths and
 * keys, and sums consistent with the contribution bounds — so that malformed or foreign bytes are
 * refused with an {@link IllegalArgumentException} naming what is wrong. Package-private;
 * stateless.
 */
final class AccumulatorFormat {
  private static final int MAGIC = 0x50564147; // "PVAG"
  private static final int VERSION = 2;
  private static final int MAX_KEY_BYTES = 1 << 20;

  private AccumulatorFormat() {}

  /** Writes the closed state: {@link Accumulator#toBytes}. */
  static <K> byte[] write(
      Plan plan,
      boolean ungrouped,
      Map<K, PartitionState> closed,
      ShardIds shards,
      PartitionCodec<K> codec) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(plan.descriptor);
      out.writeInt(closed.size());
      for (Map.Entry<K, PartitionState> e : closed.entrySet()) {
        byte[] key = ungrouped ? new byte[0] : codec.encode(e.getKey()); // one implicit key
        out.writeInt(key.length);
        out.write(key);
        PartitionState p = e.getValue();
        out.writeLong(p.units);
        out.writeLong(p.count);
        out.writeLong(p.sum);
        out.writeLong(p.norm);
        out.writeLong(p.sq);
        if (p.hist != null) {
          for (long h : p.hist) {
            out.writeLong(h);
          }
        }
      }
      shards.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads bytes written by {@link #write} into closed (empty), validating all, and returns the
   * shard ids they carry.
   */
  static <K> ShardIds read(
      byte[] bytes,
      Plan plan,
      boolean ungrouped,
      PartitionCodec<K> codec,
      Map<K, PartitionState> closed) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw malformed("bad magic number 0x" + Integer.toHexString(magic) + ", expected PVAG");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw malformed(
            "unsupported version "
                + version
                + ", expected "
                + VERSION
                + (version == 1
                    ? " (version 1 carried no shard ids, so a copy merged twice would go"
                        + " unnoticed: serialize the accumulator again)"
                    : ""));
      }
      String descriptor = in.readUTF();
      if (!descriptor.equals(plan.descriptor)) {
        throw malformed(
            "written for a different aggregation: ["
                + descriptor
                + "], expected ["
                + plan.descriptor
                + "]");
      }
      int n = in.readInt();
      if (n < 0) {
        throw malformed("negative partition count " + n);
      }
      for (int i = 0; i < n; i++) {
        int len = in.readInt();
        if (len < 0 || len > MAX_KEY_BYTES || len > in.available()) {
          throw malformed("partition " + i + ": key length " + len + " out of range");
        }
        byte[] keyBytes = in.readNBytes(len);
        K key;
        if (ungrouped) {
          if (len != 0) {
            throw malformed("partition " + i + ": an ungrouped aggregation has no partition keys");
          }
          key = BoundedAggregation.<K>total();
        } else {
          try {
            key = codec.decode(keyBytes);
          } catch (RuntimeException e) {
            throw malformed("partition " + i + ": undecodable key (" + e.getMessage() + ")");
          }
        }
        if (key == null) {
          throw malformed("partition " + i + ": key decoded to null");
        }
        PartitionState p = new PartitionState(plan);
        p.units = in.readLong();
        p.count = in.readLong();
        p.sum = in.readLong();
        p.norm = in.readLong();
        p.sq = in.readLong();
        if (p.hist != null) {
          for (int j = 0; j < p.hist.length; j++) {
            p.hist[j] = in.readLong();
          }
        }
        validate(plan, i, p);
        if (closed.put(key, p) != null) {
          throw malformed("partition " + i + ": duplicate key " + key);
        }
      }
      String[] why = new String[1];
      ShardIds ids = ShardIds.read(in, why);
      if (ids == null) {
        throw malformed(why[0]);
      }
      if (in.available() > 0) {
        throw malformed(in.available() + " trailing bytes");
      }
      return ids;
    } catch (EOFException e) {
      throw malformed("truncated");
    } catch (IOException e) {
      throw malformed("unreadable (" + e.getMessage() + ")");
    }
  }

  private static void validate(Plan plan, int i, PartitionState p) {
    String where = "partition " + i + ": ";
    // count ≤ units·L∞ exactly (an integer division count / L∞ accepted up to L∞ − 1 more).
    long hi = Math.multiplyHigh(p.units, plan.linf);
    long maxCount = hi != 0 || p.units * plan.linf < 0 ? Long.MAX_VALUE : p.units * plan.linf;
    if (p.units < 1 || p.count < p.units || p.count > maxCount) {
      throw malformed(
          where
              + "inconsistent units="
              + p.units
              + ", count="
              + p.count
              + " (need 1 <= units <= count <= units*"
              + plan.linf
              + ")");
    }
    checkRange(where + "sum", p.sum, plan.wantSum, p.count, plan.minSumUnits, plan.maxSumUnits);
    checkRange(
        where + "normalized sum",
        p.norm,
        plan.wantNorm,
        p.count,
        plan.minNormUnits,
        plan.maxNormUnits);
    checkRange(where + "sum of squares", p.sq, plan.wantSq, p.count, 0, plan.maxSqUnits);
    if (p.hist != null) {
      long total = 0;
      for (long h : p.hist) {
        if (h < 0) {
          throw malformed(where + "negative histogram count " + h);
        }
        total += h;
      }
      if (total != p.count) {
        throw malformed(where + "histogram total " + total + " != count " + p.count);
      }
    }
  }

  private static void checkRange(
      String what, long v, boolean wanted, long count, long min, long max) {
    if (!wanted) {
      if (v != 0) {
        throw malformed(what + " must be 0 (not collected), got " + v);
      }
      return;
    }
    java.math.BigInteger c = java.math.BigInteger.valueOf(count);
    java.math.BigInteger x = java.math.BigInteger.valueOf(v);
    if (x.compareTo(c.multiply(java.math.BigInteger.valueOf(min))) < 0
        || x.compareTo(c.multiply(java.math.BigInteger.valueOf(max))) > 0) {
      throw malformed(what + " " + v + " outside [count*" + min + ", count*" + max + "]");
    }
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("malformed accumulator bytes: " + why);
  }
}
