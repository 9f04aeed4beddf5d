package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import io.privacity.crypto.pseudonym.ReidentificationException.Reason;
import io.privacity.crypto.pseudonym.VaultStore.SubjectRecord;
import io.privacity.crypto.pseudonym.VaultStore.TokenRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The {@link VaultStore} contract and the vault behaviour that depends on it, run against every
 * store implementation (H2 file, PostgreSQL).
 */
abstract class VaultStoreContract {
  VaultStore store;

  /** A new, empty store. */
  abstract VaultStore newStore();

  /** The same database opened again (after {@link VaultStore#close()}). */
  abstract VaultStore reopen();

  /** Releases the database. */
  abstract void dispose();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
      dispose();
    }
  }

  private static SubjectRecord subject(String id, String ref) {
    return new SubjectRecord(id, ref, 7, new byte[] {1, 2, 3}, 9, new byte[] {4, 5}, 0);
  }

  private static TokenRecord token(String token, String domain, String lookup, long expiresAt) {
    return new TokenRecord(
        token, domain, "S1", lookup, 7, TokenPolicy.DETERMINISTIC, new byte[] {6}, 1, expiresAt);
  }

  @Test
  void subject_insertThenFind_roundTrips() {
    assertTrue(store.insertSubject(subject("S1", "ref1")));
    SubjectRecord s = store.subjectByRef("ref1").orElseThrow();
    assertEquals("S1", s.id());
    assertArrayEquals(new byte[] {1, 2, 3}, s.wrappedKey());
    assertArrayEquals(new byte[] {4, 5}, s.identityCiphertext());
    assertTrue(store.subject("S1").isPresent());
    assertTrue(store.subject("S2").isEmpty());
  }

  @Test
  void subject_duplicateRefOrId_returnsFalseAndKeepsFirst() {
    assertTrue(store.insertSubject(subject("S1", "ref1")));
    assertFalse(store.insertSubject(subject("S2", "ref1")));
    assertFalse(store.insertSubject(subject("S1", "ref2")));
    assertEquals("S1", store.subjectByRef("ref1").orElseThrow().id());
    assertTrue(store.subjectByRef("ref2").isEmpty());
  }

  @Test
  void token_duplicateLookupInDomain_returnsFalse_otherDomainOrNullLookupsDoNot() {
    assertTrue(store.insertToken(token("T1", "parking", "L", 100)));
    assertFalse(store.insertToken(token("T2", "parking", "L", 100)));
    assertTrue(store.insertToken(token("T3", "transit", "L", 100)));
    assertTrue(store.insertToken(token("T4", "parking", null, 100)));
    assertTrue(store.insertToken(token("T5", "parking", null, 100)));
    assertFalse(store.insertToken(token("T1", "energy", "M", 100)));
    assertEquals("T1", store.tokenByLookup("parking", "L").orElseThrow().token());
    assertNull(store.token("T5").orElseThrow().lookup());
    assertEquals(4L, store.tokenCount());
  }

  @Test
  void forgetSubject_removesKeyIdentityRefAndLookups() {
    store.insertSubject(subject("S1", "ref1"));
    store.insertToken(token("T1", "parking", "L", 100));
    assertTrue(store.forgetSubject("S1", 42));
    SubjectRecord s = store.subject("S1").orElseThrow();
    assertNull(s.wrappedKey());
    assertNull(s.identityCiphertext());
    assertNull(s.ref());
    assertEquals(42, s.forgottenAt());
    assertTrue(store.subjectByRef("ref1").isEmpty());
    assertTrue(store.tokenByLookup("parking", "L").isEmpty());
    assertTrue(store.token("T1").isPresent());
    assertFalse(store.forgetSubject("S1", 43));
    // The ref is free again for a new subject.
    assertTrue(store.insertSubject(subject("S2", "ref1")));
  }

  @Test
  void purge_deletesExactlyTheExpired() {
    store.insertToken(token("T1", "parking", "A", 100));
    store.insertToken(token("T2", "parking", "B", 200));
    assertFalse(store.deleteIfExpired("T2", 150));
    assertEquals(1, store.purgeExpired(100));
    assertTrue(store.token("T1").isEmpty());
    assertTrue(store.deleteIfExpired("T2", 200));
    assertEquals(0L, store.tokenCount());
  }

  @Test
  void rewrapQueries_selectOutdatedRowsOnly() {
    store.insertSubject(subject("S1", "ref1"));
    store.insertSubject(new SubjectRecord("S2", "ref2", 8, new byte[] {1}, 10, new byte[] {2}, 0));
    assertEquals(
        List.of("S2"), store.subjectsToRewrap(9, 7, 10).stream().map(SubjectRecord::id).toList());
    assertTrue(store.updateSubject(new SubjectRecord("S2", "ref3", 7, new byte[] {9}, 9, null, 0)));
    assertTrue(store.subjectsToRewrap(9, 7, 10).isEmpty());
    store.insertToken(token("T1", "parking", "A", 100));
    assertTrue(store.tokensToReindex(7, 10).isEmpty());
    assertEquals(
        List.of("T1"), store.tokensToReindex(8, 10).stream().map(TokenRecord::token).toList());
    assertTrue(store.updateLookup("T1", "B", 8));
    assertTrue(store.tokenByLookup("parking", "B").isPresent());
  }

  @Test
  void vault_deterministicTokens_surviveReopen() throws Exception {
    VaultFixture f = new VaultFixture(store);
    String t = f.vault().tokenize(VaultFixture.PARKING, "ab-123-cd");
    assertEquals(t, f.vault().tokenize(VaultFixture.PARKING, "AB 123 CD"));
    store.close();
    store = reopen();
    VaultFixture g = f.sameKeysOver(store);
    PseudonymVault v = g.vault();
    assertEquals(t, v.tokenize(VaultFixture.PARKING, "AB123CD"));
    assertEquals("AB123CD", v.reidentify(VaultFixture.PARKING, t, g.police()));
  }

  @Test
  void vault_manyThreadsOneIdentity_getExactlyOneToken() throws Exception {
    PseudonymVault vault = new VaultFixture(store).vault();
    int threads = 8;
    int identities = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = 0; i < identities; i++) {
        String plate = "RACE" + i;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return vault.tokenize(VaultFixture.PARKING, plate);
                  }));
        }
        start.countDown();
        Set<String> tokens = new HashSet<>();
        for (Future<String> r : results) {
          tokens.add(r.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, tokens.size(), "tokens of " + plate);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals((long) identities, store.tokenCount());
  }

  @Test
  void vault_forget_makesEveryTokenOfTheSubjectUnresolvable() throws Exception {
    VaultFixture f = new VaultFixture(store);
    PseudonymVault v = f.vault();
    String parking = v.tokenize(VaultFixture.PARKING, "AB123CD");
    String transit = v.tokenize(VaultFixture.TRANSIT, "AB123CD");
    assertTrue(v.forget("ab-123-cd"));
    for (String[] dt :
        new String[][] {{VaultFixture.PARKING, parking}, {VaultFixture.TRANSIT, transit}}) {
      ReidentificationException e =
          assertThrows(
              ReidentificationException.class, () -> v.reidentify(dt[0], dt[1], f.police()));
      assertEquals(Reason.SUBJECT_FORGOTTEN, e.reason());
      assertTrue(
          e.getMessage().contains("forgotten") && e.getMessage().contains("crypto-shredded"),
          e.getMessage());
    }
    assertFalse(v.forget("AB123CD"));
    // The same plate seen again gets a new subject and a new token.
    assertNotEquals(parking, v.tokenize(VaultFixture.PARKING, "AB123CD"));
  }

  @Test
  void vault_rotation_keepsLookupsAndRewrapLetsOldKeysGo() throws Exception {
    VaultFixture f = new VaultFixture(store);
    PseudonymVault v1 = f.vault();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tokens.add(v1.tokenize(VaultFixture.PARKING, "ROT" + i));
    }
    String doc = v1.tokenize(VaultFixture.EXPORTS, "ROT0", "export-1");
    KeysetHandle oldKek = f.kek;
    KeysetHandle oldIndex = f.index;
    f.kek = PseudonymVault.rotate(oldKek);
    f.index = PseudonymVault.rotate(oldIndex);
    PseudonymVault v2 = f.vault();
    // Before the rewrap, lookups under the old index key still find the tokens.
    for (int i = 0; i < 10; i++) {
      assertEquals(tokens.get(i), v2.tokenize(VaultFixture.PARKING, "ROT" + i));
    }
    assertEquals(10 + 10 + 1, v2.rewrap());
    assertEquals(0, v2.rewrap());
    // Only the new keys: everything still resolves and looks up.
    f.kek = onlyPrimary(f.kek);
    f.index = onlyPrimary(f.index);
    PseudonymVault v3 = f.vault();
    for (int i = 0; i < 10; i++) {
      assertEquals(java.util.Optional.of(tokens.get(i)), v3.find(VaultFixture.PARKING, "ROT" + i));
      assertEquals("ROT" + i, v3.reidentify(VaultFixture.PARKING, tokens.get(i), f.police()));
    }
    assertEquals(doc, v3.tokenize(VaultFixture.EXPORTS, "ROT0", "export-1"));
    assertTrue(v3.forget("ROT3"));
  }

  private static KeysetHandle onlyPrimary(KeysetHandle h) throws Exception {
    KeysetHandle.Builder b = KeysetHandle.newBuilder(h);
    for (int i = h.size() - 1; i >= 0; i--) {
      if (!h.getAt(i).isPrimary()) {
        b.deleteAt(i);
      }
    }
    return b.build();
  }

  @Test
  void vault_retention_expiresThenPurges() throws Exception {
    VaultFixture f = new VaultFixture(store);
    PseudonymVault v = f.vault();
    String t = v.tokenize(VaultFixture.TRANSIT, "EXP1");
    f.clock.advance(Duration.ofDays(7));
    Executable resolve = () -> v.reidentify(VaultFixture.TRANSIT, t, f.police());
    ReidentificationException e = assertThrows(ReidentificationException.class, resolve);
    assertEquals(Reason.EXPIRED_TOKEN, e.reason());
    assertEquals(1, v.purgeExpired());
    e = assertThrows(ReidentificationException.class, resolve);
    assertEquals(Reason.UNKNOWN_TOKEN, e.reason());
  }
}
