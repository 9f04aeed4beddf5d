package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.keys.HpkeKeyPairs;
import io.privacity.crypto.keys.HpkePublicKeys;
import io.privacity.crypto.keys.KmsKekProvider;
import io.privacity.crypto.keys.LocalKeysetKekProvider;
import io.privacity.crypto.keys.SubjectKeyStore;
import io.privacity.crypto.keys.UnknownKeyException;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rotation, rewrapping, KMS and HPKE providers, per-subject keys and crypto-shredding. */
class KeyRotationAndShreddingTest {
  private static final byte[] READING =
      "pm2.5=12.4".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /** A stand-in KMS: URIs {@code test-kms://NAME}, each backed by a fresh Tink AES-GCM key. */
  static final class TestKms implements KmsClient {
    final Map<String, Aead> keys = new HashMap<>();

    @Override
    public boolean doesSupport(String keyUri) {
      return keyUri != null && keyUri.startsWith("test-kms://");
    }

    @Override
    public KmsClient withCredentials(String credentialPath) {
      return this;
    }

    @Override
    public KmsClient withDefaultCredentials() {
      return this;
    }

    @Override
    public synchronized Aead getAead(String keyUri) throws GeneralSecurityException {
      Aead a = keys.get(keyUri);
      if (a == null) {
        a = Fixtures.masterKey();
        keys.put(keyUri, a);
      }
      return a;
    }
  }

  @Test
  void localRotation_newEnvelopesUseNewKey_oldStillOpen_rewrapMoves_retireThenRefuses()
      throws Exception {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    LocalKeysetKekProvider keys = LocalKeysetKekProvider.generate().recordRotationsIn(ledger);
    EnvelopeSealer sealer = EnvelopeSealer.builder().keys(keys).build();
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(keys).build();
    String k1 = keys.current().id();
    byte[] old = sealer.seal(READING, Fixtures.SENSOR_CTX);
    String k2 = keys.rotate();
    assertNotEquals(k1, k2);
    byte[] fresh = sealer.seal(READING, Fixtures.SENSOR_CTX);
    assertEquals(k1, EnvelopeOpener.keyIdOf(old));
    assertEquals(k2, EnvelopeOpener.keyIdOf(fresh));
    assertArrayEquals(READING, opener.open(old, Fixtures.SENSOR_CTX));
    byte[] moved = opener.rewrap(old, Fixtures.SENSOR_CTX);
    assertEquals(k2, EnvelopeOpener.keyIdOf(moved));
    keys.retire(k1);
    assertThrows(UnknownKeyException.class, () -> opener.open(old, Fixtures.SENSOR_CTX));
    assertArrayEquals(READING, opener.open(moved, Fixtures.SENSOR_CTX));
    assertArrayEquals(READING, opener.open(fresh, Fixtures.SENSOR_CTX));
    assertThrows(IllegalArgumentException.class, () -> keys.retire(k2));
    assertThrows(IllegalArgumentException.class, () -> keys.retire("local-1"));
    LedgerEntry e = ledger.entries().get(0);
    assertEquals(LedgerEventType.KEY_ROTATION, e.type());
    assertEquals(Map.of("previousKeyId", k1, "newKeyId", k2), e.details());
  }

  @Test
  void rewrappedKeyBlock_keepsItsRecordsOpening() throws Exception {
    LocalKeysetKekProvider keys = LocalKeysetKekProvider.generate();
    SealingSession s = EnvelopeSealer.builder().keys(keys).build().newSession(Fixtures.SENSOR_CTX);
    byte[] rec = s.seal(READING);
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(keys).build();
    String old = keys.current().id();
    keys.rotate();
    byte[] block = opener.rewrap(s.keyBlock(), Fixtures.SENSOR_CTX);
    keys.retire(old);
    EnvelopeOpener later = EnvelopeOpener.builder().keys(keys).build();
    later.acceptSessionKey(block, Fixtures.SENSOR_CTX);
    assertArrayEquals(READING, later.open(rec, Fixtures.SENSOR_CTX));
  }

  @Test
  void encryptedKeyset_roundTripsUnderMasterKey_andWrongMasterFails() throws Exception {
    LocalKeysetKekProvider keys = LocalKeysetKekProvider.generate();
    keys.rotate();
    Aead master = Fixtures.masterKey();
    byte[] stored = keys.toEncryptedKeyset(master);
    LocalKeysetKekProvider loaded = LocalKeysetKekProvider.fromEncryptedKeyset(stored, master);
    assertEquals(keys.keyIds(), loaded.keyIds());
    byte[] env = EnvelopeSealer.builder().keys(keys).build().seal(READING, Fixtures.SENSOR_CTX);
    assertArrayEquals(
        READING, EnvelopeOpener.builder().keys(loaded).build().open(env, Fixtures.SENSOR_CTX));
    assertThrows(
        GeneralSecurityException.class,
        () -> LocalKeysetKekProvider.fromEncryptedKeyset(stored, Fixtures.masterKey()));
  }

