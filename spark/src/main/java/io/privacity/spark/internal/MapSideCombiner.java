package io.privacity.spark.internal;

import io.privacity.dp.aggregate.ReleaseKernel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * Stage 1, in each map task (input partition): reads the unit, partition and value of every row
 * (refusing nulls and non-finite values, naming the column), drops keys outside the public
 * partitions, clamps values, and keeps per (unit, partition) the number of records seen and a
 * uniform reservoir of at most L∞ values (Vitter's Algorithm R, drawing from the task's keyed
 * stream). What leaves the task is one {@link UnitPartial} per unit — far fewer records than rows —
 * for the shuffle by unit. Buffers are flushed (as more partials) when they hold about 2^22 values,
 * which bounds the task's memory.
 */
public final class MapSideCombiner
    implements Function2<Integer, Iterator<InternalRow>, Iterator<Tuple2<Object, Object>>> {
  private static final long serialVersionUID = 1L;
  static final byte LABEL = 'm';
  private static final long FLUSH_VALUES = 1 << 22;
  private static final int NOT_PUBLIC = Integer.MAX_VALUE - 1;

  private final InputColumns columns;
  private final ReleaseKernel kernel;
  private final ReleaseKey key;
  private final Set<Object> publicKeys;

  /**
   * Stage 1 of a release.
   *
   * @param columns the checked input columns
   * @param kernel the aggregation's kernel
   * @param key the release key
   * @param publicKeys the public partitions (records of other keys dropped), or null
   */
  public MapSideCombiner(
      InputColumns columns, ReleaseKernel kernel, ReleaseKey key, Set<Object> publicKeys) {
    this.columns = columns;
    this.kernel = kernel;
    this.key = key;
    this.publicKeys = publicKeys;
  }

  @Override
  public Iterator<Tuple2<Object, Object>> call(Integer mapIndex, Iterator<InternalRow> rows) {
    return new Task(mapIndex, rows);
  }

  /** The records one unit has in this task so far. */
  private static final class UnitBuf {
    int size;
    int[] pids = new int[4];
    long[] seen = new long[4];
    double[] values;
    int last = -1;
    // Slot by partition id, once the unit has many partitions (a linear scan is faster before).
    LongIntMap index;
  }

  private final class Task implements Iterator<Tuple2<Object, Object>> {
    private final int mapIndex;
    private final Iterator<InternalRow> rows;
    private final int linf = kernel.maxContributionsPerPartition();
    private final boolean values = kernel.needsValues();
    private final int valueOrdinal = columns.valueOrdinal();
    private final boolean numberUnits = columns.unitKind() == InputColumns.UnitKind.NUMBER;
    private final InputColumns.KeyKind keyKind = columns.keyKind();
    // Partition keys: a task-local dictionary to dense ids (-1: not a public partition).
    private final LongIntMap numberKeys = new LongIntMap();
    private final HashMap<UTF8String, Integer> stringKeys = new HashMap<>();
    private final List<Object> keyOfPid = new ArrayList<>();
    private final List<UTF8String> stringOfPid = new ArrayList<>();
    private long[] numberOfPid = new long[16];
    // Units of the current buffer.
    private final LongIntMap numberUnitIds = new LongIntMap();
    private final HashMap<UTF8String, Integer> byteUnitIds = new HashMap<>();
    private final List<Object> unitKeys = new ArrayList<>();
    private UnitBuf[] bufs = new UnitBuf[1024];
    private long stored;
    private int seq;
    private KeyedRandomness randomness;
    private final ArrayDeque<Tuple2<Object, Object>> ready = new ArrayDeque<>();

    Task(int mapIndex, Iterator<InternalRow> rows) {
      this.mapIndex = mapIndex;
      this.rows = rows;
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && (rows.hasNext() || !unitKeys.isEmpty())) {
        while (rows.hasNext() && stored < FLUSH_VALUES) {
          add(rows.next());
        }
        flush();
      }
      return !ready.isEmpty();
    }

    @Override
    public Tuple2<Object, Object> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    private void add(InternalRow row) {
      UnitBuf u = unit(row);
      int pid = partitionId(row, u);
      if (pid < 0) {
        return; // not a public partition
      }
      double v = valueOrdinal >= 0 ? columns.value(row, valueOrdinal, mapIndex) : 0;
      int slot = u.last >= 0 && u.pids[u.last] == pid ? u.last : slot(u, pid);
      u.last = slot;
      long n = ++u.seen[slot];
      if (!values) {
        return;
      }
      double c = kernel.clamp(v);
      if (n <= linf) {
        u.values[slot * linf + (int) n - 1] = c;
        stored++;
      } else {
        // Algorithm R: the n-th record replaces a uniform slot with probability L∞/n.
        long j = random().nextLong(n);
        if (j < linf) {
          u.values[slot * linf + (int) j] = c;
        }
      }
    }

    private KeyedRandomness random() {
      if (randomness == null) {
        randomness = new KeyedRandomness(key).rekey(Wire.label(LABEL, mapIndex));
      }
      return randomness;
    }

    /**
     * The dense id of the row's partition key (-1 if not public). A unit's records usually repeat
     * its previous key (readings of one hour), so that key is compared first.
     */
    private int partitionId(InternalRow row, UnitBuf u) {
      if (keyKind == InputColumns.KeyKind.TOTAL) {
        return keyOfPid.isEmpty() ? newPid(TotalKey.INSTANCE) : 0;
      }
      int hint = u.last >= 0 ? u.pids[u.last] : -1;
      if (keyKind == InputColumns.KeyKind.STRING) {
        UTF8String s = columns.keyString(row, mapIndex);
        if (hint >= 0 && s.equals(stringOfPid.get(hint))) {
          return hint;
        }
        Integer pid = stringKeys.get(s);
        if (pid == null) {
          UTF8String copy = s.copy(); // the row's bytes change with the next row
          pid = newPid(copy.toString());
          stringKeys.put(copy, pid);
          if (pid >= 0) {
            stringOfPid.add(copy);
          }
        }
        return pid;
      }
      long k = columns.keyNumber(row, mapIndex);
      if (hint >= 0 && numberOfPid[hint] == k) {
        return hint;
      }
      int pid = numberKeys.get(k);
      if (pid == -1) {
        pid = newPid(columns.keyOf(k));
        numberKeys.putNew(k, pid < 0 ? NOT_PUBLIC : pid);
        if (pid >= 0) {
          if (pid == numberOfPid.length) {
            numberOfPid = Arrays.copyOf(numberOfPid, 2 * pid);
          }
          numberOfPid[pid] = k;
        }
      } else if (pid == NOT_PUBLIC) {
        pid = -1;
      }
      return pid;
    }

    /** A dense id for a new key, or -1 if it is not a public partition. */
    private int newPid(Object canonical) {
      if (publicKeys != null && !publicKeys.contains(canonical)) {
        return -1;
      }
      keyOfPid.add(canonical);
      return keyOfPid.size() - 1;
    }

    private UnitBuf unit(InternalRow row) {
      int id;
      if (numberUnits) {
        long u = columns.unitNumber(row, mapIndex);
        id = numberUnitIds.get(u);
        if (id < 0) {
          id = newUnit(u);
          numberUnitIds.putNew(u, id);
        }
      } else {
        UTF8String u = columns.unitBytes(row, mapIndex);
        Integer i = byteUnitIds.get(u);
        if (i == null) {
          UTF8String copy = u.copy();
          i = newUnit(new BytesKey(copy.getBytes()));
          byteUnitIds.put(copy, i);
        }
        id = i;
      }
      return bufs[id];
    }

    private int newUnit(Object unitKey) {
      int id = unitKeys.size();
      unitKeys.add(unitKey);
      if (id == bufs.length) {
        bufs = Arrays.copyOf(bufs, 2 * id);
      }
      UnitBuf b = new UnitBuf();
      if (values) {
        b.values = new double[4 * linf];
      }
      bufs[id] = b;
      stored++;
      return id;
    }

    private int slot(UnitBuf u, int pid) {
      if (u.index != null) {
        int i = u.index.get(pid);
        if (i >= 0) {
          return i;
        }
      } else {
        int[] p = u.pids;
        for (int i = 0; i < u.size; i++) {
          if (p[i] == pid) {
            return i;
          }
        }
      }
      if (u.size == u.pids.length) {
        int cap = 2 * u.size;
        u.pids = Arrays.copyOf(u.pids, cap);
        u.seen = Arrays.copyOf(u.seen, cap);
        if (values) {
          u.values = Arrays.copyOf(u.values, cap * linf);
        }
      }
      u.pids[u.size] = pid;
      stored++;
      if (u.index != null) {
        u.index.putNew(pid, u.size);
      } else if (u.size == 32) {
        u.index = new LongIntMap();
        for (int i = 0; i <= u.size; i++) {
          u.index.putNew(u.pids[i], i);
        }
      }
      return u.size++;
    }

    /** Emits one partial per buffered unit, then empties the buffers. */
    private void flush() {
      for (int id = 0; id < unitKeys.size(); id++) {
        UnitBuf u = bufs[id];
        bufs[id] = null;
        if (u.size == 0) {
          continue; // only records of partitions outside the public ones
        }
        Object[] keys = new Object[u.size];
        long[] seen = Arrays.copyOf(u.seen, u.size);
        int total = 0;
        for (int i = 0; i < u.size; i++) {
          keys[i] = keyOfPid.get(u.pids[i]);
          total += (int) Math.min(seen[i], linf);
        }
        double[] kept = null;
        if (values) {
          kept = new double[total];
          int at = 0;
          for (int i = 0; i < u.size; i++) {
            int m = (int) Math.min(seen[i], linf);
            System.arraycopy(u.values, i * linf, kept, at, m);
            at += m;
          }
        }
        Object unit = unitKeys.get(id);
        ready.add(new Tuple2<>(unit, new UnitPartial(unit, mapIndex, seq, keys, seen, kept)));
      }
      unitKeys.clear();
      numberUnitIds.clear();
      byteUnitIds.clear();
      stored = 0;
      seq++;
    }
  }
}
