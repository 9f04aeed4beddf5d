package io.privacity.core.ledger;

import io.privacity.core.internal.AtomicFiles;
import io.privacity.core.internal.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed statement of a ledger's head: "at {@link #time()} the ledger held {@link #size()}
 * entries and the hash of the last one was {@link #head()}", signed with the operator's {@link
 * LedgerSigningKey} (Ed25519, RFC 8032). It plays the role of a signed tree head in Certificate
 * Transparency (RFC 9162): publish checkpoints, and anyone holding the public key can check a copy
 * of the ledger against them ({@link TransparencyLedger#verifyCopy(Path, LedgerPublicKey,
 * LedgerCheckpoint)}), and that a later checkpoint extends an earlier one.
 *
 * <p>The file form, ASCII, every line ending in {@code \n}:
 *
 * <pre>
 * privacity-ledger-checkpoint v1
 * size 9
 * head 4e80…(64 hex digits)
 * time 2026-11-27T03:00:00.123Z
 *
 * sig 1a2b3c4d BASE64-SIGNATURE
 * </pre>
 *
 * <p>The signature is Ed25519 over the bytes of the first four lines (including their newlines);
 * {@code 1a2b3c4d} is the signing key's {@link LedgerPublicKey#keyId()}. See {@code
 * docs/ledger-format.md} for checking one with OpenSSL.
 *
 * @param size the number of entries the ledger held (the head is entry {@code size - 1})
 * @param head the hash of the last entry, or 64 zeros when {@code size} is 0
 * @param time when it was signed
 * @param keyId the signing key's {@link LedgerPublicKey#keyId()}
 * @param signature the Ed25519 signature in standard Base64 (64 bytes)
 */
public record LedgerCheckpoint(
    long size, String head, Instant time, String keyId, String signature) {
  private static final String MAGIC = "privacity-ledger-checkpoint v1";
  private static final Pattern FORM =
      Pattern.compile(
          "privacity-ledger-checkpoint v1\n"
              + "size (0|[1-9][0-9]{0,18})\n"
              + "head ([0-9a-f]{64})\n"
              + "time ([0-9TZ:.+-]{1,40})\n"
              + "\n"
              + "sig ([0-9a-f]{8}) ([A-Za-z0-9+/]{86}==)\n");

  /**
   * Validates the components.
   *
   * @param size &gt;= 0
   * @param head 64 lowercase hex digits; 64 zeros if {@code size} is 0
   * @param time not null
   * @param keyId 8 lowercase hex digits
   * @param signature 64 bytes in standard Base64
   * @throws IllegalArgumentException if a component is out of range
   */
  public LedgerCheckpoint {
    Checks.inRange("size", size, 0, Long.MAX_VALUE);
    Checks.notNull("head", head);
    if (!head.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "head must be 64 lowercase hex digits, got \"" + head + "\"");
    }
    if (size == 0 && !head.equals(LedgerCodec.GENESIS)) {
      throw new IllegalArgumentException("head of an empty ledger must be 64 zeros, got " + head);
    }
    Checks.notNull("time", time);
    Checks.notNull("keyId", keyId);
    if (!keyId.matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException(
          "keyId must be 8 lowercase hex digits, got \"" + keyId + "\"");
    }
    Checks.notNull("signature", signature);
    // Only the canonical spelling: a decoder ignores the last character's 4 spare bits, and a
    // checkpoint must have one text.
    if (!signature.matches("[A-Za-z0-9+/]{86}==")
        || !Base64.getEncoder()
            .encodeToString(Base64.getDecoder().decode(signature))
            .equals(signature)) {
      throw new IllegalArgumentException(
          "signature must be 64 bytes in canonical standard Base64 (88 characters), got \""
              + signature
              + "\"");
    }
  }

  static LedgerCheckpoint sign(LedgerSigningKey key, long size, String head, Instant time) {
    byte[] body = body(size, head, time);
    String sig = Base64.getEncoder().encodeToString(key.sign(body));
    return new LedgerCheckpoint(size, head, time, key.publicKey().keyId(), sig);
  }

  private static byte[] body(long size, String head, Instant time) {
    return (MAGIC + "\nsize " + size + "\nhead " + head + "\ntime " + time + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The signed bytes: the first four lines of {@link #toText()}.
   *
   * @return a new array
   */
  public byte[] signedBytes() {
    return body(size, head, time);
  }

  /**
   * Whether the signature verifies under {@code key} and names it.
   *
   * @param key the operator's public key
   * @return true if {@code key} signed exactly this size, head and time
   * @throws IllegalArgumentException if {@code key} is null
   */
  public boolean isSignedBy(LedgerPublicKey key) {
    Checks.notNull("key", key);
    return keyId.equals(key.keyId())
        && key.verify(signedBytes(), Base64.getDecoder().decode(signature));
  }

  /**
   * The checkpoint's file form (see the class comment).
   *
   * @return the text
   */
  public String toText() {
    return new String(signedBytes(), StandardCharsets.US_ASCII)
        + "\nsig "
        + keyId
        + " "
        + signature
        + "\n";
  }

  /**
   * Parses the file form, strictly: exactly the lines {@link #toText()} writes. Does not check the
   * signature: see {@link #isSignedBy(LedgerPublicKey)}.
   *
   * @param text the checkpoint text
   * @return the checkpoint
   * @throws IllegalArgumentException if {@code text} is null or not a checkpoint in this form
   */
  public static LedgerCheckpoint parse(String text) {
    Checks.notNull("text", text);
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "text must be a ledger checkpoint: the lines \""
              + MAGIC
              + "\", \"size N\", \"head HEX64\", \"time ISO-8601\", an empty line and \"sig KEYID"
              + " BASE64\", each ending in \\n");
    }
    Instant time;
    try {
      time = Instant.parse(m.group(3));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "checkpoint time must be an ISO-8601 instant, got \"" + m.group(3) + "\"", e);
    }
    long size;
    try {
      size = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "checkpoint size must be at most " + Long.MAX_VALUE + ", got " + m.group(1), e);
    }
    LedgerCheckpoint c = new LedgerCheckpoint(size, m.group(2), time, m.group(4), m.group(5));
    if (!c.toText().equals(text)) {
      throw new IllegalArgumentException(
          "checkpoint is not in canonical form (time must be written as Instant.toString does)");
    }
    return c;
  }

  /**
   * Reads a checkpoint file.
   *
   * @param file the file
   * @return the checkpoint
   * @throws IllegalArgumentException if {@code file} is null or does not hold a checkpoint
   * @throws IOException if it cannot be read
   */
  public static LedgerCheckpoint readFrom(Path file) throws IOException {
    Checks.notNull("file", file);
    try {
      return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@link #toText()} to a file, atomically, replacing it if present.
   *
   * @param file the file
   * @throws IllegalArgumentException if {@code file} is null
   * @throws IOException if writing fails
   */
  public void writeTo(Path file) throws IOException {
    Checks.notNull("file", file);
    AtomicFiles.writeReplacing(file, toText().getBytes(StandardCharsets.US_ASCII));
  }
}