  @Test
  void kmsProvider_wrapsThroughTheClient_rotatesAndRewraps() throws Exception {
    TestKms kms = new TestKms();
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    KmsKekProvider keys =
        KmsKekProvider.create(kms, "test-kms://city-2026").recordRotationsIn(ledger);
    EnvelopeSealer sealer = EnvelopeSealer.builder().keys(keys).build();
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(keys).build();
    byte[] env = sealer.seal(READING, Fixtures.SENSOR_CTX);
    assertEquals("test-kms://city-2026", EnvelopeOpener.keyIdOf(env));
    keys.rotateTo("test-kms://city-2027");
    byte[] moved = opener.rewrap(env, Fixtures.SENSOR_CTX);
    assertEquals("test-kms://city-2027", EnvelopeOpener.keyIdOf(moved));
    assertArrayEquals(READING, opener.open(env, Fixtures.SENSOR_CTX));
    assertArrayEquals(READING, opener.open(moved, Fixtures.SENSOR_CTX));
    EnvelopeOpener only2027 =
        EnvelopeOpener.builder().keys(KmsKekProvider.create(kms, "test-kms://city-2027")).build();
    assertThrows(UnknownKeyException.class, () -> only2027.open(env, Fixtures.SENSOR_CTX));
    assertArrayEquals(READING, only2027.open(moved, Fixtures.SENSOR_CTX));
    assertEquals(1, ledger.size());
    assertThrows(IllegalArgumentException.class, () -> keys.rotateTo("aws-kms://elsewhere"));
    assertThrows(IllegalArgumentException.class, () -> keys.rotateTo(""));
    assertThrows(IllegalArgumentException.class, () -> KmsKekProvider.create(null, "x"));
  }

  @Test
  void sensorWithPublicKey_sealsButCannotOpen_cityOpens_andRewrapsToKms() throws Exception {
    HpkeKeyPairs city = HpkeKeyPairs.generate();
    HpkePublicKeys published = HpkePublicKeys.fromPublicKeyset(city.publicKeys().toPublicKeyset());
    EnvelopeSealer sensor = EnvelopeSealer.builder().keys(published).build();
    byte[] env = sensor.seal(READING, Fixtures.SENSOR_CTX);
    SealingSession s = sensor.newSession(Fixtures.SENSOR_CTX);
    byte[] rec = s.seal(READING);
    EnvelopeOpener sensorSide = EnvelopeOpener.builder().keys(published).build();
    assertThrows(UnknownKeyException.class, () -> sensorSide.open(env, Fixtures.SENSOR_CTX));
    assertThrows(
        UnknownKeyException.class,
        () -> sensorSide.acceptSessionKey(s.keyBlock(), Fixtures.SENSOR_CTX));
    KmsKekProvider kms = KmsKekProvider.create(new TestKms(), "test-kms://archive");
    EnvelopeOpener cityOpener = EnvelopeOpener.builder().keys(city).keys(kms).build();
    assertArrayEquals(READING, cityOpener.open(env, Fixtures.SENSOR_CTX));
    cityOpener.acceptSessionKey(s.keyBlock(), Fixtures.SENSOR_CTX);
    assertArrayEquals(READING, cityOpener.open(rec, Fixtures.SENSOR_CTX));
    byte[] archived = cityOpener.rewrap(env, Fixtures.SENSOR_CTX, kms);
    assertEquals("test-kms://archive", EnvelopeOpener.keyIdOf(archived));
    assertArrayEquals(READING, cityOpener.open(archived, Fixtures.SENSOR_CTX));
    String first = city.keyIds().get(0);
    city.rotate();
    assertNotEquals(first, city.publicKeys().current().id());
    assertArrayEquals(READING, cityOpener.open(env, Fixtures.SENSOR_CTX));
    byte[] hpke = city.toEncryptedKeyset(Fixtures.masterKey());
    assertTrue(hpke.length > 0);
  }

