package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.privacity.crypto.pseudonym.BucketKeys.Bucket;
import io.privacity.crypto.pseudonym.VaultContext.Subject;
import io.privacity.crypto.pseudonym.VaultRows.SubjectRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The attacker of the erasure tests (issue 15, break 2): holds a copy of every file the store wrote
 * and every key that still exists (both keysets, and the key file as it is after {@code forget}),
 * and tries to recover a forgotten subject. {@link Captured} is what existed about the subject
 * before the forget (its subject rows, the bucket keys and key-file cells that wrapped them, its
 * lookups and tokens): the test knows it, the attacker must not be able to recreate or use it.
 */
final class ErasureAttack {
  static final String TARGET = "AT7734KQ";
  static final List<String> DOMAINS =
      List.of(VaultFixture.PARKING, VaultFixture.TRANSIT, VaultFixture.EXPORTS);

  private ErasureAttack() {}

  /** What existed about the target before the forget. */
  record Captured(
      Map<String, String> tokens,
      List<SubjectRow> rows,
      List<byte[]> bucketSecrets,
      List<byte[]> keyFileCells) {

    List<String> lines() {
      List<String> out = new ArrayList<>();
      HexFormat h = HexFormat.of();
      tokens.forEach((d, t) -> out.add("TOKEN " + d + " " + t));
      for (SubjectRow r : rows) {
        out.add(
            "ROW "
                + r.sid()
                + " "
                + r.bucket()
                + " "
                + r.lookup()
                + " "
                + h.formatHex(r.wrapped()));
      }
      bucketSecrets.forEach(b -> out.add("SECRET " + h.formatHex(b)));
      keyFileCells.forEach(b -> out.add("CELL " + h.formatHex(b)));
      return out;
    }

    static Captured parse(List<String> lines) {
      HexFormat h = HexFormat.of();
      Map<String, String> tokens = new LinkedHashMap<>();
      List<SubjectRow> rows = new ArrayList<>();
      List<byte[]> secrets = new ArrayList<>();
      List<byte[]> cells = new ArrayList<>();
      for (String line : lines) {
        String[] p = line.split(" ");
        switch (p[0]) {
          case "TOKEN" -> tokens.put(p[1], p[2]);
          case "ROW" ->
              rows.add(
                  new SubjectRow(
                      Long.parseLong(p[1]),
                      Integer.parseInt(p[2]),
                      Long.parseLong(p[3]),
                      h.parseHex(p[4])));
          case "SECRET" -> secrets.add(h.parseHex(p[1]));
          case "CELL" -> cells.add(h.parseHex(p[1]));
          default -> {}
        }
      }
      return new Captured(tokens, rows, secrets, cells);
    }
  }

