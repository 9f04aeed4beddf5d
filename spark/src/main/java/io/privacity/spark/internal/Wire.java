package io.privacity.spark.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of the shuffled records (unit ids, partition keys, unit partials, partition
 * states), tagged by type: compact, and about ten times faster than Java serialization of the same
 * objects. Also the injective byte encoding of keys that labels the executors' random streams.
 */
final class Wire {
  static final byte LONG = 1;
  static final byte BYTES = 2;
  static final byte PARTIAL = 3;
  static final byte STRING = 10;
  static final byte INT = 11;
  static final byte SHORT = 12;
  static final byte BYTE = 13;
  static final byte BOOLEAN = 14;
  static final byte TOTAL = 15;
  // A partition key inside a partial: defined once per stream (then the key itself follows), and
  // referred to by its number afterwards. A stream is read back by one reader, in order.
  static final byte KEY_DEF = 16;
  static final byte KEY_REF = 17;
  static final byte STATE = 20;
  static final byte TUPLE = 30;

  private Wire() {}

  /** A buffered writer of tagged objects. */
  static final class Out {
    private final OutputStream out;
    private byte[] buf;
    private int pos;
    private final java.util.IdentityHashMap<Object, Integer> keyIds =
        new java.util.IdentityHashMap<>();

    Out(OutputStream out) {
      this(out, 1 << 16);
    }

    Out(OutputStream out, int capacity) {
      this.out = out;
      this.buf = new byte[capacity];
    }

    private void ensure(int n) throws IOException {
      if (pos + n > buf.length) {
        flushBuffer(); // empties the buffer when writing to a stream
        if (pos + n > buf.length) {
          buf = java.util.Arrays.copyOf(buf, Integer.highestOneBit(pos + n) * 2);
        }
      }
    }

    void flushBuffer() throws IOException {
      if (out != null) {
        out.write(buf, 0, pos);
        pos = 0;
      }
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(buf, pos);
    }

    void writeByte(int b) throws IOException {
      ensure(1);
      buf[pos++] = (byte) b;
    }

    void writeInt(int v) throws IOException {
      ensure(4);
      buf[pos] = (byte) (v >>> 24);
      buf[pos + 1] = (byte) (v >>> 16);
      buf[pos + 2] = (byte) (v >>> 8);
      buf[pos + 3] = (byte) v;
      pos += 4;
    }

    void writeLong(long v) throws IOException {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[pos + i] = (byte) v;
        v >>>= 8;
      }
      pos += 8;
    }

