package io.privacity.crypto.keys;

import java.util.Arrays;
import java.util.Optional;

/** {@link ErasableKeySlot#inMemory()}. */
final class InMemoryKeySlot implements ErasableKeySlot {
  private byte[] content;

  @Override
  public synchronized Optional<byte[]> read() {
    return content == null ? Optional.empty() : Optional.of(content.clone());
  }

  @Override
  public synchronized void replace(byte[] next) {
    DirectoryKeySlot.requireContent(next);
    if (content != null) {
      Arrays.fill(content, (byte) 0);
    }
    content = next.clone();
  }

  @Override
  public String toString() {
    return "ErasableKeySlot.inMemory";
  }
}