  @Test
  void forget_shredsEveryEnvelopeAboutTheSubject_andIsLedgered() throws Exception {
    Fixtures.World w = new Fixtures.World();
    EncryptionContext other =
        EncryptionContext.of("subject", "citizen-7", "purpose", "air-quality");
    byte[] env = w.sealer.seal(READING, Fixtures.CTX);
    byte[] otherEnv = w.sealer.seal(READING, other);
    SealingSession s = w.sealer.newSession(Fixtures.CTX);
    byte[] rec = s.seal(READING);
    w.opener.acceptSessionKey(s.keyBlock(), Fixtures.CTX);
    assertArrayEquals(READING, w.opener.open(rec, Fixtures.CTX));
    assertTrue(w.subjects.forget("citizen-42"));
    assertThrows(WrongContextException.class, () -> w.opener.open(env, Fixtures.CTX));
    assertThrows(WrongContextException.class, () -> w.opener.open(rec, Fixtures.CTX));
    assertThrows(
        WrongContextException.class, () -> w.opener.acceptSessionKey(s.keyBlock(), Fixtures.CTX));
    assertThrows(WrongContextException.class, () -> w.opener.rewrap(env, Fixtures.CTX));
    assertThrows(SubjectShreddedException.class, () -> w.sealer.seal(READING, Fixtures.CTX));
    assertThrows(SubjectShreddedException.class, () -> s.seal(READING));
    assertTrue(s.isExhausted());
    assertArrayEquals(READING, w.opener.open(otherEnv, other));
    assertTrue(w.subjects.isForgotten("citizen-42"));
    assertFalse(w.subjects.isForgotten("citizen-7"));
    LedgerEntry e = w.ledger.entries().get(0);
    assertEquals(LedgerEventType.ERASURE, e.type());
    assertFalse(e.details().containsKey("subjectRef"), "a subject reference is never public");
    assertTrue(w.ledgerKey.opens(e, "subjectRef", w.subjects.ref("citizen-42")));
    assertFalse(w.ledgerKey.opens(e, "subjectRef", w.subjects.ref("citizen-7")));
    assertFalse(e.toJson().contains("citizen-42"), "ledger must not keep the erased subject id");
  }

  @Test
  void shreddedEnvelope_staysUnreadable_evenWithAFreshOpenerWithoutThePolicyCheck()
      throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal(READING, Fixtures.CTX);
    w.subjects.forget("citizen-42");
    // An opener with new subject keys over the same KEK: the subject secret is gone for good, so
    // the key schedule cannot be reproduced; the opener refuses as for any subject it does not
    // know.
    SubjectKeys fresh = SubjectKeys.builder().masterKey(Fixtures.masterKey()).build();
    EnvelopeOpener o = EnvelopeOpener.builder().keys(w.keys).subjectKeys(fresh).build();
    assertThrows(WrongContextException.class, () -> o.open(env, Fixtures.CTX));
  }

  @Test
  void subjectKeys_badInput() throws Exception {
    assertThrows(IllegalStateException.class, () -> SubjectKeys.builder().build());
    assertThrows(IllegalArgumentException.class, () -> SubjectKeys.builder().masterKey(null));
    assertThrows(IllegalArgumentException.class, () -> SubjectKeys.builder().store(null));
    assertThrows(IllegalArgumentException.class, () -> SubjectKeys.builder().keySlot(null));
    assertThrows(IllegalArgumentException.class, () -> SubjectKeys.builder().ledger(null));
    assertThrows(IllegalArgumentException.class, () -> SubjectKeys.builder().buckets(0));
    assertThrows(IllegalArgumentException.class, () -> SubjectKeys.builder().buckets(65_537));
    IllegalStateException noSlot =
        assertThrows(
            IllegalStateException.class,
            () ->
                SubjectKeys.builder()
                    .masterKey(Fixtures.masterKey())
                    .store(SubjectKeyStore.inMemory())
                    .build());
    assertTrue(noSlot.getMessage().contains("keySlot"), noSlot.getMessage());
  }

  @Test
  void rewrapAcrossSchemes_keepsSessionRecordsOpening() throws Exception {
    HpkeKeyPairs city = HpkeKeyPairs.generate();
    LocalKeysetKekProvider local = LocalKeysetKekProvider.generate();
    EnvelopeOpener both = EnvelopeOpener.builder().keys(city).keys(local).build();

    // HPKE (a sensor's session) to AEAD (the archive's key).
    SealingSession fromSensor =
        EnvelopeSealer.builder().keys(city.publicKeys()).build().newSession(Fixtures.SENSOR_CTX);
    byte[] rec = fromSensor.seal(READING);
    byte[] toAead = both.rewrap(fromSensor.keyBlock(), Fixtures.SENSOR_CTX, local);
    EnvelopeOpener archive = EnvelopeOpener.builder().keys(local).build();
    archive.acceptSessionKey(toAead, Fixtures.SENSOR_CTX);
    assertArrayEquals(READING, archive.open(rec, Fixtures.SENSOR_CTX));

    // AEAD to HPKE.
    SealingSession fromGateway =
        EnvelopeSealer.builder().keys(local).build().newSession(Fixtures.SENSOR_CTX);
    byte[] rec2 = fromGateway.seal(READING);
    byte[] toHpke = both.rewrap(fromGateway.keyBlock(), Fixtures.SENSOR_CTX, city);
    EnvelopeOpener cityOnly = EnvelopeOpener.builder().keys(city).build();
    cityOnly.acceptSessionKey(toHpke, Fixtures.SENSOR_CTX);
    assertArrayEquals(READING, cityOnly.open(rec2, Fixtures.SENSOR_CTX));
  }
}