    /** A non-negative long in 1–10 bytes (7 bits a byte). */
    void writeVarLong(long v) throws IOException {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void writeBytes(byte[] b) throws IOException {
      writeVarLong(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    /**
     * A partition key: its number if this stream wrote it before (map tasks share one object per
     * key), else the key, numbered.
     */
    private void writeKey(Object k) throws IOException {
      Integer id = keyIds.get(k);
      if (id != null) {
        writeByte(KEY_REF);
        writeVarLong(id);
      } else {
        keyIds.put(k, keyIds.size());
        writeByte(KEY_DEF);
        writeObject(k);
      }
    }

    void writeObject(Object o) throws IOException {
      if (o instanceof UnitPartial) {
        UnitPartial p = (UnitPartial) o;
        writeByte(PARTIAL);
        writeObject(p.unit);
        writeVarLong(p.mapIndex);
        writeVarLong(p.seq);
        writeVarLong(p.keys.length);
        writeByte(p.values == null ? 0 : 1);
        for (int i = 0; i < p.keys.length; i++) {
          writeKey(p.keys[i]);
          writeVarLong(p.seen[i]);
        }
        if (p.values != null) {
          writeVarLong(p.values.length);
          ensure(8 * p.values.length);
          for (double v : p.values) {
            writeLong(Double.doubleToRawLongBits(v));
          }
        }
      } else if (o instanceof Long) {
        writeByte(LONG);
        writeLong((Long) o);
      } else if (o instanceof String) {
        writeByte(STRING);
        writeBytes(((String) o).getBytes(StandardCharsets.UTF_8));
      } else if (o instanceof BytesKey) {
        writeByte(BYTES);
        writeBytes(((BytesKey) o).bytes);
      } else if (o instanceof long[]) {
        long[] s = (long[]) o;
        writeByte(STATE);
        writeVarLong(s.length);
        for (long v : s) {
          writeLong(v);
        }
      } else if (o instanceof Integer) {
        writeByte(INT);
        writeInt((Integer) o);
      } else if (o instanceof Short) {
        writeByte(SHORT);
        writeInt((Short) o);
      } else if (o instanceof Byte) {
        writeByte(BYTE);
        writeByte((Byte) o);
      } else if (o instanceof Boolean) {
        writeByte(BOOLEAN);
        writeByte((Boolean) o ? 1 : 0);
      } else if (o == TotalKey.INSTANCE) {
        writeByte(TOTAL);
      } else if (o instanceof scala.Tuple2) {
        writeByte(TUPLE);
        writeObject(((scala.Tuple2<?, ?>) o)._1());
        writeObject(((scala.Tuple2<?, ?>) o)._2());
      } else {
        throw new IllegalArgumentException(
            "cannot serialize " + (o == null ? "null" : o.getClass().getName()));
      }
    }
  }

  /** A buffered reader of tagged objects. */
  static final class In {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private final java.util.ArrayList<Object> keys = new java.util.ArrayList<>();

    In(InputStream in) {
      this.in = in;
      this.buf = new byte[1 << 16];
    }

    In(byte[] bytes, int offset, int length) {
      this.in = null;
      this.buf = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
      this.limit = length;
    }

    /** Whether at least one byte is available (reading more if needed); false at the end. */
    boolean hasMore() throws IOException {
      return pos < limit || fill(1, false);
    }

    private boolean fill(int n, boolean required) throws IOException {
      if (limit - pos >= n) {
        return true;
      }
      if (in == null) {
        if (required) {
          throw new EOFException("truncated record");
        }
        return false;
      }
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
      while (limit < n) {
        int r = in.read(buf, limit, buf.length - limit);
        if (r < 0) {
          if (required || limit > 0) {
            throw new EOFException("truncated record");
          }
          return false;
        }
        limit += r;
      }
      return true;
    }

    int readByte() throws IOException {
      fill(1, true);
      return buf[pos++];
    }

    int readInt() throws IOException {
      fill(4, true);
      int v =
          ((buf[pos] & 0xff) << 24)
              | ((buf[pos + 1] & 0xff) << 16)
              | ((buf[pos + 2] & 0xff) << 8)
              | (buf[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    long readLong() throws IOException {
      fill(8, true);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos + i] & 0xff);
      }
      pos += 8;
      return v;
    }

    long readVarLong() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IOException("malformed variable-length integer");
    }

    private int readLength(long max) throws IOException {
      long n = readVarLong();
      if (n < 0 || n > max) {
        throw new IOException("length " + n + " out of range");
      }
      return (int) n;
    }

    byte[] readBytes() throws IOException {
      int n = readLength(Integer.MAX_VALUE - 16);
      byte[] b = new byte[n];
      int done = 0;
      while (done < n) {
        if (pos == limit) {
          fill(1, true);
        }
        int c = Math.min(n - done, limit - pos);
        System.arraycopy(buf, pos, b, done, c);
        pos += c;
        done += c;
      }
      return b;
    }

    private Object readKey() throws IOException {
      int tag = readByte();
      if (tag == KEY_REF) {
        long id = readVarLong();
        if (id >= keys.size()) {
          throw new IOException("partition key number " + id + " not defined in this stream");
        }
        return keys.get((int) id);
      }
      if (tag != KEY_DEF) {
        throw new IOException("expected a partition key, got tag " + tag);
      }
      Object k = readObject();
      keys.add(k);
      return k;
    }

    Object readObject() throws IOException {
      int tag = readByte();
      switch (tag) {
        case PARTIAL:
          {
            Object unit = readObject();
            int mapIndex = readLength(Integer.MAX_VALUE);
            int seq = readLength(Integer.MAX_VALUE);
            int m = readLength(Integer.MAX_VALUE);
            boolean hasValues = readByte() != 0;
            Object[] keys = new Object[m];
            long[] seen = new long[m];
            for (int i = 0; i < m; i++) {
              keys[i] = readKey();
              seen[i] = readVarLong();
            }
            double[] values = null;
            if (hasValues) {
              values = new double[readLength(Integer.MAX_VALUE)];
              for (int i = 0; i < values.length; i++) {
                values[i] = Double.longBitsToDouble(readLong());
              }
            }
            return new UnitPartial(unit, mapIndex, seq, keys, seen, values);
          }
        case LONG:
          return readLong();
        case STRING:
          return new String(readBytes(), StandardCharsets.UTF_8);
        case BYTES:
          return new BytesKey(readBytes());
        case STATE:
          {
            long[] s = new long[readLength(1 << 20)];
            for (int i = 0; i < s.length; i++) {
              s[i] = readLong();
            }
            return s;
          }
        case INT:
          return readInt();
        case SHORT:
          return (short) readInt();
        case BYTE:
          return (byte) readByte();
        case BOOLEAN:
          return readByte() != 0;
        case TOTAL:
          return TotalKey.INSTANCE;
        case TUPLE:
          return new scala.Tuple2<>(readObject(), readObject());
        default:
          throw new IOException("unknown record tag " + tag);
      }
    }
  }

  /** The injective bytes of a label: a purpose byte, then the tagged key. */
  static byte[] label(byte purpose, Object key) {
    try {
      Out o = new Out(null, 32);
      o.writeByte(purpose);
      o.writeObject(key);
      return o.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
