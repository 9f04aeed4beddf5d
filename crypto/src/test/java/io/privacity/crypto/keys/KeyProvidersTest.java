package io.privacity.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.hybrid.HpkeParameters;
import io.privacity.crypto.internal.Tink;
import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Key providers: wrap/unwrap, ids, persistence, bad input. */
class KeyProvidersTest {
  private static final byte[] DEK = new byte[32];
  private static final byte[] AD = {1, 2, 3};

  /**
   * Some tests build keysets with Tink's own API (disabled keys, foreign HPKE parameters), as a
   * user operating Tink directly would; Tink then needs its key managers whatever test runs first.
   */
  @BeforeAll
  static void tinkKeyManagers() {
    Tink.register();
  }

  @Test
  void local_wrapsAndUnwraps_underTheNamedKeyOnly() throws Exception {
    LocalKeysetKekProvider p = LocalKeysetKekProvider.generate();
    WrappingKey k = p.current();
    assertTrue(k.id().startsWith("local-"));
    byte[] w = k.wrap(DEK, AD);
    assertEquals(60, w.length); // NO_PREFIX AES-256-GCM: nonce 12 + key 32 + tag 16
    assertArrayEquals(DEK, p.unwrap(k.id(), w, AD));
    assertThrows(GeneralSecurityException.class, () -> p.unwrap(k.id(), w, new byte[] {9}));
    assertThrows(UnknownKeyException.class, () -> p.unwrap("local-0", w, AD));
    assertThrows(UnknownKeyException.class, () -> p.unwrap(null, w, AD));
    assertEquals(WrapScheme.AEAD, p.scheme());
    assertFalse(p.toString().contains("value"));
  }

  @Test
  void local_cleartextExport_roundTrips_andGarbageIsRefused() throws Exception {
    LocalKeysetKekProvider p = LocalKeysetKekProvider.generate();
    LocalKeysetKekProvider q =
        LocalKeysetKekProvider.insecureFromCleartextKeyset(p.insecureExportCleartextKeyset());
    assertEquals(p.keyIds(), q.keyIds());
    assertThrows(
        GeneralSecurityException.class,
        () -> LocalKeysetKekProvider.insecureFromCleartextKeyset(new byte[] {1, 2, 3}));
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalKeysetKekProvider.insecureFromCleartextKeyset(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalKeysetKekProvider.fromEncryptedKeyset(null, null));
    assertThrows(IllegalArgumentException.class, () -> p.toEncryptedKeyset(null));
    assertThrows(IllegalArgumentException.class, () -> p.recordRotationsIn(null));
  }

  @Test
  void local_refusesAKeysetOfAnotherKeyType() throws Exception {
    byte[] hpke = HpkeKeyPairs.generate().insecureExportCleartextKeyset();
    assertThrows(
        GeneralSecurityException.class,
        () -> LocalKeysetKekProvider.insecureFromCleartextKeyset(hpke));
    byte[] local = LocalKeysetKekProvider.generate().insecureExportCleartextKeyset();
    assertThrows(
        GeneralSecurityException.class, () -> HpkeKeyPairs.insecureFromCleartextKeyset(local));
  }

  @Test
  void hpke_publicKeysWrap_onlyPrivateKeysUnwrap() throws Exception {
    HpkeKeyPairs pairs = HpkeKeyPairs.generate();
    HpkePublicKeys pub = HpkePublicKeys.fromPublicKeyset(pairs.publicKeys().toPublicKeyset());
    WrappingKey k = pub.current();
    byte[] w = k.wrap(DEK, AD);
    assertEquals(80, w.length); // X25519 encapsulation 32 + key 32 + tag 16
    assertArrayEquals(DEK, pairs.unwrap(k.id(), w, AD));
    assertThrows(UnknownKeyException.class, () -> pub.unwrap(k.id(), w, AD));
    assertThrows(GeneralSecurityException.class, () -> pairs.unwrap(k.id(), w, new byte[0]));
    assertThrows(UnknownKeyException.class, () -> pairs.unwrap("hpke-1", w, AD));
    assertThrows(IllegalArgumentException.class, () -> HpkePublicKeys.fromPublicKeyset(null));
    assertThrows(
        GeneralSecurityException.class, () -> HpkePublicKeys.fromPublicKeyset(new byte[] {7}));
    assertEquals(WrapScheme.HPKE, pub.scheme());
  }

  @Test
  void wrapScheme_codes() {
    assertEquals(WrapScheme.AEAD, WrapScheme.ofCode(1));
    assertEquals(WrapScheme.HPKE, WrapScheme.ofCode(2));
    assertNull(WrapScheme.ofCode(0));
    assertNull(WrapScheme.ofCode(15));
  }

  @Test
  void inMemoryStore_deletesRemembersAndListsBuckets() {
    SubjectKeyStore s = SubjectKeyStore.inMemory();
    byte[] rec = {1, 2, 3};
    assertArrayEquals(rec, s.putIfAbsent("r", 7, rec));
    assertArrayEquals(rec, s.putIfAbsent("r", 7, new byte[] {9}));
    assertArrayEquals(new byte[] {4}, s.putIfAbsent("q", 7, new byte[] {4}));
    s.putIfAbsent("p", 8, new byte[] {5});
    assertArrayEquals(rec, s.load("r").orElseThrow());
    assertEquals(java.util.Set.of("r", "q"), s.loadBucket(7).keySet());
    s.replace("r", new byte[] {6});
    s.replace("absent", new byte[] {6});
    assertArrayEquals(new byte[] {6}, s.loadBucket(7).get("r"));
    assertTrue(s.load("absent").isEmpty());
    assertTrue(s.delete("r"));
    assertFalse(s.delete("r"));
    assertTrue(s.isForgotten("r"));
    assertTrue(s.load("r").isEmpty());
    assertEquals(java.util.Set.of("q"), s.loadBucket(7).keySet());
    assertTrue(s.loadBucket(9).isEmpty());
    assertFalse(s.isForgotten("other"));
    assertTrue(s.toString().contains("2 subjects"), s.toString());
  }

