package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import io.privacity.core.ledger.LedgerCheckpoint;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.LedgerSigningKey;
import io.privacity.core.ledger.TransparencyLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ledger checkpoints are signed with the JDK's Ed25519 (core has no Tink); they must be the
 * standard RFC 8032 signatures that Tink, the library's cryptography, verifies and produces. Tink's
 * primitives come from its {@code ConfigurationV0}, so no global {@code Config.register} is needed.
 */
class CheckpointTinkCrossCheckTest {
  @TempDir Path dir;

  private static PublicKeyVerify tinkVerifier(byte[] raw) throws GeneralSecurityException {
    Ed25519PublicKey key = Ed25519PublicKey.create(Bytes.copyFrom(raw));
    KeysetHandle handle =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
            .build();
    return handle.getPrimitive(ConfigurationV0.get(), PublicKeyVerify.class);
  }

  /** The PKCS#8 bytes of the PRIVATE KEY block of a signing key file. */
  static byte[] pkcs8(Path signingKeyFile) throws IOException {
    String text = Files.readString(signingKeyFile);
    String b64 =
        text.substring(
                text.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                text.indexOf("-----END PRIVATE KEY-----"))
            .replaceAll("\\s", "");
    return Base64.getDecoder().decode(b64);
  }

  @Test
  void tinkVerifiesACheckpoint_andSignsTheSameBytes() throws Exception {
    LedgerSigningKey key = LedgerSigningKey.generate();
    LedgerCheckpoint checkpoint;
    try (TransparencyLedger ledger = TransparencyLedger.openFile(dir.resolve("l.jsonl"))) {
      ledger.append(LedgerEventType.RELEASE, "released: trips by subscribers", Map.of());
      checkpoint = ledger.checkpoint(key);
    }
    byte[] signature = Base64.getDecoder().decode(checkpoint.signature());
    byte[] raw = key.publicKey().toRawBytes();
    tinkVerifier(raw).verify(signature, checkpoint.signedBytes());

    // Tampered bytes or signature: Tink refuses too.
    byte[] body = checkpoint.signedBytes();
    body[body.length - 2] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> tinkVerifier(raw).verify(signature, body));

    // Ed25519 is deterministic: Tink, holding the same seed, signs the same 64 bytes.
    Path pem = dir.resolve("signing.pem");
    key.writeTo(pem);
    byte[] pkcs8 = pkcs8(pem);
    byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
    Ed25519PrivateKey tinkKey =
        Ed25519PrivateKey.create(
            Ed25519PublicKey.create(Bytes.copyFrom(raw)),
            SecretBytes.copyFrom(seed, InsecureSecretKeyAccess.get()));
    PublicKeySign signer =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(tinkKey).withRandomId().makePrimary())
            .build()
            .getPrimitive(ConfigurationV0.get(), PublicKeySign.class);
    assertArrayEquals(signature, signer.sign(checkpoint.signedBytes()));
  }
}
