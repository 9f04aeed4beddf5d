package io.privacity.core.ledger;

import io.privacity.core.internal.AtomicFiles;
import io.privacity.core.internal.Checks;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The public half of a {@link LedgerSigningKey}: an Ed25519 public key (RFC 8032) that checks the
 * signatures of {@link LedgerCheckpoint}s. Publish it (or its {@link #fingerprint()}) where the
 * ledger's operator cannot rewrite it; a key served beside the ledger it vouches for proves nothing
 * on its own.
 *
 * <p>Stored as a standard PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), so OpenSSL,
 * WebCrypto, Tink ({@link #toRawBytes()}) and libsodium read it as well. Immutable and thread-safe.
 */
public final class LedgerPublicKey {
  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 key bytes. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private static final int RAW_BYTES = 32;

  /** The field prime of Ed25519, 2^255 - 19. */
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  /**
   * The y-coordinates of the points of order 1, 2, 4 and 8 (0, 1, p - 1 and the two of order 8, as
   * in libsodium's blocklist; LedgerCheckpointTest derives them from the curve equation).
   */
  private static final List<BigInteger> SMALL_ORDER_Y =
      List.of(
          BigInteger.ZERO,
          BigInteger.ONE,
          P.subtract(BigInteger.ONE),
          new BigInteger(
              "2707385501144840649318225287225658788936804267575313519463743609750303402022"),
          new BigInteger(
              "55188659117513257062467267217118295137698188065244968500265048394206261417927"));

  private final byte[] spki;
  private final PublicKey key;
  private final String fingerprint;

  private LedgerPublicKey(byte[] spki) {
    if (spki.length != SPKI_PREFIX.length + RAW_BYTES
        || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IllegalArgumentException(
          "publicKey must be an Ed25519 public key (the 44-byte RFC 8410 SubjectPublicKeyInfo),"
              + " got "
              + spki.length
              + " bytes that are not one");
    }
    checkNotSmallOrder(Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
    this.spki = spki.clone();
    try {
      this.key =
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(this.spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "publicKey must be an Ed25519 public key (RFC 8410 SubjectPublicKeyInfo), which this"
              + " one is not: "
              + e.getMessage(),
          e);
    }
    this.fingerprint = HexFormat.of().formatHex(LedgerCodec.sha256(this.spki));
  }

  /**
   * Refuses a key that is a point of small order, or a non-canonical encoding (y &gt;= p). Under
   * such a key the pair R = identity, S = 0 verifies for every message (the JDK and WebCrypto both
   * accept it), so anyone could "sign" any checkpoint, and the key's holder could disown every
   * checkpoint it signed.
   */
  private static void checkNotSmallOrder(byte[] raw) {
    byte[] be = new byte[RAW_BYTES];
    for (int i = 0; i < RAW_BYTES; i++) {
      be[i] = raw[RAW_BYTES - 1 - i];
    }
    be[0] &= 0x7f; // the sign of x
    BigInteger y = new BigInteger(1, be);
    if (y.compareTo(P) >= 0 || SMALL_ORDER_Y.contains(y)) {
      throw new IllegalArgumentException(
          "publicKey must be an Ed25519 point of large order in canonical encoding; this one has"
              + " small order or y >= p, under which anyone can forge signatures");
    }
  }

  static LedgerPublicKey of(PublicKey key) {
    return new LedgerPublicKey(key.getEncoded());
  }

  /**
   * A key from its 32 raw bytes (the RFC 8032 encoding, as Tink's {@code Ed25519Verify} and
   * libsodium use).
   *
   * @param raw 32 bytes
   * @return the key
   * @throws IllegalArgumentException if {@code raw} is null or not 32 bytes
   */
  public static LedgerPublicKey fromRawBytes(byte[] raw) {
    Checks.notNull("raw", raw);
    if (raw.length != RAW_BYTES) {
      throw new IllegalArgumentException(
          "raw must be 32 bytes (an Ed25519 public key), got " + raw.length);
    }
    byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + RAW_BYTES);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, RAW_BYTES);
    return new LedgerPublicKey(spki);
  }

  /**
   * A key from its PEM text, as {@link #toPem()} writes it.
   *
   * @param pem the text, {@code -----BEGIN PUBLIC KEY-----} … {@code -----END PUBLIC KEY-----}
   * @return the key
   * @throws IllegalArgumentException if {@code pem} is null or not an Ed25519 public key in PEM
   */
  public static LedgerPublicKey fromPem(String pem) {
    Checks.notNull("pem", pem);
    return new LedgerPublicKey(Pem.decode(pem, "PUBLIC KEY"));
  }

  /**
   * Reads a PEM public key file.
   *
   * @param file the file
   * @return the key
   * @throws IllegalArgumentException if {@code file} is null or does not hold an Ed25519 public key
   * @throws IOException if it cannot be read
   */
  public static LedgerPublicKey readFrom(Path file) throws IOException {
    Checks.notNull("file", file);
    try {
      // ISO-8859-1 decodes any bytes: a stray non-ASCII byte is bad content, not an I/O error.
      return fromPem(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The key as PEM text ({@code PUBLIC KEY}, SubjectPublicKeyInfo), ending in a newline.
   *
   * @return the PEM text
   */
  public String toPem() {
    return Pem.encode("PUBLIC KEY", spki);
  }

  /**
   * Writes {@link #toPem()} to a file, atomically, replacing it if present.
   *
   * @param file the file
   * @throws IllegalArgumentException if {@code file} is null
   * @throws IOException if writing fails
   */
  public void writeTo(Path file) throws IOException {
    Checks.notNull("file", file);
    AtomicFiles.writeReplacing(file, toPem().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The 32 raw key bytes (RFC 8032), e.g. for Tink's {@code Ed25519Verify}.
   *
   * @return a copy of the bytes
   */
  public byte[] toRawBytes() {
    return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
  }

  /**
   * SHA-256 of the key's SubjectPublicKeyInfo (the DER inside the PEM), as 64 lowercase hex digits:
   * what to compare with the fingerprint the ledger's operator publishes. The portal shows it too.
   *
   * @return the fingerprint
   */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * The first 8 hex digits of the {@link #fingerprint()}: the key id a checkpoint names.
   *
   * @return 8 lowercase hex digits
   */
  public String keyId() {
    return fingerprint.substring(0, 8);
  }

  boolean verify(byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LedgerPublicKey && Arrays.equals(spki, ((LedgerPublicKey) o).spki);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(spki);
  }

  @Override
  public String toString() {
    return "LedgerPublicKey[Ed25519, " + fingerprint + "]";
  }

  /** PEM (RFC 7468) text for DER bytes. */
  static final class Pem {
    private Pem() {}

    static String encode(String label, byte[] der) {
      return "-----BEGIN "
          + label
          + "-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
          + "\n-----END "
          + label
          + "-----\n";
    }

    /** The DER bytes of the first block with this label. */
    static byte[] decode(String pem, String label) {
      String begin = "-----BEGIN " + label + "-----";
      String end = "-----END " + label + "-----";
      int from = pem.indexOf(begin);
      int to = from < 0 ? -1 : pem.indexOf(end, from);
      if (from < 0 || to < 0) {
        throw new IllegalArgumentException("expected a PEM block " + begin + " … " + end);
      }
      try {
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the PEM block " + label + " is not valid Base64", e);
      }
    }
  }
}