  @Test
  void retiring_a_key_keeps_a_disabled_key_disabled() throws GeneralSecurityException {
    AesGcmParameters aes =
        AesGcmParameters.builder()
            .setKeySizeBytes(32)
            .setIvSizeBytes(12)
            .setTagSizeBytes(16)
            .setVariant(AesGcmParameters.Variant.NO_PREFIX)
            .build();
    KeysetHandle handle =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.generateEntryFromParameters(aes).withRandomId())
            .addEntry(
                KeysetHandle.generateEntryFromParameters(aes)
                    .withRandomId()
                    .setStatus(KeyStatus.DISABLED))
            .addEntry(KeysetHandle.generateEntryFromParameters(aes).withRandomId().makePrimary())
            .build();
    LocalKeysetKekProvider p =
        LocalKeysetKekProvider.insecureFromCleartextKeyset(
            TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
    String disabled = "local-" + Integer.toUnsignedString(handle.getAt(1).getId());
    List<String> ids = p.keyIds(); // the usable keys only
    assertEquals(2, ids.size());
    assertFalse(ids.contains(disabled));
    byte[] wrapped = new byte[48];
    assertThrows(UnknownKeyException.class, () -> p.unwrap(disabled, wrapped, AD));

    p.retire(ids.get(0)); // rebuilds the keyset from the remaining keys

    assertEquals(List.of(ids.get(1)), p.keyIds());
    assertThrows(UnknownKeyException.class, () -> p.unwrap(disabled, wrapped, AD));
    KeysetHandle saved =
        TinkProtoKeysetFormat.parseKeyset(
            p.insecureExportCleartextKeyset(), InsecureSecretKeyAccess.get());
    assertEquals(2, saved.size()); // still held, for whoever re-enables it deliberately
    assertEquals(KeyStatus.DISABLED, saved.getAt(0).getStatus());
  }

  private static HpkeParameters hpke(HpkeParameters.KemId kem, HpkeParameters.AeadId aead)
      throws GeneralSecurityException {
    return HpkeParameters.builder()
        .setKemId(kem)
        .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
        .setAeadId(aead)
        .setVariant(HpkeParameters.Variant.NO_PREFIX)
        .build();
  }

  @Test
  void hpke_disabledKey_noLongerUnwraps() throws Exception {
    HpkeKeyPairs pairs = HpkeKeyPairs.generate();
    String old = pairs.keyIds().get(0);
    WrappingKey k = pairs.current(); // what a sensor wrapped under while the key was current
    byte[] wrapped = k.wrap(DEK, AD);
    pairs.rotate();
    assertArrayEquals(DEK, pairs.unwrap(old, wrapped, AD));
    // An operator disables the old key in the saved keyset (e.g. with Tink's tooling).
    KeysetHandle.Builder saved =
        KeysetHandle.newBuilder(
            TinkProtoKeysetFormat.parseKeyset(
                pairs.insecureExportCleartextKeyset(), InsecureSecretKeyAccess.get()));
    saved.getAt(0).setStatus(KeyStatus.DISABLED);
    HpkeKeyPairs p =
        HpkeKeyPairs.insecureFromCleartextKeyset(
            TinkProtoKeysetFormat.serializeKeyset(saved.build(), InsecureSecretKeyAccess.get()));
    assertFalse(p.keyIds().contains(old), p.keyIds().toString());
    assertThrows(UnknownKeyException.class, () -> p.unwrap(old, wrapped, AD));
  }

  @Test
  void hpke_keysOfOtherParameterSets_areRefused() throws Exception {
    for (HpkeParameters other :
        List.of(
            hpke(HpkeParameters.KemId.DHKEM_P256_HKDF_SHA256, HpkeParameters.AeadId.AES_256_GCM),
            hpke(
                HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256,
                HpkeParameters.AeadId.CHACHA20_POLY1305),
            hpke(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256, HpkeParameters.AeadId.AES_128_GCM),
            HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.TINK)
                .build())) {
      KeysetHandle h = KeysetHandle.generateNew(other);
      byte[] priv = TinkProtoKeysetFormat.serializeKeyset(h, InsecureSecretKeyAccess.get());
      byte[] pub = TinkProtoKeysetFormat.serializeKeysetWithoutSecret(h.getPublicKeysetHandle());
      GeneralSecurityException e =
          assertThrows(
              GeneralSecurityException.class,
              () -> HpkeKeyPairs.insecureFromCleartextKeyset(priv),
              other.toString());
      assertTrue(e.getMessage().contains("HPKE"), e.getMessage());
      assertThrows(
          GeneralSecurityException.class,
          () -> HpkePublicKeys.fromPublicKeyset(pub),
          other.toString());
    }
  }
}
