package io.privacity.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.ledger.VerificationResult.Problem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Signed checkpoints: signing, the file form, and checking copies against one or two of them. */
class LedgerCheckpointTest {
  private static final LedgerSigningKey KEY = LedgerSigningKey.generate();
  private static final LedgerPublicKey PUBLIC = KEY.publicKey();

  @TempDir Path dir;

  /**
   * One clock for every ledger of a test: a fork is then signed no earlier than what it forks from.
   * Checkpoints may share a time; only a later one signed before an earlier one is refused.
   */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T03:00:00Z"), ZoneOffset.UTC);

  private TransparencyLedger ledger(Path file) throws IOException {
    return TransparencyLedger.open(LedgerSink.file(file), CLOCK);
  }

  /** A file ledger of {@code n} entries, closed, and a checkpoint of it. */
  private LedgerCheckpoint signed(Path file, int n) throws IOException {
    try (TransparencyLedger ledger = ledger(file)) {
      append(ledger, n, "e");
      return ledger.checkpoint(KEY);
    }
  }

  private static void append(TransparencyLedger ledger, int n, String prefix) {
    for (int i = 0; i < n; i++) {
      ledger.append(LedgerEventType.OTHER, prefix + " " + i, Map.of("i", Integer.toString(i)));
    }
  }

  // ---------------------------------------------------------------- signing and the file form

  @Test
  void checkpoint_signsSizeHeadAndTime() throws IOException {
    try (TransparencyLedger ledger = ledger(dir.resolve("l.jsonl"))) {
      append(ledger, 3, "e");
      LedgerCheckpoint c = ledger.checkpoint(KEY);
      assertEquals(3, c.size());
      assertEquals(ledger.head(), c.head());
      assertEquals(PUBLIC.keyId(), c.keyId());
      assertTrue(c.isSignedBy(PUBLIC));
      assertFalse(c.isSignedBy(LedgerSigningKey.generate().publicKey()));
      assertEquals(c, LedgerCheckpoint.parse(c.toText()));
      String text = c.toText();
      assertTrue(
          text.startsWith(
              "privacity-ledger-checkpoint v1\nsize 3\nhead " + ledger.head() + "\ntime 2026-"),
          text);
      assertTrue(text.contains("\n\nsig " + PUBLIC.keyId() + " "), text);
    }
  }

  @Test
  void emptyLedger_checkpointsTheGenesisHead() {
    LedgerCheckpoint c = TransparencyLedger.inMemory().checkpoint(KEY);
    assertEquals(0, c.size());
    assertEquals(TransparencyLedger.GENESIS_HASH, c.head());
    assertTrue(c.isSignedBy(PUBLIC));
  }

  static Stream<String> malformedCheckpoints() {
    LedgerCheckpoint c = TransparencyLedger.inMemory().checkpoint(KEY);
    String t = c.toText();
    return Stream.of(
        "",
        t.replace("privacity-ledger-checkpoint v1", "privacity-ledger-checkpoint v2"),
        t.replace("\n", "\r\n"),
        t.replace("size 0", "size 00"),
        t.replace("size 0", "size -1"),
        t.replace("size 0", "size  0"),
        t.replace("head 0", "head 0 "),
        t.replace("head " + "0".repeat(64), "head " + "A".repeat(64)),
        t.replace("\n\nsig", "\nsig"),
        t.substring(0, t.length() - 1),
        t + "\n",
        t + "sig 00000000 " + c.signature() + "\n",
        t.replace("time " + c.time(), "time yesterday"),
        t.replace("time " + c.time(), "time " + c.time().toString().replace("Z", "+00:00")),
        t.replace("sig " + c.keyId(), "sig ABCDEF01"),
        t.replace(c.signature(), c.signature().substring(4)),
        t.replace("size 0", "size 9999999999999999999"));
  }

