package io.privacity.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RandomnessTest {
  /** SecureRandomness's AES-CTR block: 32 bytes of next key, then 2044 output longs. */
  private static final int BLOCK = 16384;

  private static final int LONGS_PER_BLOCK = (BLOCK - 32) / 8;

  static Stream<Arguments> generators() {
    return Stream.of(
        Arguments.of("secure", Randomness.secure()),
        Arguments.of("seeded", Randomness.insecureSeeded(42)));
  }

  static Stream<Arguments> badBits() {
    return generators()
        .flatMap(
            g ->
                Stream.of(0, 65, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)
                    .map(bits -> Arguments.of(g.get()[0], g.get()[1], bits)));
  }

  @ParameterizedTest(name = "{0}: nextBits({2}) throws")
  @MethodSource("badBits")
  void nextBits_outOfRange_throws(String name, Randomness r, int bits) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.nextBits(bits));
    assertEquals("bits must be in [1, 64], got " + bits, e.getMessage());
  }

  static Stream<Arguments> badBounds() {
    return generators()
        .flatMap(
            g ->
                Stream.of(0L, -1L, -1000L, Long.MIN_VALUE)
                    .map(bound -> Arguments.of(g.get()[0], g.get()[1], bound)));
  }

  @ParameterizedTest(name = "{0}: nextLong({2}) throws")
  @MethodSource("badBounds")
  void nextLong_nonPositiveBound_throws(String name, Randomness r, long bound) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.nextLong(bound));
    assertEquals("bound must be >= 1, got " + bound, e.getMessage());
  }

  @ParameterizedTest(name = "{0}: nextInt({2}) throws")
  @MethodSource("badBounds")
  void nextInt_nonPositiveBound_throws(String name, Randomness r, long bound) {
    int intBound = bound == Long.MIN_VALUE ? Integer.MIN_VALUE : (int) bound;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(intBound));
    assertTrue(e.getMessage().startsWith("bound must be >= 1, got "), e.getMessage());
  }

  @ParameterizedTest(name = "{0}: nextBytes(null) throws")
  @MethodSource("generators")
  void nextBytes_null_throws(String name, Randomness r) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.nextBytes(null));
    assertEquals("bytes must not be null", e.getMessage());
  }

  @ParameterizedTest(name = "{0}: edge bounds")
  @MethodSource("generators")
  void nextLong_edgeBounds_stayInRange(String name, Randomness r) {
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, r.nextLong(1));
      assertEquals(0, r.nextInt(1));
      long max = r.nextLong(Long.MAX_VALUE);
      assertTrue(max >= 0 && max < Long.MAX_VALUE);
      long pow = r.nextLong(1L << 62);
      assertTrue(pow >= 0 && pow < 1L << 62);
      int bigInt = r.nextInt(Integer.MAX_VALUE);
      assertTrue(bigInt >= 0);
      assertTrue(Long.compareUnsigned(r.nextBits(63), 1L << 63) < 0);
      assertTrue(r.nextBits(1) <= 1);
    }
  }

  @ParameterizedTest(name = "{0}: nextBytes of every small length")
  @MethodSource("generators")
  void nextBytes_fillsEveryLength(String name, Randomness r) {
    assertArrayEquals(new byte[0], fill(r, 0));
    for (int len = 1; len <= 33; len++) {
      // A length-n array is all zero with probability 2^(-8n); over 8 tries that is negligible.
      boolean sawNonZeroLast = false;
      for (int t = 0; t < 8; t++) {
        byte[] b = fill(r, len);
        sawNonZeroLast |= b[len - 1] != 0;
      }
      assertTrue(sawNonZeroLast, "last byte of a length-" + len + " array never written");
    }
  }

  private static byte[] fill(Randomness r, int len) {
    byte[] b = new byte[len];
    r.nextBytes(b);
    return b;
  }

  @Test
  void insecureSeeded_sameSeed_sameStream() {
    Randomness a = Randomness.insecureSeeded(7);
    Randomness b = Randomness.insecureSeeded(7);
    for (int i = 0; i < 10_000; i++) {
      assertEquals(a.nextLong(), b.nextLong());
      assertEquals(a.nextLong(1000), b.nextLong(1000));
      assertEquals(a.nextDouble(), b.nextDouble());
      assertEquals(a.nextBits(13), b.nextBits(13));
    }
  }

  @Test
  void insecureSeeded_differentSeeds_differentStreams() {
    long[] a = longs(Randomness.insecureSeeded(1), 16);
    long[] b = longs(Randomness.insecureSeeded(2), 16);
    assertNotEquals(Arrays.toString(a), Arrays.toString(b));
  }

  @Test
  void insecureSeeded_isSplitMix64() {
    // Known answer: SplitMix64 as in java.util.SplittableRandom (same gamma, same mix function).
    Randomness r = Randomness.insecureSeeded(0x1234_5678_9abc_def0L);
    SplittableRandom reference = new SplittableRandom(0x1234_5678_9abc_def0L);
    for (int i = 0; i < 1000; i++) {
      assertEquals(reference.nextLong(), r.nextLong());
    }
  }

  @Test
  void nextBytes_default_isLittleEndianLongs() {
    Randomness a = Randomness.insecureSeeded(9);
    Randomness b = Randomness.insecureSeeded(9);
    byte[] bytes = new byte[20];
    a.nextBytes(bytes);
    ByteBuffer expected = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    expected.putLong(b.nextLong()).putLong(b.nextLong()).putLong(b.nextLong());
    assertArrayEquals(Arrays.copyOf(expected.array(), 20), bytes);
  }

  @Test
  void nextDouble_isMultipleOfTwoToMinus53InUnitInterval() {
    Randomness r = Randomness.insecureSeeded(3);
    for (int i = 0; i < 100_000; i++) {
      double d = r.nextDouble();
      assertTrue(d >= 0 && d < 1);
      double scaled = d * 0x1.0p53;
      assertEquals(Math.rint(scaled), scaled);
    }
  }

  @Test
  void secure_streamsDifferAcrossThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> longs(Randomness.secure(), 8)));
      }
      Set<Long> seen = new HashSet<>();
      for (Future<long[]> f : futures) {
        for (long v : f.get()) {
          // 32 uniform 64-bit values collide with probability < 2^-54.
          assertTrue(seen.add(v), "repeated value across threads");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void secure_streamsDifferAcrossInstances() {
    SecureRandomness a = new SecureRandomness(new SecureRandom(), 1L << 30);
    SecureRandomness b = new SecureRandomness(new SecureRandom(), 1L << 30);
    assertNotEquals(Arrays.toString(longs(a, 8)), Arrays.toString(longs(b, 8)));
    assertNotEquals(Arrays.toString(longs(a, 8)), Arrays.toString(longs(Randomness.secure(), 8)));
  }

  @Test
  void secure_isFastKeyErasureAesCtr() throws Exception {
    // Known-answer check of the construction against AES itself (ECB over explicit counters):
    // key_0 = seed; block_i = AES-256-CTR(key_i, counter 0..1023); key_{i+1} = block_i[0..32);
    // output = block_i[32..16384) as little-endian longs.
    SecureRandomness g = new SecureRandomness(new ScriptedSeeder(11), 1L << 30);
    byte[] key = new byte[32];
    new ScriptedSeeder(11).nextBytes(key);
    Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
    for (int blockIndex = 0; blockIndex < 3; blockIndex++) {
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      byte[] block = new byte[BLOCK];
      for (int c = 0; c < BLOCK / 16; c++) {
        byte[] counter = new byte[16];
        counter[14] = (byte) (c >>> 8);
        counter[15] = (byte) c;
        aes.doFinal(counter, 0, 16, block, 16 * c);
      }
      key = Arrays.copyOf(block, 32);
      ByteBuffer out = ByteBuffer.wrap(block, 32, BLOCK - 32).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < LONGS_PER_BLOCK; i++) {
        assertEquals(out.getLong(), g.nextLong(), "block " + blockIndex + " long " + i);
      }
    }
  }

  @Test
  void secure_nextBytes_matchesNextLongStream() {
    SecureRandomness a = new SecureRandomness(new ScriptedSeeder(5), 1L << 30);
    SecureRandomness b = new SecureRandomness(new ScriptedSeeder(5), 1L << 30);
    byte[] bytes = new byte[5000];
    a.nextBytes(bytes);
    ByteBuffer expected = ByteBuffer.allocate(5000 + 8).order(ByteOrder.LITTLE_ENDIAN);
    while (expected.remaining() >= 8) {
      expected.putLong(b.nextLong());
    }
    assertArrayEquals(Arrays.copyOf(expected.array(), 5000), bytes);
  }

  @Test
  void secure_reseedsFromSeederOnSchedule() {
    ScriptedSeeder seeder = new ScriptedSeeder(1);
    // Reseed before every second block.
    SecureRandomness g = new SecureRandomness(seeder, 2 * BLOCK);
    g.nextLong();
    assertEquals(1, seeder.calls, "seeded once on first use");
    int blocks = 10;
    for (int i = 1; i < blocks * LONGS_PER_BLOCK; i++) {
      g.nextLong();
    }
    // Blocks 1..10: the reseed check runs before blocks 3, 5, 7, 9.
    assertEquals(1 + 4, seeder.calls);

    // A reseed changes the stream: a twin generator whose seeder gives different fresh bytes
    // after the first call diverges from block 3 on, but agrees on blocks 1 and 2.
    SecureRandomness same = new SecureRandomness(new ScriptedSeeder(1), 2 * BLOCK);
    SecureRandomness diverging = new SecureRandomness(new ScriptedSeeder(1, 99), 2 * BLOCK);
    for (int i = 0; i < 2 * LONGS_PER_BLOCK; i++) {
      assertEquals(same.nextLong(), diverging.nextLong());
    }
    int differences = 0;
    for (int i = 0; i < LONGS_PER_BLOCK; i++) {
      differences += same.nextLong() != diverging.nextLong() ? 1 : 0;
    }
    assertTrue(differences > LONGS_PER_BLOCK - 10);
  }

  @Test
  void secure_rejectsNonPositiveReseedInterval() {
    assertThrows(IllegalArgumentException.class, () -> new SecureRandomness(new SecureRandom(), 0));
  }

  @Test
  void toString_namesTheGenerator() {
    assertTrue(Randomness.secure().toString().contains("AES-256-CTR"));
    assertTrue(Randomness.insecureSeeded(1).toString().contains("insecureSeeded"));
  }

  private static long[] longs(Randomness r, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextLong();
    }
    return out;
  }

  /**
   * A deterministic "SecureRandom" for tests: the first call gives bytes from {@code seed}, later
   * calls from {@code laterSeed}. Counts calls.
   */
  static final class ScriptedSeeder extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final SplittableRandom first;
    private final SplittableRandom later;
    int calls;

    ScriptedSeeder(long seed) {
      this(seed, seed + 1);
    }

    ScriptedSeeder(long seed, long laterSeed) {
      this.first = new SplittableRandom(seed);
      this.later = new SplittableRandom(laterSeed);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      SplittableRandom source = calls == 0 ? first : later;
      calls++;
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) source.nextInt(256);
      }
    }
  }
}
