package io.privacity.spark.internal;

import java.io.Serializable;
import java.util.Arrays;

/** A unit id compared by its bytes (string columns by their UTF-8 bytes, binary columns as is). */
final class BytesKey implements Serializable, Comparable<BytesKey> {
  private static final long serialVersionUID = 1L;
  final byte[] bytes;
  private final int hash;

  BytesKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BytesKey
        && ((BytesKey) o).hash == hash
        && Arrays.equals(((BytesKey) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(BytesKey o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return "BytesKey[" + bytes.length + " bytes]"; // a unit id is personal data: never printed
  }
}
