package io.privacity.core.ledger;

import java.util.Arrays;

/** {@link LedgerSink#inMemory()}: a growable byte array. */
final class InMemoryLedgerSink implements LedgerSink {
  private byte[] data = new byte[1024];
  private int size;

  @Override
  public synchronized void append(byte[] bytes) {
    if (size + bytes.length > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, size + bytes.length));
    }
    System.arraycopy(bytes, 0, data, size, bytes.length);
    size += bytes.length;
  }

  @Override
  public synchronized byte[] readAll() {
    return Arrays.copyOf(data, size);
  }

  @Override
  public synchronized long size() {
    return size;
  }

  @Override
  public synchronized void truncate(long newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IllegalArgumentException("size must be in [0, " + size + "], got " + newSize);
    }
    Arrays.fill(data, (int) newSize, size, (byte) 0);
    size = (int) newSize;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "LedgerSink.inMemory()";
  }
}
