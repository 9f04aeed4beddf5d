package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.privacity.crypto.keys.HpkeKeyPairs;
import io.privacity.crypto.keys.UnknownKeyException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every single-bit flip, truncation and extension of an envelope is rejected with a declared
 * exception, and never yields plaintext.
 */
class EnvelopeTamperTest {
  private static final Class<?>[] DECLARED = {
    MalformedEnvelopeException.class,
    TamperedEnvelopeException.class,
    WrongContextException.class,
    SubjectShreddedException.class,
    UnknownKeyException.class
  };

  private static byte[] payload(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b); // fixed seed: test data only, not key material
    return b;
  }

  static void assertRejected(Opening op, String what) {
    try {
      op.run();
      fail(what + " was accepted");
    } catch (GeneralSecurityException e) {
      assertTrue(
          Arrays.stream(DECLARED).anyMatch(c -> c.isInstance(e)),
          what + " threw undeclared " + e.getClass());
    }
  }

  interface Opening {
    void run() throws GeneralSecurityException;
  }

  /** Positions to flip: all bits of small envelopes, all header bits + a sample of large ones. */
  private static int[] positions(int length, int headerLength) {
    if (length <= 512) {
      return java.util.stream.IntStream.range(0, length).toArray();
    }
    return java.util.stream.IntStream.concat(
            java.util.stream.IntStream.range(0, headerLength + 64),
            java.util.stream.IntStream.concat(
                java.util.stream.IntStream.iterate(
                    headerLength + 64, i -> i < length - 64, i -> i + 97),
                java.util.stream.IntStream.range(length - 64, length)))
        .toArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16, 300, 5000})
  void envelope_everyBitFlip_isRejected(int size) throws Exception {
    for (ContextBinding binding : ContextBinding.values()) {
      Fixtures.World w = new Fixtures.World(binding);
      byte[] env = w.sealer.seal(payload(size), Fixtures.CTX);
      assertArrayEquals(payload(size), w.opener.open(env, Fixtures.CTX));
      for (int pos : positions(env.length, env.length - size - 28)) {
        for (int bit = 0; bit < 8; bit++) {
          byte[] t = env.clone();
          t[pos] ^= (byte) (1 << bit);
          assertRejected(() -> w.opener.open(t, Fixtures.CTX), "flip " + pos + "/" + bit);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 16, 1000})
  void sessionRecordAndKeyBlock_everyBitFlip_isRejected(int size) throws Exception {
    Fixtures.World w = new Fixtures.World();
    SealingSession s = w.sealer.newSession(Fixtures.CTX);
    byte[] rec = s.seal(payload(size));
    byte[] block = s.keyBlock();
    for (int pos = 0; pos < block.length; pos++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = block.clone();
        t[pos] ^= (byte) (1 << bit);
        assertRejected(() -> w.opener.acceptSessionKey(t, Fixtures.CTX), "key block flip " + pos);
      }
    }
    w.opener.acceptSessionKey(block, Fixtures.CTX);
    assertArrayEquals(payload(size), w.opener.open(rec, Fixtures.CTX));
    for (int pos : positions(rec.length, 58)) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = rec.clone();
        t[pos] ^= (byte) (1 << bit);
        assertRejected(() -> w.opener.open(t, Fixtures.CTX), "record flip " + pos + "/" + bit);
      }
    }
  }

  @Test
  void hpkeEnvelope_everyBitFlip_isRejected() throws Exception {
    HpkeKeyPairs city = HpkeKeyPairs.generate();
    EnvelopeSealer sensor = EnvelopeSealer.builder().keys(city.publicKeys()).build();
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(city).build();
    byte[] env = sensor.seal(payload(16), Fixtures.SENSOR_CTX);
    for (int pos = 0; pos < env.length; pos++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = env.clone();
        t[pos] ^= (byte) (1 << bit);
        assertRejected(() -> opener.open(t, Fixtures.SENSOR_CTX), "flip " + pos + "/" + bit);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 16, 5000})
  void envelope_everyTruncationAndExtension_isRejected(int size) throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal(payload(size), Fixtures.CTX);
    SealingSession s = w.sealer.newSession(Fixtures.CTX);
    w.opener.acceptSessionKey(s.keyBlock(), Fixtures.CTX);
    byte[] rec = s.seal(payload(size));
    for (byte[] e : new byte[][] {env, rec}) {
      for (int n = 0; n < e.length; n++) {
        byte[] t = Arrays.copyOf(e, n);
        assertRejected(() -> w.opener.open(t, Fixtures.CTX), "truncated to " + n);
      }
      for (int extra : new int[] {1, 2, 16, 100}) {
        byte[] t = Arrays.copyOf(e, e.length + extra);
        assertRejected(() -> w.opener.open(t, Fixtures.CTX), "extended by " + extra);
      }
    }
    byte[] block = s.keyBlock();
    for (int n = 0; n < block.length; n++) {
      byte[] t = Arrays.copyOf(block, n);
      assertRejected(() -> w.opener.acceptSessionKey(t, Fixtures.CTX), "block cut " + n);
    }
    byte[] longer = Arrays.copyOf(block, block.length + 1);
    assertRejected(() -> w.opener.acceptSessionKey(longer, Fixtures.CTX), "block extended");
  }

  @Test
  void envelope_otherContexts_areRejected() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal(payload(16), Fixtures.CTX);
    SealingSession s = w.sealer.newSession(Fixtures.CTX);
    w.opener.acceptSessionKey(s.keyBlock(), Fixtures.CTX);
    byte[] rec = s.seal(payload(16));
    EncryptionContext[] others = {
      EncryptionContext.of(
          "subject", "citizen-43", "purpose", "air-quality", "sensor", "aq-17", "city", "lyon"),
      EncryptionContext.of(
          "subject", "citizen-42", "purpose", "marketing", "sensor", "aq-17", "city", "lyon"),
      EncryptionContext.of("subject", "citizen-42", "purpose", "air-quality", "sensor", "aq-17"),
      EncryptionContext.of(
          "subject",
          "citizen-42",
          "purpose",
          "air-quality",
          "sensor",
          "aq-17",
          "city",
          "lyon",
          "x",
          ""),
      Fixtures.SENSOR_CTX
    };
    for (EncryptionContext o : others) {
      assertThrows(WrongContextException.class, () -> w.opener.open(env, o), o.toString());
      assertThrows(WrongContextException.class, () -> w.opener.open(rec, o), o.toString());
      assertThrows(WrongContextException.class, () -> w.opener.acceptSessionKey(s.keyBlock(), o));
    }
  }

  @Test
  void stream_bitFlipsTruncationAndContext_areRejected() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] pt = payload(150_000); // three 64 KiB segments
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream o = w.sealer.newSealingStream(bos, Fixtures.CTX)) {
      o.write(pt);
    }
    byte[] env = bos.toByteArray();
    assertArrayEquals(pt, readStream(w, env, Fixtures.CTX));
    Random r = new Random(7); // fixed seed: positions only
    int[] pos = new int[300];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = i < 150 ? i : r.nextInt(env.length);
    }
    for (int p : pos) {
      byte[] t = env.clone();
      t[p] ^= (byte) (1 << r.nextInt(8));
      assertStreamRejected(w, t, Fixtures.CTX);
    }
    for (int n : new int[] {0, 5, 60, 140, env.length / 2, env.length - 17, env.length - 1}) {
      assertStreamRejected(w, Arrays.copyOf(env, n), Fixtures.CTX);
    }
    assertStreamRejected(w, Arrays.copyOf(env, env.length + 1), Fixtures.CTX);
    assertStreamRejected(w, env, Fixtures.SENSOR_CTX);
  }

  private static byte[] readStream(Fixtures.World w, byte[] env, EncryptionContext ctx)
      throws GeneralSecurityException, IOException {
    try (InputStream in = w.opener.newOpeningStream(new ByteArrayInputStream(env), ctx)) {
      return in.readAllBytes();
    }
  }

  private static void assertStreamRejected(Fixtures.World w, byte[] env, EncryptionContext ctx) {
    try {
      readStream(w, env, ctx);
      fail("tampered stream was accepted");
    } catch (IOException e) {
      // Tink's streaming AEAD reports a failed segment as an IOException.
    } catch (GeneralSecurityException e) {
      assertTrue(
          Arrays.stream(DECLARED).anyMatch(c -> c.isInstance(e)), "undeclared " + e.getClass());
    }
  }

  @Test
  void acceptSessionKey_verifiesAgain_evenForAKnownSession() throws Exception {
    Fixtures.World w = new Fixtures.World();
    SealingSession s = w.sealer.newSession(Fixtures.SENSOR_CTX);
    byte[] block = s.keyBlock();
    w.opener.acceptSessionKey(block, Fixtures.SENSOR_CTX);
    int idLen = block[6] & 0xFF;
    int wrappedAt = 6 + 1 + idLen + 2;
    byte[] forged = block.clone();
    forged[wrappedAt + 20] ^= 1; // the wrapped data key, same commitment (same session id)
    assertThrows(
        TamperedEnvelopeException.class,
        () -> w.opener.acceptSessionKey(forged, Fixtures.SENSOR_CTX));
    // A key block whose key-encryption key was retired no longer verifies either.
    String old = w.keys.current().id();
    w.keys.rotate();
    w.keys.retire(old);
    assertThrows(
        UnknownKeyException.class, () -> w.opener.acceptSessionKey(block, Fixtures.SENSOR_CTX));
  }
}
