package io.privacity.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.privacity.crypto.envelope.EncryptionContext;
import io.privacity.crypto.envelope.EnvelopeSealer;
import io.privacity.crypto.envelope.SubjectKeys;
import io.privacity.crypto.internal.FreshJvm;
import io.privacity.crypto.pseudonym.PseudonymDomain;
import io.privacity.crypto.pseudonym.PseudonymEncoding;
import io.privacity.crypto.pseudonym.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keysets saved as documented survive a restart: a fresh JVM parses them with Tink before any
 * Privacity class runs (Tink then knows no key type and keeps untyped legacy keys) and the library
 * still works, with no Tink {@code Config.register} by the user. See {@link KeysetReloadChild}.
 */
class KeysetReloadTest {
  static final byte[] READING = "pm2.5=12.4".getBytes(StandardCharsets.UTF_8);
  static final EncryptionContext SENSOR = EncryptionContext.of("purpose", "air", "sensor", "aq-1");

  static EncryptionContext about(String subject) {
    return EncryptionContext.of("subject", subject, "purpose", "noise-complaints");
  }

  @TempDir Path dir;

  @Test
  void savedKeysets_reloadedInAFreshJvmBeforeAnyPrivacityClass_stillWork() throws Exception {
    KeysetHandle master = Keysets.generateMasterKeyset();
    Aead m = Keysets.aead(master);
    save("master.keyset", master);
    LocalKeysetKekProvider kek = LocalKeysetKekProvider.generate();
    HpkeKeyPairs city = HpkeKeyPairs.generate();
    Files.write(dir.resolve("kek"), kek.toEncryptedKeyset(m));
    Files.write(dir.resolve("hpke"), city.toEncryptedKeyset(m));
    SubjectKeys subjects = subjectKeys(m, dir);
    EnvelopeSealer sealer = EnvelopeSealer.builder().keys(kek).subjectKeys(subjects).build();
    Files.write(dir.resolve("kept.env"), sealer.seal(READING, about("c-1")));
    Files.write(dir.resolve("gone.env"), sealer.seal(READING, about("c-2")));
    subjects.forget("c-2");
    Files.write(
        dir.resolve("sensor.env"),
        EnvelopeSealer.builder().keys(city.publicKeys()).build().seal(READING, SENSOR));

    KeysetHandle pseudonyms = Pseudonymizer.generateMasterKeyset();
    save("pseudonym.keyset", pseudonyms);
    Files.writeString(dir.resolve("pseudonym.expected"), pseudonymOf(pseudonyms));

    FreshJvm.Result r =
        FreshJvm.run(KeysetReloadChild.class, Duration.ofMinutes(2), dir.toString());
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("legacy before: LegacyProtoKey"), r.output());
    assertTrue(r.output().contains("all checks passed"), r.output());
  }

  /** The subject keys both JVMs use: a file store and a directory slot under {@code dir}. */
  static SubjectKeys subjectKeys(Aead master, Path dir) throws GeneralSecurityException {
    return SubjectKeys.builder()
        .masterKey(master)
        .store(new FileSubjectKeyStore(dir.resolve("store")))
        .keySlot(ErasableKeySlot.inDirectory(dir.resolve("slot")))
        .build();
  }

  /** A plate's pseudonym under a master keyset, as both JVMs compute it. */
  static String pseudonymOf(KeysetHandle master) {
    return Pseudonymizer.builder()
        .masterKeyset(master)
        .domain(
            PseudonymDomain.builder("parking")
                .encoding(PseudonymEncoding.hex(16))
                .collisionBound(1_000_000, 1e-7)
                .build())
        .build()
        .pseudonymize("parking", "AB-123", Instant.parse("2026-11-27T10:15:00Z"));
  }

  private void save(String name, KeysetHandle h) throws Exception {
    Files.write(
        dir.resolve(name), TinkProtoKeysetFormat.serializeKeyset(h, InsecureSecretKeyAccess.get()));
  }
}
