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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private VaultRows rows() {
    return (VaultRows) store;
  }

  /** Subject {@code n} of {@code bucket}: its id has the bucket in its top bits. */
  private static long sid(int bucket, long n) {
    return VaultRows.firstSid(bucket) + n;
  }

  private static VaultRows.SubjectRow subject(long sid, long lookup) {
    return new VaultRows.SubjectRow(sid, lookup, new byte[] {1, 2, 3});
  }

  private static VaultRows.TokenRow token(String token, Long docLookup, long expiresAt) {
    return new VaultRows.TokenRow(
        token, "parking", new byte[] {9}, docLookup, new byte[] {6}, expiresAt);
  }

  @Test
  void subject_insertThenFind_roundTrips_duplicateIdRefused_lookupsMayCollide() {
    assertTrue(rows().insertSubject(subject(sid(5, 1), 10)));
    assertFalse(rows().insertSubject(subject(sid(5, 1), 11)));
    assertTrue(rows().insertSubject(subject(sid(6, 1), 10)));
    assertTrue(rows().insertSubject(subject(VaultRows.lastSid(63), 12)));
    assertTrue(rows().insertSubject(subject(VaultRows.firstSid(0), 13)));
    assertEquals(2, rows().subjectsByLookup(List.of(10L, 99L)).size());
    VaultRows.SubjectRow s = rows().subject(sid(5, 1)).orElseThrow();
    assertEquals(5, s.bucket());
    assertEquals(10L, s.lookup());
    assertArrayEquals(new byte[] {1, 2, 3}, s.wrapped());
    assertTrue(rows().subject(sid(5, 2)).isEmpty());
    assertEquals(1, rows().subjectsInBucket(5).size());
    assertEquals(1, rows().lookupsInBucket(6).size());
    assertTrue(rows().subjectsInBucket(7).isEmpty());
    // The first and last buckets' key ranges end at the ends of the id space.
    assertEquals(63, rows().subjectsInBucket(63).get(0).bucket());
    assertEquals(1, rows().subjectsInBucket(0).size());
  }

  @Test
  void tokenRefs_arePagedThroughEveryToken() {
    for (int i = 0; i < 25; i++) {
      assertTrue(rows().insertToken(token("P" + i, null, 100)));
    }
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    rows()
        .eachTokenRef(
            10,
            page -> {
              sizes.add(page.size());
              page.forEach(t -> seen.add(t.token()));
            });
    assertEquals(List.of(10, 10, 5), sizes);
    assertEquals(25, new HashSet<>(seen).size());
  }

  @Test
  void insertAll_aTakenKey_storesNothingAndSaysSo() {
    assertTrue(rows().insertSubject(subject(sid(3, 9), 1)));
    List<VaultRows.SubjectRow> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(subject(sid(4, i), 100 + i));
    }
    many.add(subject(sid(3, 9), 2)); // taken
    assertFalse(rows().insertAll(many, List.of(token("N1", 1L, 100))));
    assertEquals(1L, rows().subjectCount());
    assertEquals(0L, rows().tokenCount());
    assertTrue(rows().insertAll(many.subList(0, 40), List.of(token("N1", 1L, 100))));
    assertEquals(41L, rows().subjectCount());
  }

  @Test
  void token_duplicateToken_returnsFalse_docLookupsMayRepeat() {
    assertTrue(rows().insertToken(token("T1", 1L, 100)));
    assertTrue(rows().insertToken(token("T2", 1L, 100)));
    assertTrue(rows().insertToken(token("T4", null, 100)));
    assertTrue(rows().insertToken(token("T5", null, 100)));
    assertFalse(rows().insertToken(token("T1", 2L, 100)));
    assertEquals(2, rows().tokensByDocLookup(1L).size());
    assertEquals(2, rows().tokensByDocLookup(List.of(1L, 3L)).size());
    assertNull(rows().token("T5").orElseThrow().docLookup());
    assertEquals(4L, rows().tokenCount());
  }

  @Test
  void rotate_updatesDeletesAndRecordsGenerations_inOneTransaction() {
    assertTrue(rows().initKeys("file-1", 4));
    assertFalse(rows().initKeys("file-2", 4));
    rows().insertSubject(subject(sid(2, 1), 10));
    rows().insertSubject(subject(sid(2, 2), 11));
    rows().insertToken(token("T1", 1L, 100));
    rows().insertToken(token("T2", 2L, 100));
    rows()
        .rotate(
            new VaultRows.Rotation(
                List.of(new VaultRows.SubjectRow(sid(2, 1), 12, new byte[] {7})),
                List.of(sid(2, 2)),
                List.of("T2"),
                Map.of(2, 2L),
                true));
    assertArrayEquals(new long[] {1, 1, 2, 1}, rows().generations(4));
    assertArrayEquals(new byte[] {7}, rows().subject(sid(2, 1)).orElseThrow().wrapped());
    assertEquals(12L, rows().subject(sid(2, 1)).orElseThrow().lookup());
    assertTrue(rows().subject(sid(2, 2)).isEmpty());
    assertEquals(1L, rows().subjectCount());
    assertTrue(rows().token("T2").isEmpty());
    assertTrue(rows().token("T1").isPresent());
    // An erasure's old copies are removed from the files by the store (H2: a rewrite); the data
    // stays.
    rows().eraseOldCopies();
    assertTrue(rows().token("T1").isPresent());
    assertEquals(1L, rows().subjectCount());
  }

  @Test
  void purge_deletesExactlyTheExpired_andOldAttempts() {
    rows().insertToken(token("T1", 1L, 100));
    rows().insertToken(token("T2", 2L, 200));
    assertFalse(rows().deleteIfExpired("T2", 150));
    rows().insertAttempt(5, 10);
    rows().insertAttempt(5, 20);
    assertEquals(1, rows().attemptsSince(5, 10));
    assertEquals(1, rows().purgeExpired(100, 20));
    assertEquals(0, rows().attemptsSince(5, 0));
    assertTrue(rows().token("T1").isEmpty());
    assertTrue(rows().deleteIfExpired("T2", 200));
    assertEquals(0L, rows().tokenCount());
  }

  /**
   * Issue 15, "no linkable column": with a copy of the database, no column value singles out one
   * subject across domains (a value in its rows of two domains and in no other subject's row), and
   * no value holds the identity or its unkeyed SHA-256. Before, {@code pv_token.subject_id} held
   * one value for all of a plate's tokens.
   */
  @Test
  void databaseCopy_linksNoSubjectAcrossDomains_andHoldsNoIdentity() throws Exception {
    VaultFixture f = new VaultFixture(store);
    PseudonymVault v = f.vault();
    // 401 subjects in 3 domains: 1,203 subject rows over 64 random buckets. A bucket number flags
    // a subject only if two of its rows share a bucket (probability < 3/64) that no other of the
    // 1,201 rows uses ((63/64)^1201 < 7e-9): below 1e-7 per run for the 401 subjects together. The
    // number is drawn at random, never derived from the identity.
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      others.add("LK" + (1000 + i) + "AB");
    }
    Map<String, String> owner = new HashMap<>();
    Map<String, String> domainOf = new HashMap<>();
    List<String> everyone = new ArrayList<>(others);
    everyone.add("XT4521QQ");
    bulk(v, others, owner, domainOf);
    for (String p : List.of("XT4521QQ")) {
      for (String[] dt :
          new String[][] {
            {VaultFixture.PARKING, v.tokenize(VaultFixture.PARKING, p)},
            {VaultFixture.TRANSIT, v.tokenize(VaultFixture.TRANSIT, p)},
            {VaultFixture.TRANSIT, v.tokenize(VaultFixture.TRANSIT, p)},
            {VaultFixture.EXPORTS, v.tokenize(VaultFixture.EXPORTS, p, "file-1")},
            {VaultFixture.EXPORTS, v.tokenize(VaultFixture.EXPORTS, p, "file-2")}
          }) {
        owner.put(dt[1], p);
        domainOf.put(dt[1], dt[0]);
      }
    }
    Map<Long, String[]> subjectOwner = new HashMap<>();
    for (String p : everyone) {
      for (String d : List.of(VaultFixture.PARKING, VaultFixture.TRANSIT, VaultFixture.EXPORTS)) {
        subjectOwner.put(v.context().findSubject(d, p).orElseThrow().sid(), new String[] {p, d});
      }
    }
    JdbcVaultStore db = (JdbcVaultStore) store;
    // value -> (plate -> domains it appears in)
    Map<String, Map<String, Set<String>>> seen = new HashMap<>();
    byte[] sha =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest("XT4521QQ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (String table : List.of("pv_token", "pv_subject", "pv_meta", "pv_domain", "pv_bucket")) {
      for (List<Object> row : db.dump(table)) {
        String plate = null;
        String domain = null;
        if (table.equals("pv_token")) {
          plate = owner.get((String) row.get(1));
          domain = domainOf.get((String) row.get(1));
        } else if (table.equals("pv_subject")) {
          String[] o = subjectOwner.get(((Number) row.get(0)).longValue());
          plate = o[0];
          domain = o[1];
        }
        for (int col = 0; col < row.size(); col++) {
          Object value = row.get(col);
          String text =
              value instanceof byte[] b
                  ? java.util.HexFormat.of().formatHex(b)
                  : String.valueOf(value);
          assertFalse(text.toUpperCase(java.util.Locale.ROOT).contains("XT4521QQ"), table);
          assertFalse(text.contains(java.util.HexFormat.of().formatHex(sha)), table);
          if (value instanceof byte[] b) {
            assertFalse(java.util.Arrays.equals(b, sha), table);
          }
          if (plate != null && value != null) {
            seen.computeIfAbsent(table + "." + col + "=" + text, k -> new HashMap<>())
                .computeIfAbsent(plate, k -> new HashSet<>())
                .add(domain);
          }
        }
      }
    }
    for (Map.Entry<String, Map<String, Set<String>>> e : seen.entrySet()) {
      if (e.getValue().size() == 1) {
        Set<String> domains = e.getValue().values().iterator().next();
        assertTrue(
            domains.size() < 2,
            "value " + e.getKey() + " links one subject's rows in domains " + domains);
      }
    }
  }

  /** Tokens of {@code plates} in the three domains, in bulk, recorded by owner and domain. */
  private static void bulk(
      PseudonymVault v,
      List<String> plates,
      Map<String, String> owner,
      Map<String, String> domain) {
    List<List<String>> tokens =
        List.of(
            v.tokenizeAll(VaultFixture.PARKING, plates),
            v.tokenizeAll(VaultFixture.TRANSIT, plates),
            v.tokenizeAll(VaultFixture.TRANSIT, plates),
            v.tokenizeAll(VaultFixture.EXPORTS, plates, "file-1"),
            v.tokenizeAll(VaultFixture.EXPORTS, plates, "file-2"));
    String[] names = {
      VaultFixture.PARKING,
      VaultFixture.TRANSIT,
      VaultFixture.TRANSIT,
      VaultFixture.EXPORTS,
      VaultFixture.EXPORTS
    };
    for (int k = 0; k < tokens.size(); k++) {
      for (int i = 0; i < plates.size(); i++) {
        owner.put(tokens.get(k).get(i), plates.get(i));
        domain.put(tokens.get(k).get(i), names[k]);
      }
    }
  }

  /** Issue 15: the rate limit is counted in the store and survives a restart. */
  @Test
  void rateLimit_isPersisted_survivesReopen_perPrincipal() throws Exception {
    VaultFixture f = new VaultFixture(store);
    PseudonymVault v = f.vault(3);
    String t = v.tokenize(VaultFixture.PARKING, "RL123AB");
    for (int i = 0; i < 3; i++) {
      v.reidentify(VaultFixture.PARKING, t, f.police());
    }
    store.close();
    store = reopen();
    VaultFixture g = f.sameKeysOver(store);
    PseudonymVault w = g.vault(3);
    ReidentificationException e =
        assertThrows(
            ReidentificationException.class,
            () -> w.reidentify(VaultFixture.PARKING, t, g.police()));
    assertEquals(Reason.RATE_LIMITED, e.reason());
    assertEquals(
        Optional.of(t),
        w.find(
            VaultFixture.PARKING,
            "RL123AB",
            g.authorization(
                io.privacity.core.policy.Principal.of("officer-99", "police-officer"),
                VaultFixture.LAW)));
    g.clock.advance(Duration.ofHours(2));
    assertEquals(0, w.purgeExpired());
    assertEquals(0, ((JdbcVaultStore) store).dump("pv_attempt").size());
    assertEquals("RL123AB", w.reidentify(VaultFixture.PARKING, t, g.police()));
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
    assertEquals((long) identities, rows().tokenCount());
  }

  @Test
  void vault_forget_makesEveryTokenOfTheSubjectUnresolvable() throws Exception {
    VaultFixture f = new VaultFixture(store);
    PseudonymVault v = f.vault();
    String parking = v.tokenize(VaultFixture.PARKING, "AB123CD");
    String transit = v.tokenize(VaultFixture.TRANSIT, "AB123CD");
    String transit2 = v.tokenize(VaultFixture.TRANSIT, "AB123CD");
    String kept = v.tokenize(VaultFixture.TRANSIT, "KE123PT");
    v.forget("ab-123-cd");
    for (String[] dt :
        new String[][] {
          {VaultFixture.PARKING, parking},
          {VaultFixture.TRANSIT, transit},
          {VaultFixture.TRANSIT, transit2}
        }) {
      ReidentificationException e =
          assertThrows(
              ReidentificationException.class, () -> v.reidentify(dt[0], dt[1], f.police()));
      // Its token rows are deleted with it: the token is unknown, like one never issued.
      assertEquals(Reason.UNKNOWN_TOKEN, e.reason());
      assertTrue(e.getMessage().contains("forgotten"), e.getMessage());
      assertTrue(rows().token(dt[1]).isEmpty(), "token row of the forgotten subject");
    }
    assertEquals("KE123PT", v.reidentify(VaultFixture.TRANSIT, kept, f.police()));
    v.forget("AB123CD"); // again: no error, same work
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
    // Every subject (10 plates, 1 in the export domain) is rewrapped under fresh bucket keys.
    assertEquals(11, v2.rewrap());
    // Only the new keys: everything still resolves and looks up.
    f.kek = onlyPrimary(f.kek);
    f.index = onlyPrimary(f.index);
    PseudonymVault v3 = f.vault();
    for (int i = 0; i < 10; i++) {
      assertEquals(
          java.util.Optional.of(tokens.get(i)),
          v3.find(VaultFixture.PARKING, "ROT" + i, f.police()));
      assertEquals("ROT" + i, v3.reidentify(VaultFixture.PARKING, tokens.get(i), f.police()));
    }
    assertEquals(doc, v3.tokenize(VaultFixture.EXPORTS, "ROT0", "export-1"));
    v3.forget("ROT3");
    assertEquals(java.util.Optional.empty(), v3.find(VaultFixture.PARKING, "ROT3", f.police()));
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
