package io.privacity.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.ledger.VerificationResult.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format v2: private details as keyed commitments, and v1 files that still verify. */
class LedgerPrivateDetailsTest {
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-11-27T03:00:00.123456Z"), ZoneOffset.UTC);
  private static final String PLATE = "B-XY 1234";
  private static final String TOKEN = "KGJ5M2ZQ4T8W0RNE";
  private static final String WHY = "warrant 2026-117 against Erika Mustermann";

  /** The head of the committed v1 resource, as printed by the (v1) code that wrote it. */
  private static final String V1_HEAD =
      "228f0ea9735e0b8138e7e7e9ec680e87ce0784e6da73cf25b838a46a638ce10f";

  @TempDir Path dir;

  private static LedgerEntry reidentification(TransparencyLedger ledger) {
    return ledger.append(
        LedgerEventType.REIDENTIFICATION,
        "re-identification of a plates token: GRANTED",
        Map.of("purpose", "law-enforcement", "outcome", "GRANTED"),
        Map.of("token", TOKEN, "justification", WHY, "subjectRef", PLATE));
  }

  // ---------------------------------------------------------------- commitments

  @Test
  void privateDetails_areStoredOnlyAsCommitments_andTheKeyOpensThem() throws IOException {
    LedgerCommitmentKey key = LedgerCommitmentKey.generate();
    Path file = dir.resolve("ledger.jsonl");
    LedgerEntry e;
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file, key)) {
      e = reidentification(ledger);
    }
    String stored = Files.readString(file);
    for (String secret : List.of(TOKEN, WHY, PLATE, "Mustermann", "1234")) {
      assertFalse(stored.contains(secret), "published bytes contain " + secret);
    }
    assertEquals(Set.of("justification", "subjectRef", "token"), e.commitments().keySet());
    assertEquals(Set.of("outcome", "purpose"), e.details().keySet());
    assertTrue(key.opens(e, "token", TOKEN));
    assertTrue(key.opens(e, "justification", WHY));
    assertTrue(key.opens(e, "subjectRef", PLATE));
    // Binding: another value, another name or another key does not open it.
    assertFalse(key.opens(e, "token", TOKEN + "X"));
    assertFalse(key.opens(e, "token", TOKEN.toLowerCase()));
    assertFalse(key.opens(e.commitments().get("token"), 0, e.previousHash(), "subjectRef", TOKEN));
    assertFalse(key.opens(e, "absent", TOKEN));
    assertFalse(LedgerCommitmentKey.generate().opens(e, "token", TOKEN));
    try (TransparencyLedger reopened = TransparencyLedger.openFile(file, key)) {
      assertTrue(reopened.verify().isOk());
      assertTrue(key.opens(reopened.entries().get(0), "token", TOKEN), "survives the file");
    }
  }

  @Test
  void sameValueTwice_givesUnrelatedCommitments_soThePublicCannotLinkThem() {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String c = reidentification(ledger).commitments().get("token");
      String[] parts = c.split(":");
      assertTrue(seen.add(parts[2]), "nonce repeated");
      assertTrue(seen.add(parts[3]), "tag repeated for the same value");
    }
  }

  @Test
  void commitment_knownAnswer_matchesTheDocumentedBytes() throws Exception {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) i;
    }
    Path keyFile = dir.resolve("commitment.key");
    Files.writeString(
        keyFile,
        "privacity-ledger-commitment-key v1\n" + Base64.getEncoder().encodeToString(k) + "\n");
    LedgerCommitmentKey key = LedgerCommitmentKey.readFrom(keyFile);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(k, "HmacSHA256"));
    byte[] id = mac.doFinal("privacity-ledger-commitment-key-id".getBytes(StandardCharsets.UTF_8));
    assertEquals(java.util.HexFormat.of().formatHex(id, 0, 4), key.keyId());

    byte[] nonce = new byte[16];
    long seq = 7;
    String prev = "ab".repeat(32);
    byte[] name = "token".getBytes(StandardCharsets.UTF_8);
    byte[] value = TOKEN.getBytes(StandardCharsets.UTF_8);
    byte[] domain = "privacity-ledger-commitment-v2\n".getBytes(StandardCharsets.UTF_8);
    ByteBuffer in =
        ByteBuffer.allocate(domain.length + 8 + 32 + 4 + name.length + 16 + value.length);
    in.put(domain)
        .putLong(seq)
        .put(java.util.HexFormat.of().parseHex(prev))
        .putInt(name.length)
        .put(name)
        .put(nonce)
        .put(value);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String expected =
        "hmac-sha256:"
            + key.keyId()
            + ":"
            + b64.encodeToString(nonce)
            + ":"
            + b64.encodeToString(mac.doFinal(in.array()));
    assertTrue(key.opens(expected, seq, prev, "token", TOKEN), expected);
    LedgerEntry entry =
        new LedgerEntry(
            2,
            seq,
            Instant.EPOCH,
            LedgerEventType.OTHER,
            "s",
            Map.of(),
            Map.of("token", expected),
            prev,
            "0".repeat(64));
    assertTrue(key.opens(entry, "token", TOKEN));
    assertFalse(key.opens(expected, seq + 1, prev, "token", TOKEN), "bound to the sequence");
    assertFalse(key.opens(expected, seq, "ab".repeat(31) + "ac", "token", TOKEN), "and to prev");
    // Non-canonical Base64 (spare bits set in the last character) does not open.
    String last = expected.substring(expected.length() - 1);
    String other = last.equals("A") ? "B" : "A";
    String mangled = expected.substring(0, expected.length() - 1) + other;
    assertFalse(key.opens(mangled, seq, prev, "token", TOKEN));
  }

  /**
   * Whoever can append a line to the file (no key needed: the chain hash is not keyed) copies a
   * commitment to a token from one entry into a forged entry, e.g. to make an auditor believe that
   * someone else re-identified that token. The copy must not open in its new place.
   */
  @Test
  void commitmentCopiedIntoAnotherEntry_doesNotOpenThere() throws IOException {
    LedgerCommitmentKey key = LedgerCommitmentKey.generate();
    Path file = dir.resolve("ledger.jsonl");
    List<LedgerEntry> stored;
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file, key)) {
      reidentification(ledger);
      ledger.append(LedgerEventType.OTHER, "between", Map.of());
      stored = ledger.entries();
    }
    LedgerEntry original = stored.get(0);
    LedgerEntry last = stored.get(stored.size() - 1);
    Map<String, String> copied = Map.of("token", original.commitments().get("token"));
    Map<String, String> details = Map.of("purpose", "law-enforcement", "principal", "officer-99");
    Instant time = last.time().plusSeconds(1);
    String summary = "re-identification of a plates token: GRANTED";
    LedgerEventType type = LedgerEventType.REIDENTIFICATION;
    String hash =
        LedgerCodec.hash(2, stored.size(), time, type, summary, details, copied, last.hash());
    LedgerEntry forged =
        new LedgerEntry(2, stored.size(), time, type, summary, details, copied, last.hash(), hash);
    Files.writeString(file, forged.toJson() + "\n", StandardOpenOption.APPEND);
    assertTrue(TransparencyLedger.verifyCopy(file, TransparencyLedger.GENESIS_HASH).isOk());
    assertTrue(key.opens(original, "token", TOKEN));
    assertFalse(key.opens(forged, "token", TOKEN), "a copied commitment opens in a forged entry");
    // Nor in the same entry under another name.
    LedgerEntry renamed =
        new LedgerEntry(
            2,
            original.sequence(),
            original.time(),
            original.type(),
            original.summary(),
            original.details(),
            Map.of("subjectRef", original.commitments().get("token")),
            original.previousHash(),
            original.hash());
    assertFalse(key.opens(renamed, "subjectRef", TOKEN));
  }

  @Test
  void ledgerWithoutAKey_stillHidesPrivateDetails() {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    LedgerEntry e = reidentification(ledger);
    assertFalse(e.toJson().contains(TOKEN));
    assertEquals(3, e.commitments().size());
    assertTrue(ledger.verify().isOk());
  }

  @Test
  void commitmentEditedInTheFile_breaksTheChain() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.OTHER, "before", Map.of());
      reidentification(ledger);
    }
    List<String> lines = Files.readAllLines(file);
    String line = lines.get(1);
    int at = line.indexOf("hmac-sha256:") + "hmac-sha256:12345678:".length() + 3;
    char c = line.charAt(at);
    lines.set(1, line.substring(0, at) + (c == 'A' ? 'B' : 'A') + line.substring(at + 1));
    Files.write(file, lines);
    VerificationResult r = TransparencyLedger.verifyCopy(file, TransparencyLedger.GENESIS_HASH);
    assertEquals(Problem.MODIFIED, r.problem().orElseThrow(), r.toString());
    assertEquals(2, r.line());
  }

  @Test
  void badPrivateDetails_throw_withoutShowingTheValue() {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("token", null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ledger.append(LedgerEventType.OTHER, "x", Map.of(), nullValue));
    assertEquals("privateDetails value for key \"token\" must not be null", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ledger.append(LedgerEventType.OTHER, "x", Map.of(), null));
    assertEquals("privateDetails must not be null", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ledger.append(
                    LedgerEventType.OTHER,
                    "x",
                    Map.of("token", "public"),
                    Map.of("token", "secret-" + TOKEN)));
    assertEquals("\"token\" must not be both a public and a private detail", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ledger.append(
                    LedgerEventType.OTHER, "x", Map.of(), Map.of("token", TOKEN + "\uD800")));
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    assertEquals(0, ledger.size(), "nothing recorded");
  }

  @Test
  void ledgerEntry_rejectsMalformedCommitments_andCommitmentsInVersion1() {
    Instant t = Instant.EPOCH;
    String h = "0".repeat(64);
    LedgerEventType o = LedgerEventType.OTHER;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LedgerEntry(2, 0, t, o, "s", Map.of(), Map.of("token", TOKEN), h, h));
    assertTrue(
        e.getMessage().startsWith("commitment \"token\" must have the form"), e.getMessage());
    String c = LedgerCommitmentKey.generate().commit(0, h, "token", TOKEN);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LedgerEntry(1, 0, t, o, "s", Map.of(), Map.of("token", c), h, h));
    assertTrue(e.getMessage().startsWith("commitments must be empty in a version 1"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LedgerEntry(3, 0, t, o, "s", Map.of(), Map.of(), h, h));
    assertEquals("version must be 1 or 2, got 3", e.getMessage());
  }

  // ---------------------------------------------------------------- key files

  @Test
  void commitmentKey_fileRoundTrip_isOwnerOnly_andNeverReplaced() throws IOException {
    LedgerCommitmentKey key = LedgerCommitmentKey.generate();
    Path file = dir.resolve("commitment.key");
    key.writeTo(file);
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    LedgerCommitmentKey read = LedgerCommitmentKey.readFrom(file);
    assertEquals(key.keyId(), read.keyId());
    LedgerEntry e = reidentification(TransparencyLedger.open(LedgerSink.inMemory(), FIXED, key));
    assertTrue(read.opens(e, "token", TOKEN));
    byte[] before = Files.readAllBytes(file);
    assertThrows(
        FileAlreadyExistsException.class, () -> LedgerCommitmentKey.generate().writeTo(file));
    assertEquals(new String(before), new String(Files.readAllBytes(file)), "key kept");
    assertEquals("LedgerCommitmentKey[" + key.keyId() + "]", key.toString());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void commitmentKey_malformedFile_throwsWithoutShowingIt() throws IOException {
    Path file = dir.resolve("bad.key");
    for (String content :
        List.of(
            "",
            "privacity-ledger-commitment-key v1\n",
            "privacity-ledger-commitment-key v1\nc2VjcmV0LXNob3J0\n",
            "privacity-ledger-commitment-key v2\n" + "A".repeat(44) + "\n",
            "privacity-ledger-commitment-key v1\n!!notbase64!!\n")) {
      Files.writeString(file, content);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> LedgerCommitmentKey.readFrom(file));
      assertTrue(e.getMessage().contains("must hold a ledger commitment key"), e.getMessage());
      assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- version 1 files

  private Path v1Copy() throws IOException {
    Path file = dir.resolve("v1.jsonl");
    try (InputStream in = getClass().getResourceAsStream("ledger-v1.jsonl")) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void v1File_writtenByTheOldCode_stillVerifies() throws IOException {
    Path file = v1Copy();
    VerificationResult r = TransparencyLedger.verifyCopy(file, V1_HEAD);
    assertTrue(r.isOk(), r.toString());
    assertEquals(6, r.validEntries());
    assertEquals(V1_HEAD, r.validHead());
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      assertTrue(ledger.verify(V1_HEAD).isOk());
      for (LedgerEntry e : ledger.entries()) {
        assertEquals(1, e.version());
        assertTrue(e.commitments().isEmpty());
        assertTrue(e.hashIsValid());
      }
      assertEquals(
          "Straße — erasure é \"quoted\" \\ backslash 🚲", ledger.entries().get(4).summary());
    }
  }

  @Test
  void v1File_anyByteFlipped_isDetected() throws IOException {
    Path file = v1Copy();
    byte[] original = Files.readAllBytes(file);
    // Every 7th byte keeps the test quick; the property tests cover v2 files byte by byte.
    for (int i = 0; i < original.length; i += 7) {
      byte[] copy = original.clone();
      copy[i] ^= 0x01;
      Files.write(file, copy);
      assertFalse(TransparencyLedger.verifyCopy(file, V1_HEAD).isOk(), "byte " + i);
    }
  }

  @Test
  void v1File_appendedToByNewCode_continuesInVersion2() throws IOException {
    Path file = v1Copy();
    LedgerCommitmentKey key = LedgerCommitmentKey.generate();
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file, key)) {
      LedgerEntry e = reidentification(ledger);
      assertEquals(2, e.version());
      assertEquals(6, e.sequence());
      assertEquals(V1_HEAD, e.previousHash());
    }
    List<String> lines = Files.readAllLines(file);
    assertTrue(lines.get(5).startsWith("{\"seq\":5,"));
    assertTrue(lines.get(6).startsWith("{\"v\":2,\"seq\":6,"));
    assertTrue(TransparencyLedger.verifyCopy(file, V1_HEAD).isOk());
  }

  @Test
  void v1LineAfterAV2Line_isRejected() throws IOException {
    Path file = dir.resolve("mixed.jsonl");
    LedgerEntry v2;
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      v2 = ledger.append(LedgerEventType.OTHER, "new", Map.of());
    }
    Instant t = Instant.parse("2026-11-28T00:00:00Z");
    String h =
        LedgerCodec.hash(1, 1, t, LedgerEventType.OTHER, "old", Map.of(), Map.of(), v2.hash());
    LedgerEntry v1 = new LedgerEntry(1, t, LedgerEventType.OTHER, "old", Map.of(), v2.hash(), h);
    assertTrue(v1.hashIsValid());
    Files.writeString(file, v1.toJson() + "\n", StandardOpenOption.APPEND);
    VerificationResult r = TransparencyLedger.verifyCopy(file, TransparencyLedger.GENESIS_HASH);
    assertEquals(Problem.MODIFIED, r.problem().orElseThrow());
    assertEquals(2, r.line());
    assertTrue(r.detail().contains("version 1 line after a version 2"), r.detail());
  }

  @Test
  void unknownVersion_isRejected() throws IOException {
    Path file = dir.resolve("v3.jsonl");
    try (TransparencyLedger ledger = TransparencyLedger.openFile(file)) {
      ledger.append(LedgerEventType.OTHER, "x", Map.of());
    }
    Files.writeString(file, Files.readString(file).replace("{\"v\":2,", "{\"v\":3,"));
    VerificationResult r = TransparencyLedger.verifyCopy(file, TransparencyLedger.GENESIS_HASH);
    assertNotEquals(true, r.isOk());
    assertTrue(r.detail().contains("unknown format version 3"), r.detail());
  }
}
