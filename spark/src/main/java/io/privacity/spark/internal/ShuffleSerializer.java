package io.privacity.spark.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;

/**
 * Spark's serializer for the release's two shuffles (by unit, then by partition key), set on those
 * shuffles only ({@code ShuffledRDD.setSerializer}): it writes the {@link Wire} form instead of the
 * session's default (Java serialization unless the user chose Kryo), whatever the user configured.
 * Each stream Spark opens is read back by one stream, in order; records are not relocatable.
 */
final class ShuffleSerializer extends Serializer implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public SerializerInstance newInstance() {
    return new Instance();
  }

  private static final class Instance extends SerializerInstance {
    @Override
    public <T> ByteBuffer serialize(T t, ClassTag<T> tag) {
      try {
        Wire.Out out = new Wire.Out(null);
        out.writeObject(t);
        return ByteBuffer.wrap(out.toByteArray());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public <T> T deserialize(ByteBuffer bytes, ClassTag<T> tag) {
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      try {
        @SuppressWarnings("unchecked")
        T t = (T) new Wire.In(b, 0, b.length).readObject();
        return t;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public <T> T deserialize(ByteBuffer bytes, ClassLoader loader, ClassTag<T> tag) {
      return deserialize(bytes, tag);
    }

    @Override
    public SerializationStream serializeStream(OutputStream s) {
      Wire.Out out = new Wire.Out(s);
      return new SerializationStream() {
        @Override
        public <T> SerializationStream writeObject(T t, ClassTag<T> tag) {
          try {
            out.writeObject(t);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return this;
        }

        @Override
        public void flush() {
          try {
            out.flushBuffer();
            s.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void close() {
          try {
            out.flushBuffer();
            s.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    }

    @Override
    public DeserializationStream deserializeStream(InputStream s) {
      Wire.In in = new Wire.In(s);
      return new DeserializationStream() {
        @Override
        public <T> T readObject(ClassTag<T> tag) {
          try {
            if (!in.hasMore()) {
              throw new java.io.EOFException();
            }
            @SuppressWarnings("unchecked")
            T t = (T) in.readObject();
            return t;
          } catch (java.io.EOFException e) {
            throw sneaky(e);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void close() {
          try {
            s.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    }
  }

  /**
   * Spark's iterators end a stream on an {@link java.io.EOFException} thrown by {@code readObject}
   * (a Scala method, which may throw checked exceptions): rethrown unchecked by the compiler's
   * generic erasure.
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
