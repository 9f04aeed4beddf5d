package io.privacity.dp.aggregate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes partition keys for {@link Accumulator#toBytes}. Implementations must be injective ({@code
 * decode(encode(k)).equals(k)}) and should reject malformed bytes with an {@link
 * IllegalArgumentException}.
 *
 * @param <K> the partition key type
 */
public interface PartitionCodec<K> {
  /**
   * Encodes a key.
   *
   * @param key the key, not null
   * @return its bytes
   */
  byte[] encode(K key);

  /**
   * Decodes a key.
   *
   * @param bytes bytes produced by {@link #encode}
   * @return the key
   * @throws IllegalArgumentException if the bytes are malformed
   */
  K decode(byte[] bytes);

  /**
   * UTF-8 strings.
   *
   * @return a codec for string keys
   */
  static PartitionCodec<String> strings() {
    return new PartitionCodec<>() {
      @Override
      public byte[] encode(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        try {
          return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
          throw new IllegalArgumentException("partition key is not valid UTF-8", e);
        }
      }
    };
  }

  /**
   * Longs as 8 big-endian bytes.
   *
   * @return a codec for long keys
   */
  static PartitionCodec<Long> longs() {
    return new PartitionCodec<>() {
      @Override
      public byte[] encode(Long key) {
        return ByteBuffer.allocate(8).putLong(key).array();
      }

      @Override
      public Long decode(byte[] bytes) {
        if (bytes.length != 8) {
          throw new IllegalArgumentException(
              "a long partition key must have 8 bytes, got " + bytes.length);
        }
        return ByteBuffer.wrap(bytes).getLong();
      }
    };
  }
}
