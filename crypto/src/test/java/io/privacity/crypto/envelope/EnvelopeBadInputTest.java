package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.crypto.keys.LocalKeysetKekProvider;
import io.privacity.crypto.keys.UnknownKeyException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input, enumerated: each case names the parameter, the value and the valid range. */
class EnvelopeBadInputTest {
  static Stream<Arguments> badContexts() {
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "v");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 65; i++) {
      tooMany.put("k" + i, "v");
    }
    return Stream.of(
        Arguments.of(
            "null map",
            (Executable) () -> EncryptionContext.of((Map<String, String>) null),
            "null"),
        Arguments.of("empty map", (Executable) () -> EncryptionContext.of(Map.of()), "1 to 64"),
        Arguments.of("65 entries", (Executable) () -> EncryptionContext.of(tooMany), "got 65"),
        Arguments.of("null key", (Executable) () -> EncryptionContext.of(nullKey), "null"),
        Arguments.of("empty key", (Executable) () -> EncryptionContext.of(Map.of("", "v")), "''"),
        Arguments.of(
            "blank key", (Executable) () -> EncryptionContext.of(Map.of("  ", "v")), "'  '"),
        Arguments.of("null value", (Executable) () -> EncryptionContext.of(nullValue), "'k'"),
        Arguments.of(
            "256-byte key",
            (Executable) () -> EncryptionContext.of(Map.of("k".repeat(256), "v")),
            "got 256"),
        Arguments.of(
            "4097-byte value",
            (Executable) () -> EncryptionContext.of(Map.of("k", "v".repeat(4097))),
            "got 4097"),
        Arguments.of(
            "unpaired surrogate",
            (Executable) () -> EncryptionContext.of(Map.of("k\uD800", "v")),
            "surrogate"),
        Arguments.of("odd varargs", (Executable) () -> EncryptionContext.of("k"), "even"),
        Arguments.of("no varargs", (Executable) () -> EncryptionContext.of(), "even"),
        Arguments.of(
            "repeated key", (Executable) () -> EncryptionContext.of("k", "a", "k", "b"), "twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badContexts")
  void context_badInput_throwsNamingIt(String name, Executable call, String inMessage) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(inMessage), e.getMessage());
  }

  static Stream<Arguments> badLimits() {
    Duration h = Duration.ofHours(1);
    return Stream.of(
        Arguments.of(0L, 1L, h, "maxMessages"),
        Arguments.of(-1L, 1L, h, "maxMessages"),
        Arguments.of((1L << 32) + 1, 1L, h, "maxMessages"),
        Arguments.of(1L, 0L, h, "maxBytes"),
        Arguments.of(1L, -5L, h, "maxBytes"),
        Arguments.of(1L, (1L << 36) + 1, h, "maxBytes"),
        Arguments.of(1L, 1L, Duration.ZERO, "maxAge"),
        Arguments.of(1L, 1L, Duration.ofSeconds(-1), "maxAge"),
        Arguments.of(1L, 1L, Duration.ofDays(31), "maxAge"),
        Arguments.of(1L, 1L, null, "maxAge"));
  }

  @ParameterizedTest(name = "{3}: {0} {1} {2}")
  @MethodSource("badLimits")
  void sessionLimits_outOfRange_throwNamingParameter(
      long messages, long bytes, Duration age, String param) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SessionLimits.of(messages, bytes, age));
    assertTrue(e.getMessage().startsWith(param + " must be in"), e.getMessage());
  }

  @Test
  void nullArguments_throwIllegalArgument() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal(new byte[1], Fixtures.CTX);
    assertThrows(IllegalArgumentException.class, () -> w.sealer.seal(null, Fixtures.CTX));
    assertThrows(IllegalArgumentException.class, () -> w.sealer.seal(new byte[1], null));
    assertThrows(IllegalArgumentException.class, () -> w.sealer.newSession(null));
    assertThrows(
        IllegalArgumentException.class, () -> w.sealer.newSealingStream(null, Fixtures.CTX));
    assertThrows(IllegalArgumentException.class, () -> w.opener.open(null, Fixtures.CTX));
    assertThrows(IllegalArgumentException.class, () -> w.opener.open(env, null));
    assertThrows(
        IllegalArgumentException.class, () -> w.opener.acceptSessionKey(null, Fixtures.CTX));
    assertThrows(IllegalArgumentException.class, () -> w.opener.rewrap(env, Fixtures.CTX, null));
    assertThrows(
        IllegalArgumentException.class, () -> w.sealer.newSession(Fixtures.CTX).seal(null));
    assertThrows(IllegalArgumentException.class, () -> EnvelopeSealer.builder().keys(null));
    assertThrows(IllegalArgumentException.class, () -> EnvelopeSealer.builder().subjectKeys(null));
    assertThrows(
        IllegalArgumentException.class, () -> EnvelopeSealer.builder().contextBinding(null));
    assertThrows(
        IllegalArgumentException.class, () -> EnvelopeSealer.builder().sessionLimits(null));
    assertThrows(IllegalArgumentException.class, () -> EnvelopeSealer.builder().clock(null));
    assertThrows(IllegalArgumentException.class, () -> EnvelopeOpener.builder().keys(null));
    assertThrows(IllegalArgumentException.class, () -> w.subjects.ref(null));
    assertThrows(IllegalArgumentException.class, () -> w.subjects.ref(" "));
    assertThrows(IllegalArgumentException.class, () -> w.subjects.forget(""));
    assertThrows(IllegalArgumentException.class, () -> w.subjects.isForgotten(null));
  }

  @Test
  void builders_withoutKeys_refuseToBuild() {
    assertThrows(IllegalStateException.class, () -> EnvelopeSealer.builder().build());
    assertThrows(IllegalStateException.class, () -> EnvelopeOpener.builder().build());
    assertThrows(IllegalArgumentException.class, () -> EnvelopeOpener.builder().maxSessions(0));
    assertThrows(IllegalArgumentException.class, () -> EnvelopeOpener.builder().maxSessions(-3));
  }

  @Test
  void malformedBytes_areMalformed() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[][] junk = {
      {},
      {0x50},
      {0x50, 0x56},
      {0x50, 0x56, 1},
      {0x50, 0x56, 1, 1, 1, 0},
      "hello, envelope".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
      new byte[200]
    };
    for (byte[] j : junk) {
      assertThrows(
          MalformedEnvelopeException.class,
          () -> w.opener.open(j, Fixtures.CTX),
          Arrays.toString(j));
      assertThrows(
          MalformedEnvelopeException.class, () -> w.opener.acceptSessionKey(j, Fixtures.CTX));
    }
  }

  @Test
  void wrongVersion_isMalformed_andSaysSo() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal(new byte[16], Fixtures.CTX);
    for (int v : new int[] {0, 3, 255}) {
      byte[] t = env.clone();
      t[2] = (byte) v;
      MalformedEnvelopeException e =
          assertThrows(MalformedEnvelopeException.class, () -> w.opener.open(t, Fixtures.CTX));
      assertTrue(e.getMessage().contains("version " + v), e.getMessage());
    }
  }

  @Test
  void unknownSuiteKindOrFlags_areMalformed() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal(new byte[16], Fixtures.CTX);
    int[][] edits = {{3, 0}, {3, 9}, {4, 0x03}, {4, 0x21}, {4, 0x11}, {5, 0x04}, {5, 0x80}};
    for (int[] e : edits) {
      byte[] t = env.clone();
      t[e[0]] = (byte) e[1];
      assertThrows(MalformedEnvelopeException.class, () -> w.opener.open(t, Fixtures.CTX));
    }
  }

  @Test
  void unknownKeyId_isUnknownKey_andNamesIt() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal(new byte[16], Fixtures.CTX);
    EnvelopeOpener stranger =
        EnvelopeOpener.builder()
            .keys(LocalKeysetKekProvider.generate())
            .subjectKeys(w.subjects)
            .build();
    UnknownKeyException e =
        assertThrows(UnknownKeyException.class, () -> stranger.open(env, Fixtures.CTX));
    assertTrue(e.getMessage().contains(EnvelopeOpener.keyIdOf(env)), e.getMessage());
  }

  @Test
  void recordWithoutKeyBlock_isUnknownKey() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] rec = w.sealer.newSession(Fixtures.CTX).seal(new byte[16]);
    assertThrows(UnknownKeyException.class, () -> w.opener.open(rec, Fixtures.CTX));
  }

  @Test
  void subjectBoundEnvelope_withoutSubjectKeys_isUnknownKey() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal(new byte[16], Fixtures.CTX);
    EnvelopeOpener noSubjects = EnvelopeOpener.builder().keys(w.keys).build();
    assertThrows(UnknownKeyException.class, () -> noSubjects.open(env, Fixtures.CTX));
  }

  @Test
  void keyBlockGivenToOpen_andRecordGivenToRewrap_areMalformed() throws Exception {
    Fixtures.World w = new Fixtures.World();
    SealingSession s = w.sealer.newSession(Fixtures.CTX);
    assertThrows(MalformedEnvelopeException.class, () -> w.opener.open(s.keyBlock(), Fixtures.CTX));
    byte[] rec = s.seal(new byte[3]);
    assertThrows(MalformedEnvelopeException.class, () -> w.opener.rewrap(rec, Fixtures.CTX));
    assertThrows(
        MalformedEnvelopeException.class, () -> w.opener.acceptSessionKey(rec, Fixtures.CTX));
  }

  @Test
  void failureMessages_carryNoPlaintextOrKeyBytes() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal("SECRET-READING".getBytes(), Fixtures.CTX);
    env[env.length - 1] ^= 1;
    byte[] t = env;
    TamperedEnvelopeException e =
        assertThrows(TamperedEnvelopeException.class, () -> w.opener.open(t, Fixtures.CTX));
    assertEquals("envelope does not authenticate", e.getMessage());
  }

  @Test
  void fullContextOver65535Bytes_isRefusedAtSeal_notSilentlyTruncated() throws Exception {
    Map<String, String> big = new HashMap<>();
    for (int i = 0; i < 16; i++) {
      big.put("k" + i, "v".repeat(4096)); // 16 * (2 + 2-3 + 2 + 4096) + 2 > 65535
    }
    EncryptionContext huge = EncryptionContext.of(big);
    assertTrue(huge.canonicalEncoding().length > 65_535);
    Fixtures.World w = new Fixtures.World(ContextBinding.FULL);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> w.sealer.seal(new byte[1], huge));
    assertTrue(e.getMessage().contains("65535"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> w.sealer.newSession(huge));
    assertThrows(
        IllegalArgumentException.class,
        () -> w.sealer.newSealingStream(new java.io.ByteArrayOutputStream(), huge));

    // Under the limit it round-trips; DIGEST binding takes any context.
    big.remove("k0");
    big.put("k0", "v".repeat(65_535 - (huge.canonicalEncoding().length - 4096 - 6) - 6));
    EncryptionContext edge = EncryptionContext.of(big);
    assertEquals(65_535, edge.canonicalEncoding().length);
    byte[] env = w.sealer.seal(new byte[1], edge);
    assertEquals(1, w.opener.open(env, edge).length);
    byte[] digest = new Fixtures.World().sealer.seal(new byte[1], huge);
    assertTrue(digest.length < 300);
  }
}
