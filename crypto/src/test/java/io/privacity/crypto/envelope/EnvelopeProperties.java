package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.privacity.crypto.keys.HpkeKeyPairs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Round trips over arbitrary payloads (0 B to 1 MiB) and contexts, in every mode. */
class EnvelopeProperties {
  private static Fixtures.World digest;
  private static Fixtures.World full;
  private static HpkeKeyPairs city;
  private static EnvelopeSealer sensor;
  private static EnvelopeOpener cityOpener;

  @BeforeContainer
  static void keys() throws GeneralSecurityException {
    digest = new Fixtures.World(ContextBinding.DIGEST);
    full = new Fixtures.World(ContextBinding.FULL);
    city = HpkeKeyPairs.generate();
    sensor = EnvelopeSealer.builder().keys(city.publicKeys()).build();
    cityOpener = EnvelopeOpener.builder().keys(city).build();
  }

  /** Sizes biased to small values with the edges (0, 1 MiB, segment boundaries) included. */
  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<Integer> sizes =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 64),
            Arbitraries.integers().between(0, 4096),
            Arbitraries.integers().between(0, 1 << 20),
            Arbitraries.of(0, 1, 15, 16, 17, 65_535, 65_536, 65_537, 1 << 20));
    return Combinators.combine(sizes, Arbitraries.longs())
        .as(
            (n, seed) -> {
              byte[] b = new byte[n];
              new Random(seed).nextBytes(b); // test data, not keys
              return b;
            });
  }

  @Provide
  Arbitrary<EncryptionContext> contexts() {
    // withChars takes UTF-16 units, so supplementary characters (😀) are appended whole.
    Arbitrary<String> keys =
        Arbitraries.strings().alpha().numeric().withChars("_-.äé€").ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> plain =
        Arbitraries.strings().alpha().numeric().withChars(" _-=,;äé€").ofMaxLength(40);
    Arbitrary<String> values = Arbitraries.oneOf(plain, plain.map(v -> v + "😀"));
    return Arbitraries.maps(keys, values).ofMinSize(1).ofMaxSize(6).map(EncryptionContext::of);
  }

  @Property(tries = 60)
  void seal_thenOpen_returnsPayload(
      @ForAll("payloads") byte[] payload, @ForAll("contexts") EncryptionContext ctx)
      throws GeneralSecurityException {
    assertArrayEquals(payload, digest.opener.open(digest.sealer.seal(payload, ctx), ctx));
    assertArrayEquals(payload, full.opener.open(full.sealer.seal(payload, ctx), ctx));
  }

  @Property(tries = 60)
  void sessionRecords_roundTrip(
      @ForAll("payloads") byte[] payload, @ForAll("contexts") EncryptionContext ctx)
      throws GeneralSecurityException {
    SealingSession s = digest.sealer.newSession(ctx);
    byte[] r1 = s.seal(payload);
    byte[] r2 = s.seal(payload);
    digest.opener.acceptSessionKey(s.keyBlock(), ctx);
    assertArrayEquals(payload, digest.opener.open(r2, ctx));
    assertArrayEquals(payload, digest.opener.open(r1, ctx));
    assertEquals(payload.length + 74, r1.length);
  }

  @Property(tries = 40)
  void streams_roundTrip(
      @ForAll("payloads") byte[] payload, @ForAll("contexts") EncryptionContext ctx)
      throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream o = digest.sealer.newSealingStream(bos, ctx)) {
      o.write(payload);
    }
    byte[] back =
        digest
            .opener
            .newOpeningStream(new ByteArrayInputStream(bos.toByteArray()), ctx)
            .readAllBytes();
    assertArrayEquals(payload, back);
  }

  @Property(tries = 40)
  void publicKeySealing_roundTrips(
      @ForAll("payloads") byte[] payload, @ForAll("contexts") EncryptionContext ctx)
      throws GeneralSecurityException {
    assertArrayEquals(payload, cityOpener.open(sensor.seal(payload, ctx), ctx));
  }

  @Property(tries = 60)
  void rewrap_keepsPayloadBytes_andOpens(
      @ForAll("payloads") byte[] payload, @ForAll("contexts") EncryptionContext ctx)
      throws GeneralSecurityException {
    byte[] env = digest.sealer.seal(payload, ctx);
    byte[] moved = digest.opener.rewrap(env, ctx);
    assertArrayEquals(payload, digest.opener.open(moved, ctx));
    int tail = payload.length + 28; // nonce, ciphertext, tag are copied unchanged
    assertArrayEquals(
        java.util.Arrays.copyOfRange(env, env.length - tail, env.length),
        java.util.Arrays.copyOfRange(moved, moved.length - tail, moved.length));
  }

  @Property(tries = 200)
  void otherContext_isRejected(
      @ForAll("contexts") EncryptionContext a, @ForAll("contexts") EncryptionContext b)
      throws GeneralSecurityException {
    byte[] env = digest.sealer.seal(new byte[16], a);
    if (a.equals(b)) {
      assertArrayEquals(new byte[16], digest.opener.open(env, b));
    } else {
      assertThrows(WrongContextException.class, () -> digest.opener.open(env, b));
    }
  }

  @Property(tries = 300)
  void canonicalEncoding_parsesBack_andDecidesEquality(
      @ForAll("contexts") EncryptionContext a, @ForAll("contexts") EncryptionContext b) {
    assertEquals(a, EncryptionContext.parse(a.canonicalEncoding()));
    assertEquals(a.entries().equals(b.entries()), a.equals(b));
    assertEquals(Map.copyOf(a.entries()), EncryptionContext.of(a.entries()).entries());
  }
}
