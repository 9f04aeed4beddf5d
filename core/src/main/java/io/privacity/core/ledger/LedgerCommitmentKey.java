package io.privacity.core.ledger;

import io.privacity.core.internal.AtomicFiles;
import io.privacity.core.internal.Checks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret key under which a {@link TransparencyLedger} commits to private details, so that the
 * ledger can be published whole while tokens, subject references and free-text justifications stay
 * private.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>A private detail {@code name → value} is stored in the entry as the commitment {@code
 * hmac-sha256:KEYID:NONCE:TAG} where {@code NONCE} is 16 fresh random bytes and {@code TAG =
 * HMAC-SHA256(key, "privacity-ledger-commitment-v2\n" ‖ seq ‖ prev ‖ len(name) ‖ name ‖ NONCE ‖
 * value)}, with {@code seq} and {@code prev} the entry's sequence number and previous hash (see
 * {@code docs/ledger-format.md} for the exact bytes). HMAC-SHA256 is a PRF (Bellare, "New Proofs
 * for NMAC and HMAC", CRYPTO 2006), so:
 *
 * <ul>
 *   <li><b>Hiding, against everyone without the key</b>: a commitment is indistinguishable from
 *       random bytes, even for a value from a tiny set (a licence plate, a yes/no): the public
 *       learns that a detail of that name was recorded, nothing about its value. Because the nonce
 *       is fresh, two commitments to the same value look unrelated: the published ledger does not
 *       link two re-identifications of the same token.
 *   <li><b>Binding</b>: opening a commitment to two different values needs an HMAC-SHA256
 *       collision. The chain hash covers the commitment, so it cannot be swapped afterwards; and
 *       the tag covers the name and the entry's place in the chain (sequence number and previous
 *       hash), so a commitment copied into another entry, or under another name, does not open
 *       there (whoever can append lines to the file needs no key to chain a forged entry, but
 *       cannot make its commitments open).
 *   <li><b>Not hiding from the key holder</b>: whoever holds the key can test guesses (every plate
 *       of a city, offline). Give the key only to auditors entitled to see the private details.
 * </ul>
 *
 * <p>The ledger never stores the values themselves: keep them where your audit process can find
 * them (a case file, the vault's own records), and an auditor holding the key checks a claimed
 * value with {@link #opens(LedgerEntry, String, String)}.
 *
 * <p>Keys are 256-bit, made by {@link #generate()} from the platform's CSPRNG. The key is never
 * shown by {@link #toString()}. Instances are immutable and thread-safe.
 */
public final class LedgerCommitmentKey {
  /** Prefix of every commitment string: the scheme. */
  static final String SCHEME = "hmac-sha256";

  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 16;
  private static final int TAG_BYTES = 32;
  private static final byte[] DOMAIN =
      "privacity-ledger-commitment-v2\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_ID_INPUT =
      "privacity-ledger-commitment-key-id".getBytes(StandardCharsets.UTF_8);
  private static final String FILE_HEADER = "privacity-ledger-commitment-key v1";
  private static final Pattern COMMITMENT =
      Pattern.compile("hmac-sha256:[0-9a-f]{8}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String keyId;

  private LedgerCommitmentKey(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.keyId = HexFormat.of().formatHex(Arrays.copyOf(mac(KEY_ID_INPUT), 4));
    Arrays.fill(key, (byte) 0);
  }

  /**
   * A new random 256-bit key.
   *
   * @return the key
   */
  public static LedgerCommitmentKey generate() {
    byte[] k = new byte[KEY_BYTES];
    RANDOM.nextBytes(k);
    return new LedgerCommitmentKey(k);
  }

  /**
   * Reads a key written by {@link #writeTo(Path)}.
   *
   * @param file the key file
   * @return the key
   * @throws IllegalArgumentException if {@code file} is null or does not hold a key in this format
   *     (the message never shows the file's content)
   * @throws IOException if the file cannot be read
   */
  public static LedgerCommitmentKey readFrom(Path file) throws IOException {
    Checks.notNull("file", file);
    // ISO-8859-1 decodes any bytes: a stray non-ASCII byte is bad content, not an I/O error.
    String[] lines = Files.readString(file, StandardCharsets.ISO_8859_1).split("\n", -1);
    byte[] k = null;
    if (lines.length >= 2 && lines[0].equals(FILE_HEADER)) {
      try {
        k = Base64.getDecoder().decode(lines[1].strip());
      } catch (IllegalArgumentException e) {
        k = null;
      }
    }
    if (k == null || k.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "file "
              + file
              + " must hold a ledger commitment key (a line \""
              + FILE_HEADER
              + "\", then 32 bytes in Base64)");
    }
    return new LedgerCommitmentKey(k);
  }

  /**
   * Writes the key to a new file readable by its owner only (0600 where supported), atomically. The
   * file holds the key in clear: protect it like any secret key.
   *
   * @param file where to write; must not exist
   * @throws IllegalArgumentException if {@code file} is null
   * @throws java.nio.file.FileAlreadyExistsException if the file exists (a key is never replaced)
   * @throws IOException if writing fails
   */
  public void writeTo(Path file) throws IOException {
    Checks.notNull("file", file);
    String text = FILE_HEADER + "\n" + Base64.getEncoder().encodeToString(key.getEncoded()) + "\n";
    AtomicFiles.writePrivateNew(file, text.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * A public name for this key: 8 hex digits derived from it by HMAC, which reveal nothing about
   * it. Every commitment carries it, so an auditor can tell which key opens it.
   *
   * @return 8 lowercase hex digits
   */
  public String keyId() {
    return keyId;
  }

  /**
   * A fresh commitment to {@code value} under {@code name}, for the entry at {@code sequence} whose
   * previous hash is {@code previousHash}.
   */
  String commit(long sequence, String previousHash, String name, String value) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return SCHEME
        + ":"
        + keyId
        + ":"
        + B64URL.encodeToString(nonce)
        + ":"
        + B64URL.encodeToString(tag(sequence, previousHash, name, nonce, value));
  }

  /**
   * Whether the entry's commitment named {@code name} opens to {@code value} under this key.
   *
   * <p>The commitment is bound to the entry it was made for (its sequence number and previous hash)
   * and to its name: a commitment copied into another entry or renamed does not open.
   *
   * @param entry a ledger entry
   * @param name the private detail's name, e.g. {@code "token"}
   * @param value the claimed value
   * @return true if the entry holds such a commitment, made under this key for this entry, to
   *     exactly this value
   * @throws IllegalArgumentException if an argument is null
   */
  public boolean opens(LedgerEntry entry, String name, String value) {
    Checks.notNull("entry", entry);
    Checks.notNull("name", name);
    Checks.notNull("value", value);
    String c = entry.commitments().get(name);
    return c != null && opens(c, entry.sequence(), entry.previousHash(), name, value);
  }

  /**
   * Whether a commitment string opens to {@code value} under {@code name} and this key, for the
   * entry at {@code sequence} whose previous hash is {@code previousHash}; false for a commitment
   * under another key, to another value, name or entry, or a malformed one.
   */
  boolean opens(String commitment, long sequence, String previousHash, String name, String value) {
    if (!COMMITMENT.matcher(commitment).matches()) {
      return false;
    }
    String[] parts = commitment.split(":");
    if (!parts[1].equals(keyId)) {
      return false;
    }
    byte[] nonce = B64URL_DECODER.decode(parts[2]);
    byte[] tag = B64URL_DECODER.decode(parts[3]);
    // Only the canonical spelling opens: Base64 decoders ignore a final character's spare bits.
    return parts[2].equals(B64URL.encodeToString(nonce))
        && parts[3].equals(B64URL.encodeToString(tag))
        && MessageDigest.isEqual(tag, tag(sequence, previousHash, name, nonce, value));
  }

  /** Checks the form of a stored commitment (not what it commits to). */
  static void checkCommitment(String name, String commitment) {
    if (!COMMITMENT.matcher(commitment).matches()) {
      throw new IllegalArgumentException(
          "commitment \""
              + name
              + "\" must have the form hmac-sha256:KEYID:NONCE:TAG (8 hex digits, 16 and 32 bytes"
              + " in unpadded Base64url), got \""
              + commitment
              + "\"");
    }
  }

  private byte[] tag(long sequence, String previousHash, String name, byte[] nonce, String value) {
    byte[] prev = HexFormat.of().parseHex(previousHash);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    ByteBuffer input =
        ByteBuffer.allocate(
            DOMAIN.length + 8 + prev.length + 4 + n.length + nonce.length + v.length);
    input.put(DOMAIN).putLong(sequence).put(prev).putInt(n.length).put(n).put(nonce).put(v);
    return mac(input.array());
  }

  private byte[] mac(byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] out = mac.doFinal(input);
      if (out.length != TAG_BYTES) {
        throw new IllegalStateException("HmacSHA256 returned " + out.length + " bytes");
      }
      return out;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  /**
   * Shows the key id only, never the key.
   *
   * @return {@code LedgerCommitmentKey[id]}
   */
  @Override
  public String toString() {
    return "LedgerCommitmentKey[" + keyId + "]";
  }
}
