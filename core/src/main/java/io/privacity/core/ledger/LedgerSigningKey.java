package io.privacity.core.ledger;

import io.privacity.core.internal.AtomicFiles;
import io.privacity.core.internal.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * The Ed25519 key (RFC 8032) with which a ledger's operator signs {@link LedgerCheckpoint}s: "on
 * this date the ledger held N entries and its head was H". Publish the {@link #publicKey()}; keep
 * this key secret.
 *
 * <h2>Why the JDK and not Tink</h2>
 *
 * <p>{@code privacity-core} depends on nothing but Gson, so that budgets and the ledger can be
 * embedded anywhere. Java 17's standard {@code Signature.getInstance("Ed25519")} (JEP 339) is a
 * constant-time implementation of the same RFC 8032 signature that Tink's {@code Ed25519Sign}
 * produces: signatures are deterministic and byte-for-byte identical, and checkpoints verify with
 * Tink, OpenSSL ({@code openssl pkeyutl -verify -rawin}) and WebCrypto (the portal's script). The
 * examples module's tests cross-check a checkpoint with Tink's verifier.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>A checkpoint that verifies under the public key was signed by the holder of this key
 *       (EUF-CMA security of Ed25519, Bernstein et al., "High-speed high-security signatures", CHES
 *       2011).
 *   <li>A signature does not prove the log is complete or unique: an operator can sign two
 *       different heads (a fork). Citizens who compare checkpoints, and auditors who check that
 *       each new checkpoint extends the previous one ({@link TransparencyLedger#verifyCopy(Path,
 *       LedgerPublicKey, LedgerCheckpoint, LedgerCheckpoint)}), detect a fork.
 * </ul>
 *
 * <p>Stored as PEM: a {@code PRIVATE KEY} (PKCS#8, readable by OpenSSL) followed by its {@code
 * PUBLIC KEY}, in a file readable by its owner only. Never shown by {@link #toString()}. Immutable
 * and thread-safe.
 */
public final class LedgerSigningKey {
  private final PrivateKey key;
  private final LedgerPublicKey publicKey;

  private LedgerSigningKey(PrivateKey key, LedgerPublicKey publicKey) {
    this.key = key;
    this.publicKey = publicKey;
  }

  /**
   * A new random key pair (the platform's CSPRNG).
   *
   * @return the key
   */
  public static LedgerSigningKey generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new LedgerSigningKey(pair.getPrivate(), LedgerPublicKey.of(pair.getPublic()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is required by every Java 15+ platform", e);
    }
  }

  /**
   * Reads a key written by {@link #writeTo(Path)}, and checks that its two halves belong together.
   *
   * @param file the key file
   * @return the key
   * @throws IllegalArgumentException if {@code file} is null or does not hold a matching Ed25519
   *     key pair in PEM (the message never shows the key)
   * @throws IOException if the file cannot be read
   */
  public static LedgerSigningKey readFrom(Path file) throws IOException {
    Checks.notNull("file", file);
    // ISO-8859-1 decodes any bytes: a stray non-ASCII byte is bad content, not an I/O error.
    String pem = Files.readString(file, StandardCharsets.ISO_8859_1);
    LedgerSigningKey k;
    try {
      byte[] der = LedgerPublicKey.Pem.decode(pem, "PRIVATE KEY");
      PrivateKey key =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      Arrays.fill(der, (byte) 0);
      k = new LedgerSigningKey(key, LedgerPublicKey.fromPem(pem));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "file "
              + file
              + " must hold an Ed25519 PRIVATE KEY (PKCS#8) and its PUBLIC KEY in PEM, which it"
              + " does not");
    }
    byte[] probe = "privacity-ledger-key-check".getBytes(StandardCharsets.US_ASCII);
    if (!k.publicKey.verify(probe, k.sign(probe))) {
      throw new IllegalArgumentException(
          "file " + file + " holds a PRIVATE KEY and a PUBLIC KEY that do not belong together");
    }
    return k;
  }

  /**
   * Writes the key pair to a new file readable by its owner only (0600 where supported),
   * atomically. The file holds the private key in clear: protect it like any secret key.
   *
   * @param file where to write; must not exist
   * @throws IllegalArgumentException if {@code file} is null
   * @throws java.nio.file.FileAlreadyExistsException if the file exists (a key is never replaced)
   * @throws IOException if writing fails
   */
  public void writeTo(Path file) throws IOException {
    Checks.notNull("file", file);
    byte[] der = key.getEncoded();
    String pem = LedgerPublicKey.Pem.encode("PRIVATE KEY", der) + publicKey.toPem();
    Arrays.fill(der, (byte) 0);
    AtomicFiles.writePrivateNew(file, pem.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The public key that checks this key's signatures.
   *
   * @return the public key
   */
  public LedgerPublicKey publicKey() {
    return publicKey;
  }

  byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
    }
  }

  /**
   * Shows the public key's fingerprint, never the private key.
   *
   * @return {@code LedgerSigningKey[Ed25519, fingerprint]}
   */
  @Override
  public String toString() {
    return "LedgerSigningKey[Ed25519, public " + publicKey.fingerprint() + "]";
  }
}
