package io.privacity.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.privacity.core.random.Randomness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/** The shuffles' wire format round-trips every record kind; keyed streams are reproducible. */
class ShuffleSerializerTest {
  @SuppressWarnings("unchecked")
  private static <T> scala.reflect.ClassTag<T> any() {
    return (scala.reflect.ClassTag<T>) ClassTag$.MODULE$.AnyRef();
  }

  @Test
  void records_round_trip_through_a_stream_with_numbered_keys() throws Exception {
    SerializerInstance s = new ShuffleSerializer().newInstance();
    String p = "D03 07h";
    List<Object> records =
        List.of(
            7L,
            new BytesKey(new byte[] {1, 2}),
            new UnitPartial(
                7L,
                3,
                1,
                new Object[] {p, "D04 07h"},
                new long[] {9, 1},
                new double[] {1.5, 2.5, -0.0}),
            new UnitPartial(8L, 3, 0, new Object[] {p}, new long[] {1}, null),
            new long[] {1, -2, Long.MAX_VALUE},
            42,
            (short) -3,
            (byte) 4,
            true,
            TotalKey.INSTANCE,
            new Tuple2<>("k", new long[] {5}));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationStream out = s.serializeStream(bytes);
    for (Object r : records) {
      out.writeObject(r, any());
    }
    out.close();
    DeserializationStream in = s.deserializeStream(new ByteArrayInputStream(bytes.toByteArray()));
    List<Object> back = new ArrayList<>();
    scala.collection.Iterator<Object> it = in.asIterator();
    while (it.hasNext()) {
      back.add(it.next());
    }
    assertEquals(records.size(), back.size());
    assertEquals(7L, back.get(0));
    assertEquals(records.get(1), back.get(1));
    UnitPartial a = (UnitPartial) back.get(2);
    UnitPartial b = (UnitPartial) back.get(3);
    assertArrayEquals(new Object[] {p, "D04 07h"}, a.keys);
    assertSame(a.keys[0], b.keys[0], "a key read once per stream");
    assertArrayEquals(new long[] {9, 1}, a.seen);
    assertArrayEquals(new double[] {1.5, 2.5, -0.0}, a.values);
    assertEquals(3, a.mapIndex);
    assertEquals(1, a.seq);
    assertEquals(null, b.values);
    assertArrayEquals(new long[] {1, -2, Long.MAX_VALUE}, (long[]) back.get(4));
    assertEquals(List.of(42, (short) -3, (byte) 4, true), back.subList(5, 9));
    assertSame(TotalKey.INSTANCE, back.get(9));
    assertEquals("k", ((Tuple2<?, ?>) back.get(10))._1());
    Object single = s.deserialize(s.serialize(records.get(2), any()), any());
    assertArrayEquals(a.keys, ((UnitPartial) single).keys);
  }

  @Test
  void malformed_bytes_are_refused() throws Exception {
    SerializerInstance s = new ShuffleSerializer().newInstance();
    assertThrows(
        Exception.class, () -> s.deserialize(java.nio.ByteBuffer.wrap(new byte[] {99}), any()));
    assertThrows(
        Exception.class,
        () -> s.deserialize(java.nio.ByteBuffer.wrap(new byte[] {1, 0, 0}), any()));
    // A key number never defined in the stream.
    byte[] ref = {Wire.PARTIAL, Wire.LONG, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, Wire.KEY_REF, 5, 1};
    assertThrows(Exception.class, () -> s.deserialize(java.nio.ByteBuffer.wrap(ref), any()));
    assertThrows(IllegalArgumentException.class, () -> s.serialize(new Object(), any()));
  }

  @Test
  void keyed_streams_are_reproducible_and_independent() throws IOException {
    ReleaseKey key = ReleaseKey.draw(Randomness.insecureSeeded(1));
    KeyedRandomness a = new KeyedRandomness(key).rekey(Wire.label((byte) 'n', "p0"));
    KeyedRandomness b = new KeyedRandomness(key).rekey(Wire.label((byte) 'n', "p0"));
    KeyedRandomness c = new KeyedRandomness(key).rekey(Wire.label((byte) 'n', "p1"));
    long[] x = new long[100];
    long[] y = new long[100];
    long[] z = new long[100];
    for (int i = 0; i < 100; i++) {
      x[i] = a.nextLong();
      y[i] = b.nextLong();
      z[i] = c.nextLong();
    }
    assertArrayEquals(x, y, "same label, same stream: a retried task draws the same");
    assertEquals(false, java.util.Arrays.equals(x, z));
    assertEquals("ReleaseKey[redacted]", key.toString());
    assertThrows(IllegalStateException.class, () -> new KeyedRandomness(key).nextLong());
    assertThrows(EOFException.class, () -> new Wire.In(new byte[0], 0, 0).readObject());
  }
}
