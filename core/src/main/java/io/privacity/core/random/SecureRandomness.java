package io.privacity.core.random;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The default {@link Randomness}: a per-thread AES-256-CTR generator with fast key erasure, seeded
 * from {@link SecureRandom}.
 *
 * <h2>Construction</h2>
 *
 * <p>Each thread owns a generator holding a 256-bit AES key. To produce output it encrypts a block
 * of zero bytes in counter mode; the first 32 bytes of every block become the next key and are
 * never returned, the rest are handed out as random longs. This is the "fast-key-erasure" RNG of D.
 * J. Bernstein ("Fast-key-erasure random-number generators", 2017), the same shape as the CTR_DRBG
 * of NIST SP 800-90A Rev. 1 (§10.2): output is indistinguishable from random as long as AES-256 is
 * a pseudorandom permutation, and because a key is overwritten as soon as its block is produced,
 * capturing a generator's state later reveals nothing about output already given (backtracking
 * resistance). Every 2^30 output bytes a thread mixes 32 fresh bytes from {@code SecureRandom} into
 * its key (prediction resistance against a state compromise), far below the 2^64-block limit of a
 * CTR key.
 *
 * <p>AES runs on the JDK's AES-NI intrinsics, so a long costs a few nanoseconds, against several
 * hundred for {@code SecureRandom.nextLong()}, which serialises every call through one lock.
 *
 * <p>Thread-safe: state is per thread, no locks on the hot path.
 */
public final class SecureRandomness implements Randomness {
  private static final SecureRandomness INSTANCE = new SecureRandomness();
  private static final int BLOCK_BYTES = 4096;
  private static final int KEY_BYTES = 32;
  private static final long RESEED_AFTER_BYTES = 1L << 30;

  private final ThreadLocal<Generator> generators = ThreadLocal.withInitial(Generator::new);

  private SecureRandomness() {}

  static SecureRandomness instance() {
    return INSTANCE;
  }

  @Override
  public long nextLong() {
    return generators.get().nextLong();
  }

  @Override
  public void nextBytes(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes must not be null");
    }
    Generator g = generators.get();
    for (int i = 0; i < bytes.length; ) {
      long r = g.nextLong();
      for (int k = 0; k < 8 && i < bytes.length; k++, r >>>= 8) {
        bytes[i++] = (byte) r;
      }
    }
  }

  @Override
  public String toString() {
    return "Randomness.secure() (AES-256-CTR fast-key-erasure, seeded from SecureRandom)";
  }

  /** One thread's generator. Not thread-safe; confined to its thread. */
  private static final class Generator {
    private static final SecureRandom SEEDER = new SecureRandom();
    private static final byte[] ZEROS = new byte[BLOCK_BYTES];
    private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[16]);

    private final Cipher cipher;
    private final byte[] key = new byte[KEY_BYTES];
    private final byte[] block = new byte[BLOCK_BYTES];
    private final long[] longs = new long[(BLOCK_BYTES - KEY_BYTES) / Long.BYTES];
    private int next = longs.length;
    private long bytesSinceReseed;

    Generator() {
      try {
        cipher = Cipher.getInstance("AES/CTR/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES/CTR is required by every Java platform", e);
      }
      SEEDER.nextBytes(key);
    }

    long nextLong() {
      if (next == longs.length) {
        refill();
      }
      return longs[next++];
    }

    private void refill() {
      if (bytesSinceReseed >= RESEED_AFTER_BYTES) {
        byte[] fresh = new byte[KEY_BYTES];
        SEEDER.nextBytes(fresh);
        for (int i = 0; i < KEY_BYTES; i++) {
          key[i] ^= fresh[i];
        }
        Arrays.fill(fresh, (byte) 0);
        bytesSinceReseed = 0;
      }
      try {
        // Each key is used for exactly one block, so a fixed counter start is safe.
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), ZERO_IV);
        cipher.doFinal(ZEROS, 0, BLOCK_BYTES, block, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-CTR failed", e);
      }
      System.arraycopy(block, 0, key, 0, KEY_BYTES);
      ByteBuffer.wrap(block, KEY_BYTES, BLOCK_BYTES - KEY_BYTES)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asLongBuffer()
          .get(longs);
      Arrays.fill(block, (byte) 0);
      bytesSinceReseed += BLOCK_BYTES;
      next = 0;
    }
  }
}
