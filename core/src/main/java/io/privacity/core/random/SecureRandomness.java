package io.privacity.core.random;

import io.privacity.core.internal.Checks;
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
 * a pseudorandom permutation. Each key encrypts exactly one 16 KiB block (1024 counter values from
 * zero), so no counter value is ever reused under a key; the block size amortises the key schedule
 * over 2044 outputs.
 *
 * <p>Every 2^30 output bytes a thread XORs 32 fresh bytes from {@code SecureRandom} into its key,
 * so a generator whose state leaked recovers at the next reseed.
 *
 * <h2>Backtracking resistance, and its limits on the JVM</h2>
 *
 * <p>The generator overwrites each key once its block is produced, and zeroes each long as it is
 * handed out, so its own arrays never hold output already returned. The JVM, however, copies the
 * key into {@link SecretKeySpec} and the cipher's expanded key schedule, and those copies live in
 * the heap until garbage collection reuses the memory. Against an attacker who can read the process
 * heap, backtracking resistance is therefore best effort; against everyone else it does not matter.
 *
 * <p>AES runs on the JDK's AES-NI intrinsics, so a long costs a few nanoseconds, against several
 * hundred for {@code SecureRandom.nextLong()}, which serialises every call through one lock.
 *
 * <p>Thread-safe: state is per thread, no locks on the hot path. Each thread (including each
 * virtual thread) that draws pays a one-off set-up of one cipher and 32 bytes from {@code
 * SecureRandom}.
 */
public final class SecureRandomness implements Randomness {
  private static final SecureRandomness INSTANCE =
      new SecureRandomness(new SecureRandom(), 1L << 30);
  private static final int BLOCK_BYTES = 16384;
  private static final int KEY_BYTES = 32;

  private final SecureRandom seeder;
  private final long reseedAfterBytes;
  private final ThreadLocal<Generator> generators = ThreadLocal.withInitial(this::newGenerator);

  /**
   * A generator family seeded from {@code seeder}; package-private so tests can count reseeds and
   * check the construction against AES directly.
   */
  SecureRandomness(SecureRandom seeder, long reseedAfterBytes) {
    this.seeder = seeder;
    this.reseedAfterBytes = Checks.positive("reseedAfterBytes", reseedAfterBytes);
  }

  static SecureRandomness instance() {
    return INSTANCE;
  }

  private Generator newGenerator() {
    return new Generator(seeder, reseedAfterBytes);
  }

  @Override
  public long nextLong() {
    return generators.get().nextLong();
  }

  @Override
  public void nextBytes(byte[] bytes) {
    Checks.notNull("bytes", bytes);
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
    private static final byte[] ZEROS = new byte[BLOCK_BYTES];
    private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[16]);

    private final SecureRandom seeder;
    private final long reseedAfterBytes;
    private final Cipher cipher;
    private final byte[] key = new byte[KEY_BYTES];
    private final byte[] block = new byte[BLOCK_BYTES];
    private final long[] longs = new long[(BLOCK_BYTES - KEY_BYTES) / Long.BYTES];
    private int next = longs.length;
    private long bytesSinceReseed;

    Generator(SecureRandom seeder, long reseedAfterBytes) {
      this.seeder = seeder;
      this.reseedAfterBytes = reseedAfterBytes;
      try {
        cipher = Cipher.getInstance("AES/CTR/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES/CTR is required by every Java platform", e);
      }
      seeder.nextBytes(key);
    }

    long nextLong() {
      if (next == longs.length) {
        refill();
      }
      long r = longs[next];
      // Erase each output as it leaves, so the state never holds output already returned.
      longs[next++] = 0;
      return r;
    }

    private void refill() {
      if (bytesSinceReseed >= reseedAfterBytes) {
        byte[] fresh = new byte[KEY_BYTES];
        seeder.nextBytes(fresh);
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
