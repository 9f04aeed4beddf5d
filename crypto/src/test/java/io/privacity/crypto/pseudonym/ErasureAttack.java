package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.privacity.crypto.pseudonym.BucketKeys.Bucket;
import io.privacity.crypto.pseudonym.VaultContext.Subject;
import io.privacity.crypto.pseudonym.VaultRows.SubjectRow;
import io.privacity.crypto.pseudonym.VaultRows.TokenRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The attacker of the erasure tests (issue 15, break 2): holds a copy of every file the store wrote
 * and every key that still exists (both keysets, and the key file as it is after {@code forget}),
 * and tries to recover a forgotten subject. {@link Captured} is everything that existed about the
 * subject before the forget, as byte strings ({@link Needle}s) in every encoding a store may write
 * them in, and the rows and keys the key-level checks need: the test knows it, the attacker must
 * find none of it (on H2) or be unable to use what remains (PostgreSQL's dead tuples and WAL).
 */
final class ErasureAttack {
  static final String TARGET = "AT7734KQ";
  static final List<String> SPELLINGS = List.of("at-7734 kq", "AT 7734 KQ", TARGET);
  static final List<String> DOMAINS =
      List.of(VaultFixture.PARKING, VaultFixture.TRANSIT, VaultFixture.EXPORTS);

  /** Other plates in the vault beside the target, in each domain. */
  static final int OTHERS = 1_000;

  private ErasureAttack() {}

  /**
   * A byte string derived from the target, with the encodings under which a store may write it;
   * {@code stored} if the store holds it before the forget (the positive control looks for it
   * there), false for values that must never reach a file (the identity, its hashes, secrets).
   */
  record Needle(String what, boolean stored, List<byte[]> encodings) {
    String line() {
      StringBuilder b = new StringBuilder("NEEDLE ").append(stored ? 1 : 0).append(' ');
      b.append(what.replace(' ', '_')).append(' ');
      for (int i = 0; i < encodings.size(); i++) {
        b.append(i == 0 ? "" : ",").append(HexFormat.of().formatHex(encodings.get(i)));
      }
      return b.toString();
    }

    static Needle parse(String[] p) {
      List<byte[]> enc = new ArrayList<>();
      for (String h : p[3].split(",")) {
        enc.add(HexFormat.of().parseHex(h));
      }
      return new Needle(p[2], p[1].equals("1"), enc);
    }

    static Needle bytes(String what, boolean stored, byte[] b) {
      return new Needle(what, stored, List.of(b.clone()));
    }

    static Needle text(String what, boolean stored, String s) {
      return new Needle(
          what,
          stored,
          List.of(
              s.getBytes(StandardCharsets.UTF_8),
              s.getBytes(StandardCharsets.UTF_16BE),
              s.getBytes(StandardCharsets.UTF_16LE)));
    }

    /**
     * A 64-bit value: big-endian, little-endian (PostgreSQL's int8 on x86), and H2's
     * variable-length encoding of it (row keys) or of its negation (a negative BIGINT column
     * value).
     */
    static Needle number(String what, boolean stored, long v) {
      List<byte[]> enc = new ArrayList<>();
      enc.add(ByteBuffer.allocate(8).putLong(v).array());
      enc.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
      enc.add(varLong(v));
      if (v < 0 && v != Long.MIN_VALUE) {
        enc.add(varLong(-v));
      }
      // A value small enough to have a short encoding would match by chance (probability 2^-20
      // for a random 64-bit value): keep only encodings of 6 bytes or more.
      enc.removeIf(e -> e.length < 6);
      return new Needle(what, stored, enc);
    }

    private static byte[] varLong(long x) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while ((x & ~0x7fL) != 0) {
        out.write((byte) (x | 0x80));
        x >>>= 7;
      }
      out.write((byte) x);
      return out.toByteArray();
    }
  }

  /** What existed about the target before the forget. */
  record Captured(
      Map<String, String> tokens,
      List<SubjectRow> rows,
      List<byte[]> bucketSecrets,
      List<Needle> needles) {

    List<String> lines() {
      List<String> out = new ArrayList<>();
      HexFormat h = HexFormat.of();
      tokens.forEach((d, t) -> out.add("TOKEN " + d + " " + t));
      for (SubjectRow r : rows) {
        out.add("ROW " + r.sid() + " " + r.lookup() + " " + h.formatHex(r.wrapped()));
      }
      bucketSecrets.forEach(b -> out.add("SECRET " + h.formatHex(b)));
      needles.forEach(n -> out.add(n.line()));
      return out;
    }

    static Captured parse(List<String> lines) {
      HexFormat h = HexFormat.of();
      Map<String, String> tokens = new LinkedHashMap<>();
      List<SubjectRow> rows = new ArrayList<>();
      List<byte[]> secrets = new ArrayList<>();
      List<Needle> needles = new ArrayList<>();
      for (String line : lines) {
        String[] p = line.split(" ");
        switch (p[0]) {
          case "TOKEN" -> tokens.put(p[1], p[2]);
          case "ROW" ->
              rows.add(
                  new SubjectRow(Long.parseLong(p[1]), Long.parseLong(p[2]), h.parseHex(p[3])));
          case "SECRET" -> secrets.add(h.parseHex(p[1]));
          case "NEEDLE" -> needles.add(Needle.parse(p));
          default -> {}
        }
      }
      return new Captured(tokens, rows, secrets, needles);
    }
  }

  /**
   * Fills {@code vault} with {@value #OTHERS} other plates in three domains (3,000 subject rows:
   * the "10^3 subjects", at which a copy survived {@code close()} before) and the target in
   * each (two tokens in the fully randomised domain), and returns everything that exists about the
   * target.
   */
  static Captured populate(PseudonymVault vault) throws GeneralSecurityException {
    List<String> others = new ArrayList<>();
    for (int i = 0; i < OTHERS; i++) {
      others.add("OT" + (1000 + i) + "ZZ");
    }
    vault.tokenizeAll(VaultFixture.PARKING, others);
    vault.tokenizeAll(VaultFixture.TRANSIT, others);
    vault.tokenizeAll(VaultFixture.EXPORTS, others, "export-1");
    Map<String, String> tokens = new LinkedHashMap<>();
    List<String> all = new ArrayList<>();
    tokens.put(VaultFixture.PARKING, vault.tokenize(VaultFixture.PARKING, SPELLINGS.get(0)));
    tokens.put(VaultFixture.TRANSIT, vault.tokenize(VaultFixture.TRANSIT, SPELLINGS.get(1)));
    tokens.put(VaultFixture.EXPORTS, vault.tokenize(VaultFixture.EXPORTS, TARGET, "export-1"));
    all.addAll(tokens.values());
    all.add(vault.tokenize(VaultFixture.TRANSIT, TARGET));
    for (String o : others.subList(0, 50)) {
      vault.tokenize(VaultFixture.PARKING, o);
    }
    VaultContext ctx = vault.context();
    List<SubjectRow> rows = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>();
    List<Needle> needles = new ArrayList<>();
    for (String s : SPELLINGS) {
      needles.add(Needle.text("identity \"" + s + "\"", false, s));
    }
    byte[] sha =
        MessageDigest.getInstance("SHA-256").digest(TARGET.getBytes(StandardCharsets.UTF_8));
    needles.add(Needle.bytes("SHA-256 of the identity", false, sha));
    needles.add(
        Needle.bytes(
            "SHA-256 of the identity in hex",
            false,
            HexFormat.of().formatHex(sha).getBytes(StandardCharsets.US_ASCII)));
    for (String d : DOMAINS) {
      Subject s = ctx.findSubject(d, TARGET).orElseThrow();
      SubjectRow row = ctx.rows().subject(s.sid()).orElseThrow();
      rows.add(row);
      Bucket b = ctx.keys().bucket(s.bucket());
      secrets.add(b.secret().clone());
      needles.add(Needle.number(d + " subject id", true, row.sid()));
      needles.add(Needle.number(d + " lookup", true, row.lookup()));
      needles.add(Needle.bytes(d + " wrapped subject", true, row.wrapped()));
      needles.add(Needle.bytes(d + " subject secret", false, VaultContext.unwrap(b, row).secret()));
      for (byte[] inner : ctx.inners(d, TARGET)) {
        needles.add(Needle.bytes(d + " index value", false, inner));
      }
      needles.add(Needle.bytes(d + " old bucket secret", false, b.secret()));
      needles.add(Needle.bytes(d + " old bucket AEAD key", false, Arrays.copyOf(b.secret(), 32)));
      needles.add(
          Needle.bytes(d + " old key-file cell", true, ctx.keys().file().read(b.cell()).payload()));
    }
    for (String t : all) {
      TokenRow r = ctx.rows().token(t).orElseThrow();
      String d = r.domain();
      needles.add(Needle.text(d + " token", true, t));
      needles.add(Needle.number(d + " token key", true, JdbcVaultStore.tid(t)));
      needles.add(Needle.bytes(d + " token subject reference", true, r.subjectRef()));
      needles.add(Needle.bytes(d + " token tag", true, r.tag()));
      if (r.docLookup() != null) {
        needles.add(Needle.number(d + " token document lookup", true, r.docLookup()));
      }
    }
    return new Captured(tokens, rows, secrets, needles);
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

  /** Occurrences of the needle, in any of its encodings. */
  static int count(Map<Path, byte[]> files, Needle needle) {
    int n = 0;
    for (byte[] e : needle.encodings()) {
      n += count(files, e);
    }
    return n;
  }

  static void assertAbsent(Map<Path, byte[]> files, byte[] needle, String what) {
    int n = count(files, needle);
    assertEquals(0, n, what + " found " + n + " times in " + files.keySet());
  }

  /**
   * The positive control: before the forget, every value the store holds about the target is found
   * in its files in one of the encodings searched, so that finding none afterwards means something.
   */
  static void assertFilesHoldTheTarget(Map<Path, byte[]> before, Captured c) {
    assertFalse(before.isEmpty(), "no file to search");
    for (Needle n : c.needles()) {
      if (n.stored()) {
        assertTrue(count(before, n) > 0, n.what() + " not found before the forget: " + n.line());
      }
    }
  }

  /**
   * H2: no file holds any byte string derived from the target: its identity in any spelling and
   * encoding, its hashes, index values and secrets, its subject ids, lookups, wrapped rows, tokens
   * and token rows' values, the old bucket keys and the key-file cells that held them.
   */
  static void assertNoTrace(Map<Path, byte[]> files, Captured c) {
    assertFalse(files.isEmpty(), "no file to search");
    List<String> found = new ArrayList<>();
    for (Needle n : c.needles()) {
      int k = count(files, n);
      if (k > 0) {
        found.add(n.what() + " x" + k);
      }
    }
    assertEquals(List.of(), found, "traces of the forgotten subject in " + files.keySet());
  }

  /**
   * PostgreSQL: what must never reach a file is in none (identity, hashes, secrets, old bucket keys
   * and cells); the rest may remain in dead tuples and WAL, which {@link #assertUseless} must prove
   * useless.
   *
   * @return how many copies of values the store held about the target remain in the files
   */
  static int assertFilesHoldNothingUsable(Map<Path, byte[]> files, Captured c) {
    assertFalse(files.isEmpty(), "no file to search");
    int dead = 0;
    for (Needle n : c.needles()) {
      int k = count(files, n);
      if (!n.stored() || n.what().endsWith("key-file cell")) {
        assertEquals(0, k, n.what() + " found " + k + " times in " + files.keySet());
      } else {
        dead += k;
      }
    }
    return dead;
  }

  /**
   * The key-level checks, with every key that still exists ({@code attacker}: a vault over copies
   * of the files, with both keysets): none of the target's old wrapped rows opens under any bucket
   * key; no lookup of the target under any current key equals an old one or occurs in the files;
   * its tokens do not resolve and an authorized lookup finds nothing.
   */
  static void assertUseless(PseudonymVault attacker, Map<Path, byte[]> files, Captured c)
      throws Exception {
    VaultContext ctx = attacker.context();
    for (SubjectRow r : c.rows()) {
      for (int b = 0; b < BucketKeys.BUCKETS; b++) {
        Bucket k = ctx.keys().bucket(b);
        assertThrows(
            GeneralSecurityException.class,
            () -> VaultContext.unwrap(k, r),
            "an old wrapped subject opened under bucket " + b);
      }
    }
    for (String d : DOMAINS) {
      byte[][] inners = ctx.inners(d, TARGET);
      for (long lookup : ctx.candidateLookups(inners)) {
        for (SubjectRow r : c.rows()) {
          assertTrue(lookup != r.lookup(), "an old lookup is computable from surviving keys");
        }
        assertEquals(
            0,
            count(files, Needle.number("a current lookup", false, lookup)),
            "a current lookup of the target in the files");
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