  @ParameterizedTest
  @MethodSource("malformedCheckpoints")
  void parse_malformed_throws(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LedgerCheckpoint.parse(text));
    assertTrue(
        e.getMessage().startsWith("text must be a ledger checkpoint")
            || e.getMessage().startsWith("checkpoint "),
        e.getMessage());
  }

  @Test
  void components_outOfRange_throw() {
    String h = "0".repeat(64);
    String sig = Base64.getEncoder().encodeToString(new byte[64]);
    Instant t = Instant.EPOCH;
    assertThrows(
        IllegalArgumentException.class, () -> new LedgerCheckpoint(-1, h, t, "00000000", sig));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LedgerCheckpoint(0, "1".repeat(64), t, "00000000", sig));
    assertThrows(
        IllegalArgumentException.class, () -> new LedgerCheckpoint(1, "x", t, "00000000", sig));
    assertThrows(
        IllegalArgumentException.class, () -> new LedgerCheckpoint(1, h, null, "00000000", sig));
    assertThrows(IllegalArgumentException.class, () -> new LedgerCheckpoint(1, h, t, "0000", sig));
    assertThrows(
        IllegalArgumentException.class, () -> new LedgerCheckpoint(1, h, t, "00000000", "AA=="));
  }

  @Test
  void checkpoint_ofALogTamperedBehindTheLedger_isRefused() throws IOException {
    Path file = dir.resolve("l.jsonl");
    try (TransparencyLedger ledger = ledger(file)) {
      append(ledger, 2, "e");
      Files.writeString(file, Files.readString(file).replace("\"e 1\"", "\"E 1\""));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> ledger.checkpoint(KEY));
      assertTrue(e.getMessage().startsWith("refusing to sign"), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- verifying copies

  @Test
  void verifyCopy_againstACheckpoint_acceptsTheLogAndItsGrowth() throws IOException {
    Path file = dir.resolve("l.jsonl");
    try (TransparencyLedger ledger = ledger(file)) {
      append(ledger, 4, "e");
      LedgerCheckpoint c = ledger.checkpoint(KEY);
      assertTrue(TransparencyLedger.verifyCopy(file, PUBLIC, c).isOk());
      append(ledger, 2, "later");
      VerificationResult r = TransparencyLedger.verifyCopy(file, PUBLIC, c);
      assertTrue(r.isOk(), r.toString());
      assertEquals(6, r.validEntries());
    }
  }

  @Test
  void verifyCopy_truncatedBeforeTheCheckpoint_isHeadNotFound() throws IOException {
    Path file = dir.resolve("l.jsonl");
    LedgerCheckpoint c = signed(file, 4);
    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.subList(0, 3));
    assertHeadNotFoundAt(4, TransparencyLedger.verifyCopy(file, PUBLIC, c));
  }

  private static void assertHeadNotFoundAt(long line, VerificationResult r) {
    assertEquals(Problem.HEAD_NOT_FOUND, r.problem().orElseThrow(), r.toString());
    assertEquals(line, r.line(), r.toString());
  }

  @Test
  void verifyCopy_consistentRewrite_isCaughtByTheCheckpoint() throws IOException {
    Path file = dir.resolve("l.jsonl");
    LedgerCheckpoint c = signed(file, 3);
    // The attacker rewrites entry 1 and recomputes every hash after it: the chain is consistent.
    Path forged = dir.resolve("forged.jsonl");
    try (TransparencyLedger f = ledger(forged)) {
      append(f, 1, "e");
      f.append(LedgerEventType.OTHER, "e 1 (rewritten)", Map.of("i", "1"));
      append(f, 1, "e");
    }
    assertTrue(TransparencyLedger.verifyCopy(forged, TransparencyLedger.GENESIS_HASH).isOk());
    assertHeadNotFoundAt(3, TransparencyLedger.verifyCopy(forged, PUBLIC, c));
  }

  @Test
  void verifyCopy_badSignatureOrWrongKey_isBadCheckpoint() throws IOException {
    Path file = dir.resolve("l.jsonl");
    LedgerCheckpoint c = signed(file, 2);
    LedgerPublicKey other = LedgerSigningKey.generate().publicKey();
    VerificationResult r = TransparencyLedger.verifyCopy(file, other, c);
    assertEquals(Problem.BAD_CHECKPOINT, r.problem().orElseThrow());
    assertTrue(r.detail().contains("names key " + c.keyId()), r.detail());
    assertEquals(0, r.line());

    byte[] sig = Base64.getDecoder().decode(c.signature());
    sig[10] ^= 1;
    LedgerCheckpoint badSig =
        new LedgerCheckpoint(
            c.size(), c.head(), c.time(), c.keyId(), Base64.getEncoder().encodeToString(sig));
    r = TransparencyLedger.verifyCopy(file, PUBLIC, badSig);
    assertEquals(Problem.BAD_CHECKPOINT, r.problem().orElseThrow());
    assertTrue(r.detail().contains("signature does not verify"), r.detail());

    // A checkpoint whose size was lowered (to hide later entries) no longer verifies.
    LedgerCheckpoint resized =
        new LedgerCheckpoint(1, c.head(), c.time(), c.keyId(), c.signature());
    assertEquals(
        Problem.BAD_CHECKPOINT,
        TransparencyLedger.verifyCopy(file, PUBLIC, resized).problem().orElseThrow());
    LedgerCheckpoint retimed =
        new LedgerCheckpoint(c.size(), c.head(), c.time().plusSeconds(1), c.keyId(), c.signature());
    assertEquals(
        Problem.BAD_CHECKPOINT,
        TransparencyLedger.verifyCopy(file, PUBLIC, retimed).problem().orElseThrow());
  }

  @Test
  void verifyCopy_laterCheckpointExtendsTheEarlier_andAForkIsCaught() throws IOException {
    Path file = dir.resolve("l.jsonl");
    Path fork = dir.resolve("fork.jsonl");
    LedgerCheckpoint earlier;
    LedgerCheckpoint later;
    LedgerCheckpoint forked;
    try (TransparencyLedger ledger = ledger(file)) {
      append(ledger, 3, "e");
      earlier = ledger.checkpoint(KEY);
      Files.copy(file, fork);
      append(ledger, 2, "honest");
      later = ledger.checkpoint(KEY);
    }
    try (TransparencyLedger f = ledger(fork)) {
      append(f, 2, "forked");
      forked = f.checkpoint(KEY);
    }
    assertTrue(TransparencyLedger.verifyCopy(file, PUBLIC, earlier, later).isOk());
    assertTrue(TransparencyLedger.verifyCopy(file, PUBLIC, earlier, earlier).isOk());
    assertTrue(TransparencyLedger.verifyCopy(fork, PUBLIC, earlier, forked).isOk());
    // The operator signed two heads of size 5 that no single chain holds: a fork.
    assertHeadNotFoundAt(5, TransparencyLedger.verifyCopy(file, PUBLIC, earlier, forked));
    // Out of order: the "later" one is smaller.
    VerificationResult r = TransparencyLedger.verifyCopy(file, PUBLIC, later, earlier);
    assertEquals(Problem.BAD_CHECKPOINT, r.problem().orElseThrow());
    assertTrue(r.detail().contains("the log shrank"), r.detail());
  }

  @Test
  void verifyCopy_nullArguments_throw() {
    Path p = dir.resolve("x");
    LedgerCheckpoint c = TransparencyLedger.inMemory().checkpoint(KEY);
    assertThrows(
        IllegalArgumentException.class, () -> TransparencyLedger.verifyCopy(null, PUBLIC, c));
    assertThrows(IllegalArgumentException.class, () -> TransparencyLedger.verifyCopy(p, null, c));
    assertThrows(
        IllegalArgumentException.class,
        () -> TransparencyLedger.verifyCopy(p, PUBLIC, (LedgerCheckpoint) null));
    assertThrows(
        IllegalArgumentException.class, () -> TransparencyLedger.verifyCopy(p, PUBLIC, c, null));
  }

  // ---------------------------------------------------------------- checkpoint files

  @Test
  void writeCheckpoint_replacesOnlyACheckpointItExtends() throws IOException {
    Path file = dir.resolve("l.jsonl");
    Path cp = dir.resolve("l.checkpoint");
    try (TransparencyLedger ledger = ledger(file)) {
      append(ledger, 2, "e");
      LedgerCheckpoint first = ledger.writeCheckpoint(KEY, cp);
      assertEquals(first, LedgerCheckpoint.readFrom(cp));
      append(ledger, 1, "f");
      LedgerCheckpoint second = ledger.writeCheckpoint(KEY, cp);
      assertEquals(3, second.size());
      assertTrue(
          TransparencyLedger.verifyCopy(file, PUBLIC, first, LedgerCheckpoint.readFrom(cp)).isOk());
    }
    // Another ledger (a fork, or a mix-up of files) must not replace it.
    Path other = dir.resolve("other.jsonl");
    try (TransparencyLedger o = ledger(other)) {
      append(o, 4, "other");
      String before = Files.readString(cp);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> o.writeCheckpoint(KEY, cp));
      assertTrue(e.getMessage().contains("would publish a fork"), e.getMessage());
      assertEquals(before, Files.readString(cp), "old checkpoint kept");
    }
    Files.writeString(cp, "not a checkpoint");
    try (TransparencyLedger ledger = ledger(file)) {
      assertThrows(IllegalArgumentException.class, () -> ledger.writeCheckpoint(KEY, cp));
    }
  }

  // ---------------------------------------------------------------- keys

  @Test
  void signingKey_fileRoundTrip_isOwnerOnly_neverReplaced_andReadableAsPem() throws IOException {
    Path file = dir.resolve("signing.pem");
    KEY.writeTo(file);
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    String pem = Files.readString(file);
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
    assertTrue(pem.contains("-----BEGIN PUBLIC KEY-----\n"));
    LedgerSigningKey read = LedgerSigningKey.readFrom(file);
    assertEquals(PUBLIC, read.publicKey());
    LedgerCheckpoint c = TransparencyLedger.inMemory().checkpoint(read);
    assertTrue(c.isSignedBy(PUBLIC));
    assertThrows(FileAlreadyExistsException.class, () -> LedgerSigningKey.generate().writeTo(file));
    assertFalse(KEY.toString().contains("PRIVATE"));
    assertTrue(KEY.toString().contains(PUBLIC.fingerprint()));
  }

  @Test
  void signingKey_mismatchedHalvesOrGarbage_areRejected() throws IOException {
    Path a = dir.resolve("a.pem");
    Path b = dir.resolve("b.pem");
    KEY.writeTo(a);
    LedgerSigningKey.generate().writeTo(b);
    String privateA = Files.readString(a);
    privateA = privateA.substring(0, privateA.indexOf("-----BEGIN PUBLIC KEY-----"));
    String publicB = Files.readString(b);
    publicB = publicB.substring(publicB.indexOf("-----BEGIN PUBLIC KEY-----"));
    Path mixed = dir.resolve("mixed.pem");
    Files.writeString(mixed, privateA + publicB);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LedgerSigningKey.readFrom(mixed));
    assertTrue(e.getMessage().contains("do not belong together"), e.getMessage());
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(
        garbage, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n");
    e = assertThrows(IllegalArgumentException.class, () -> LedgerSigningKey.readFrom(garbage));
    assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
  }

  @Test
  void publicKey_pemRawAndFingerprint_agree() throws Exception {
    LedgerPublicKey fromRaw = LedgerPublicKey.fromRawBytes(PUBLIC.toRawBytes());
    assertEquals(PUBLIC, fromRaw);
    assertEquals(PUBLIC, LedgerPublicKey.fromPem(PUBLIC.toPem()));
    Path file = dir.resolve("public.pem");
    PUBLIC.writeTo(file);
    assertEquals(PUBLIC, LedgerPublicKey.readFrom(file));
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                PUBLIC
                    .toPem()
                    .replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", "")
                    .strip());
    assertEquals(
        HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(der)),
        PUBLIC.fingerprint());
    assertEquals(PUBLIC.fingerprint().substring(0, 8), PUBLIC.keyId());
    assertThrows(IllegalArgumentException.class, () -> LedgerPublicKey.fromRawBytes(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> LedgerPublicKey.fromPem("nothing"));
  }

  /** The field prime of Ed25519, 2^255 - 19. */
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  /** The 32-byte little-endian encoding of {@code y} with the sign bit of x set or not. */
  private static byte[] encode(BigInteger y, boolean negativeX) {
    byte[] le = new byte[32];
    byte[] be = y.toByteArray();
    for (int i = 0; i < be.length && i < 32; i++) {
      le[i] = be[be.length - 1 - i];
    }
    if (negativeX) {
      le[31] |= (byte) 0x80;
    }
    return le;
  }

  /**
   * Every encoding of a point of order 1, 2, 4 or 8 (and the non-canonical spellings y + p of y = 0
   * and y = 1): under such a key, the "signature" R = the identity, S = 0 verifies for every
   * message, since [S]B = R + [k]A holds whenever [k]A is the identity. Whoever publishes such a
   * key can disown any checkpoint ("anyone could have made it"), so no such key is accepted. The
   * y-coordinates are derived here, not copied: each solves the curve equation, and the two of
   * order 8 double to y = 0 (x² = −y²).
   */
  static Stream<byte[]> smallOrderKeys() {
    BigInteger d =
        BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    BigInteger y8a =
        new BigInteger(
            "2707385501144840649318225287225658788936804267575313519463743609750303402022");
    BigInteger y8b =
        new BigInteger(
            "55188659117513257062467267217118295137698188065244968500265048394206261417927");
    for (BigInteger y : List.of(y8a, y8b)) {
      // -x² + y² = 1 + d x² y²  =>  x² = (y² - 1) / (d y² + 1); order 8 <=> [2]P has y = 0.
      BigInteger y2 = y.multiply(y).mod(P);
      BigInteger x2 =
          y2.subtract(BigInteger.ONE)
              .multiply(d.multiply(y2).add(BigInteger.ONE).modInverse(P))
              .mod(P);
      assertEquals(P.subtract(y2).mod(P), x2, "order 8: x² = -y²");
      assertEquals(BigInteger.ONE, x2.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P));
    }
    List<byte[]> keys = new java.util.ArrayList<>();
    for (BigInteger y :
        List.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            P.subtract(BigInteger.ONE),
            y8a,
            y8b,
            P,
            P.add(BigInteger.ONE))) {
      keys.add(encode(y, false));
      keys.add(encode(y, true));
    }
    return keys.stream();
  }

  @ParameterizedTest
  @MethodSource("smallOrderKeys")
  void smallOrderPublicKey_isRefused_soNoOneCanForgeUnderIt(byte[] raw) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LedgerPublicKey.fromRawBytes(raw));
    assertTrue(e.getMessage().contains("small order"), e.getMessage());
    byte[] spki = java.util.Arrays.copyOf(HexFormat.of().parseHex("302a300506032b6570032100"), 44);
    System.arraycopy(raw, 0, spki, 12, 32);
    assertThrows(
        IllegalArgumentException.class,
        () -> LedgerPublicKey.fromPem(LedgerPublicKey.Pem.encode("PUBLIC KEY", spki)));
  }

  @Test
  void checkpointSignature_inNonCanonicalBase64_isRefused() {
    LedgerCheckpoint c = TransparencyLedger.inMemory().checkpoint(KEY);
    String sig = c.signature();
    // 64 bytes fill 85 characters and 1/3 of the 86th: its low 4 bits are spare.
    char last = sig.charAt(85);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char other = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String mangled = sig.substring(0, 85) + other + "==";
    assertArrayEquals(Base64.getDecoder().decode(sig), Base64.getDecoder().decode(mangled));
    String text = c.toText().replace(sig, mangled);
    assertThrows(IllegalArgumentException.class, () -> LedgerCheckpoint.parse(text));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LedgerCheckpoint(c.size(), c.head(), c.time(), c.keyId(), mangled));
  }

  /**
   * Key and checkpoint files are read from places an attacker may write to; whatever bytes they
   * hold, reading them fails only with the declared exceptions: IllegalArgumentException for
   * content that is not a key or checkpoint (never an IOException about a charset).
   */
  @Test
  void keyAndCheckpointFiles_withAnyBytes_failOnlyWithIllegalArgument() throws IOException {
    Path keyFile = dir.resolve("signing.pem");
    KEY.writeTo(keyFile);
    byte[] signing = Files.readAllBytes(keyFile);
    byte[] pub = PUBLIC.toPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] checkpoint =
        TransparencyLedger.inMemory()
            .checkpoint(KEY)
            .toText()
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path commitmentKeyFile = dir.resolve("commitment.key");
    LedgerCommitmentKey.generate().writeTo(commitmentKeyFile);
    byte[] commitment = Files.readAllBytes(commitmentKeyFile);
    java.util.Random random = new java.util.Random(20);
    Path f = dir.resolve("mutated");
    for (int round = 0; round < 400; round++) {
      for (byte[] original : List.of(signing, pub, checkpoint, commitment)) {
        byte[] b = original.clone();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        if (round % 7 == 0) {
          b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
        }
        Files.write(f, b);
        for (IoReader reader :
            List.<IoReader>of(
                LedgerSigningKey::readFrom,
                LedgerPublicKey::readFrom,
                LedgerCheckpoint::readFrom,
                LedgerCommitmentKey::readFrom)) {
          try {
            reader.read(f);
          } catch (IllegalArgumentException expected) {
            // The one declared failure for content.
          } catch (IOException | RuntimeException e) {
            throw new AssertionError(
                "round " + round + ": " + e + " for " + HexFormat.of().formatHex(b), e);
          }
        }
      }
    }
  }

  /** A reader of a key or checkpoint file. */
  private interface IoReader {
    Object read(Path file) throws IOException;
  }

  /**
   * RFC 8032 section 7.1, TEST 1 and TEST 2: the JDK's Ed25519 is the standard one, so checkpoints
   * verify with any RFC 8032 implementation (Tink, OpenSSL, WebCrypto).
   */
  @Test
  void ed25519_matchesRfc8032TestVectors() throws IOException {
    HexFormat hex = HexFormat.of();
    String[][] vectors = {
      {
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
      },
      {
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
      }
    };
    for (String[] v : vectors) {
      String pkcs8 = "302e020100300506032b657004220420" + v[0];
      String pem =
          LedgerPublicKey.Pem.encode("PRIVATE KEY", hex.parseHex(pkcs8))
              + LedgerPublicKey.fromRawBytes(hex.parseHex(v[1])).toPem();
      Path file = dir.resolve("rfc8032-" + v[1].substring(0, 8) + ".pem");
      Files.writeString(file, pem);
      LedgerSigningKey key = LedgerSigningKey.readFrom(file);
      byte[] message = hex.parseHex(v[2]);
      assertArrayEquals(hex.parseHex(v[3]), key.sign(message));
      assertTrue(key.publicKey().verify(message, hex.parseHex(v[3])));
    }
  }
}