  /**
   * Fills {@code vault} with 300 other plates in three domains and the target in each, and returns
   * what exists about the target.
   */
  static Captured populate(PseudonymVault vault) {
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      others.add("OT" + (1000 + i) + "ZZ");
    }
    vault.tokenizeAll(VaultFixture.PARKING, others);
    vault.tokenizeAll(VaultFixture.TRANSIT, others);
    vault.tokenizeAll(VaultFixture.EXPORTS, others, "export-1");
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put(VaultFixture.PARKING, vault.tokenize(VaultFixture.PARKING, "at-7734 kq"));
    tokens.put(VaultFixture.TRANSIT, vault.tokenize(VaultFixture.TRANSIT, "AT 7734 KQ"));
    tokens.put(VaultFixture.EXPORTS, vault.tokenize(VaultFixture.EXPORTS, TARGET, "export-1"));
    for (String o : others.subList(0, 50)) {
      vault.tokenize(VaultFixture.PARKING, o);
    }
    VaultContext ctx = vault.context();
    List<SubjectRow> rows = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>();
    List<byte[]> cells = new ArrayList<>();
    for (String d : DOMAINS) {
      Subject s = ctx.findSubject(d, TARGET).orElseThrow();
      rows.add(ctx.rows().subject(s.sid()).orElseThrow());
      Bucket b = ctx.keys().bucket(s.bucket());
      secrets.add(b.secret().clone());
      cells.add(ctx.keys().file().read(b.cell()).payload());
    }
    return new Captured(tokens, rows, secrets, cells);
  }

  /** Every regular file under {@code dir}, read whole. */
  static Map<Path, byte[]> files(Path dir) {
    Map<Path, byte[]> out = new LinkedHashMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        out.put(p, Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Copies every file of {@code from} (flat) into a new directory. */
  static Path snapshot(Path from, Path to) {
    try {
      Files.createDirectories(to);
      try (Stream<Path> all = Files.list(from)) {
        for (Path p : all.filter(Files::isRegularFile).toList()) {
          Files.copy(p, to.resolve(p.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  static int count(Map<Path, byte[]> files, byte[] needle) {
    // Latin-1 maps each byte to one char, so String.indexOf (vectorized) searches bytes.
    String n = new String(needle, StandardCharsets.ISO_8859_1);
    int count = 0;
    for (byte[] hay : files.values()) {
      String h = new String(hay, StandardCharsets.ISO_8859_1);
      for (int at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + 1)) {
        count++;
      }
    }
    return count;
  }

  static void assertAbsent(Map<Path, byte[]> files, byte[] needle, String what) {
    int n = count(files, needle);
    assertEquals(0, n, what + " found " + n + " times in " + files.keySet());
  }

  /**
   * The file-level checks: the identity in clear and its unkeyed hashes appear nowhere, and neither
   * do the old bucket secrets nor the key-file cells that held them (overwritten in place).
   *
   * @return how many copies of the target's old wrapped subject rows remain (dead copies), which
   *     {@link #assertUseless} must prove useless
   */
  static int assertFilesHoldNothing(Map<Path, byte[]> files, Captured c) throws Exception {
    assertFalse(files.isEmpty(), "no file to search");
    assertAbsent(files, TARGET.getBytes(StandardCharsets.UTF_8), "the identity in clear (UTF-8)");
    assertAbsent(files, TARGET.getBytes(StandardCharsets.UTF_16BE), "the identity (UTF-16)");
    byte[] sha =
        MessageDigest.getInstance("SHA-256").digest(TARGET.getBytes(StandardCharsets.UTF_8));
    assertAbsent(files, sha, "the identity's SHA-256");
    assertAbsent(
        files,
        HexFormat.of().formatHex(sha).getBytes(StandardCharsets.US_ASCII),
        "the identity's SHA-256 in hex");
    for (byte[] s : c.bucketSecrets()) {
      assertAbsent(files, s, "an old bucket secret");
      assertAbsent(files, java.util.Arrays.copyOf(s, 32), "an old bucket AEAD key");
    }
    for (byte[] cell : c.keyFileCells()) {
      assertAbsent(files, cell, "an old key-file cell (wrapped bucket secret)");
    }
    int dead = 0;
    for (SubjectRow r : c.rows()) {
      dead += count(files, r.wrapped());
    }
    return dead;
  }

  /**
   * The key-level checks, with every key that still exists ({@code attacker}: a vault over copies
   * of the files, with both keysets): none of the target's old wrapped rows opens under any bucket
   * key (whatever bucket and id it is tried with); no lookup of the target under any current key
   * equals an old one or occurs in the files; its tokens do not resolve and an authorized lookup
   * finds nothing.
   */
  static void assertUseless(PseudonymVault attacker, Map<Path, byte[]> files, Captured c)
      throws Exception {
    VaultContext ctx = attacker.context();
    for (SubjectRow r : c.rows()) {
      for (int b = 0; b < BucketKeys.BUCKETS; b++) {
        Bucket k = ctx.keys().bucket(b);
        for (int claimed : new int[] {b, r.bucket()}) {
          SubjectRow attempt = new SubjectRow(r.sid(), claimed, r.lookup(), r.wrapped());
          assertThrows(
              GeneralSecurityException.class,
              () -> VaultContext.unwrap(k, attempt),
              "an old wrapped subject opened under bucket " + b);
        }
      }
    }
    for (String d : DOMAINS) {
      byte[][] inners = ctx.inners(d, TARGET);
      for (long lookup : ctx.candidateLookups(inners)) {
        for (SubjectRow r : c.rows()) {
          assertTrue(lookup != r.lookup(), "an old lookup is computable from surviving keys");
        }
        assertAbsent(files, ByteBuffer.allocate(8).putLong(lookup).array(), "a current lookup");
      }
      assertTrue(ctx.findSubject(d, TARGET).isEmpty(), "the subject is still found in " + d);
    }
    VaultFixture police = new VaultFixture(null);
    for (Map.Entry<String, String> t : c.tokens().entrySet()) {
      if (t.getKey().equals(VaultFixture.EXPORTS)) {
        continue; // the police may not re-identify exports; the key checks above cover them
      }
      ReidentificationException e =
          assertThrows(
              ReidentificationException.class,
              () -> attacker.reidentify(t.getKey(), t.getValue(), police.police()));
      assertTrue(
          e.reason() == ReidentificationException.Reason.SUBJECT_FORGOTTEN
              || e.reason() == ReidentificationException.Reason.UNKNOWN_TOKEN,
          e.reason().name());
    }
    assertEquals(Optional.empty(), attacker.find(VaultFixture.PARKING, TARGET, police.police()));
  }

  static void failIfUnreadable(Path p) {
    if (!Files.isReadable(p)) {
      fail("cannot read " + p);
    }
  }
}
