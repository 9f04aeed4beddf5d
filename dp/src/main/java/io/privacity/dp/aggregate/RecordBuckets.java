package io.privacity.dp.aggregate;

import java.util.Arrays;

/**
 * Records (unit, partition id and flag, clamped value) waiting in buckets, each bucket in arrival
 * order. The records live in segments of a few large slabs (three longs per record), not in one
 * growing array per bucket: a slab of a few MiB is allocated once and never copied, neither on
 * growth nor by the garbage collector (large arrays are not moved between generations), which
 * matters when tens of millions of records wait. Package-private; not thread-safe.
 */
final class RecordBuckets {
  /** Records per segment: the waste of one partly filled segment per bucket stays small. */
  private static final int SEGMENT = 64;

  private static final int FIRST_SLAB = 1 << 10;
  private static final int MAX_SLAB = 1 << 17;

  /** A record's consumer. */
  interface Sink {
    void accept(long unit, int pidAndFlag, double clamped);
  }

  private long[][] slabs = new long[4][];
  private int slabCount;
  // Where the next segment comes from: slab index and offset (in longs) within it.
  private int nextSlab;
  private int nextOffset;
  // Per bucket: the slab and write offset of its current segment, the segment's end, the bucket's
  // segments (slab index << 32 | offset) in order, and its record count.
  private final long[][] writeSlab;
  private final int[] write;
  private final int[] end;
  private final long[][] segments;
  private final int[] segmentCount;
  private final int[] size;

  RecordBuckets(int bits) {
    int n = 1 << bits;
    writeSlab = new long[n][];
    write = new int[n];
    end = new int[n];
    segments = new long[n][];
    segmentCount = new int[n];
    size = new int[n];
  }

  void add(int bucket, long unit, int pidAndFlag, double clamped) {
    int w = write[bucket];
    if (w == end[bucket]) {
      w = newSegment(bucket);
    }
    long[] s = writeSlab[bucket];
    s[w] = unit;
    s[w + 1] = pidAndFlag;
    s[w + 2] = Double.doubleToRawLongBits(clamped);
    write[bucket] = w + 3;
    size[bucket]++;
  }

  int size(int bucket) {
    return size[bucket];
  }

  private int newSegment(int bucket) {
    if (nextSlab == slabCount || nextOffset == slabs[nextSlab].length) {
      if (nextSlab < slabCount) {
        nextSlab++;
        nextOffset = 0;
      }
      if (nextSlab == slabCount) {
        addSlab();
      }
    }
    long[] slab = slabs[nextSlab];
    int offset = nextOffset;
    nextOffset += 3 * SEGMENT;
    long[] list = segments[bucket];
    int c = segmentCount[bucket];
    if (list == null || c == list.length) {
      list = list == null ? new long[4] : Arrays.copyOf(list, 2 * c);
      segments[bucket] = list;
    }
    list[c] = (long) nextSlab << 32 | offset;
    segmentCount[bucket] = c + 1;
    writeSlab[bucket] = slab;
    end[bucket] = offset + 3 * SEGMENT;
    return offset;
  }

  private void addSlab() {
    int records =
        slabCount == 0 ? FIRST_SLAB : Math.min(MAX_SLAB, slabs[slabCount - 1].length / 3 * 2);
    if (slabCount == slabs.length) {
      slabs = Arrays.copyOf(slabs, 2 * slabCount);
    }
    slabs[slabCount++] = new long[3 * records];
  }

  /** Passes a bucket's records, in arrival order, to the sink, and empties the bucket. */
  void forEach(int bucket, Sink sink) {
    int c = segmentCount[bucket];
    long[] list = segments[bucket];
    for (int k = 0; k < c; k++) {
      long[] slab = slabs[(int) (list[k] >>> 32)];
      int from = (int) list[k];
      int to = k == c - 1 ? write[bucket] : from + 3 * SEGMENT;
      for (int i = from; i < to; i += 3) {
        sink.accept(slab[i], (int) slab[i + 1], Double.longBitsToDouble(slab[i + 2]));
      }
    }
    segmentCount[bucket] = 0;
    size[bucket] = 0;
    write[bucket] = 0;
    end[bucket] = 0;
    writeSlab[bucket] = null;
  }

  /**
   * Forgets every record (all buckets must have been emptied by {@link #forEach}) and keeps slabs
   * of at most {@code keepRecords} records in all, for reuse.
   */
  void clear(int keepRecords) {
    long kept = 0;
    int keep = 0;
    while (keep < slabCount && kept + slabs[keep].length / 3 <= keepRecords) {
      kept += slabs[keep].length / 3;
      keep++;
    }
    for (int i = keep; i < slabCount; i++) {
      slabs[i] = null;
    }
    slabCount = keep;
    nextSlab = 0;
    nextOffset = 0;
    if (keepRecords == 0) {
      Arrays.fill(segments, null);
    }
  }
}
