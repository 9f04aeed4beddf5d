package io.privacity.spark.internal;

import io.privacity.core.random.Randomness;
import java.io.Serializable;

/**
 * The secret of one release: 32 bytes drawn on the driver from the aggregation's randomness (secure
 * by default), shipped to the executors inside the task closures, from which {@link
 * KeyedRandomness} derives every random choice of the release. Never printed: {@code toString}
 * hides it.
 */
public final class ReleaseKey implements Serializable {
  private static final long serialVersionUID = 1L;
  private final byte[] bytes;

  private ReleaseKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A fresh key.
   *
   * @param randomness where it is drawn from (the aggregation's randomness)
   * @return the key
   */
  public static ReleaseKey draw(Randomness randomness) {
    byte[] b = new byte[32];
    randomness.nextBytes(b);
    return new ReleaseKey(b);
  }

  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "ReleaseKey[redacted]";
  }
}
