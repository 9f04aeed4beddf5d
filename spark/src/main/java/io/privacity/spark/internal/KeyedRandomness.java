package io.privacity.spark.internal;

import io.privacity.core.random.Randomness;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The executors' randomness: one secret 256-bit release key, drawn on the driver from the
 * aggregation's randomness, and an AES-256-CTR keystream per label (a map task, a privacy unit, a
 * partition key) under the key HMAC-SHA256(release key, label). Distinct labels get independent
 * streams; the same label always gets the same stream, so a retried or speculative task, or a stage
 * Spark recomputes, draws exactly what the first attempt drew (see docs/spark.md, "Retries").
 *
 * <p>Each stream is the keystream of AES-256 in counter mode from a zero counter under a key used
 * for nothing else — the output of a pseudorandom function, indistinguishable from uniform bits
 * without the release key (as {@code Randomness.secure()}, whose construction this is without the
 * per-block key erasure: a stream here must be reproducible). The release key is a secret: it lives
 * in the task closures, as long as the released Dataset's lineage, and is never logged or printed.
 *
 * <p>Not thread-safe: one instance per task.
 */
public final class KeyedRandomness implements Randomness {
  private static final int BLOCK = 512;
  private static final byte[] ZEROS = new byte[BLOCK];
  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[16]);

  private final Mac mac;
  private final Cipher cipher;
  private final byte[] block = new byte[BLOCK];
  private int next = BLOCK;
  private boolean keyed;

  /**
   * A generator under a release key; {@link #rekey} selects the stream.
   *
   * @param releaseKey the 32-byte secret
   */
  public KeyedRandomness(ReleaseKey releaseKey) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(releaseKey.bytes(), "HmacSHA256"));
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 and AES/CTR are required by every Java", e);
    }
  }

  /**
   * Switches to the stream of a label, from its start.
   *
   * @param label the label's bytes (injective encoding of what it names)
   * @return this generator
   */
  public KeyedRandomness rekey(byte[] label) {
    byte[] key = mac.doFinal(label);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), ZERO_IV);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CTR failed", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    next = BLOCK;
    keyed = true;
    return this;
  }

  @Override
  public long nextLong() {
    if (next == BLOCK) {
      if (!keyed) {
        throw new IllegalStateException("rekey(label) must select a stream first");
      }
      try {
        cipher.update(ZEROS, 0, BLOCK, block, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-256-CTR failed", e);
      }
      next = 0;
    }
    long r = 0;
    for (int i = 0; i < 8; i++) {
      r = (r << 8) | (block[next + i] & 0xff);
    }
    next += 8;
    return r;
  }

  @Override
  public String toString() {
    return "KeyedRandomness(AES-256-CTR per label under a secret release key)";
  }
}
