package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.policy.AccessDeniedException;
import io.privacity.core.policy.Principal;
import io.privacity.crypto.pseudonym.ReidentificationException.Reason;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Vault behaviour on an in-memory H2 store: policy, ledger, rate limit, policies, bad input. */
class PseudonymVaultTest {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String PARKING = VaultFixture.PARKING;

  private VaultFixture f;
  private PseudonymVault vault;

  @BeforeEach
  void setUp() {
    f = new VaultFixture(VaultStore.h2InMemory("vaulttest" + COUNTER.incrementAndGet()));
    vault = f.vault(5);
  }

  @AfterEach
  void tearDown() {
    vault.close();
  }

  private List<LedgerEntry> entries(LedgerEventType type) {
    return f.ledger.entries().stream().filter(e -> e.type() == type).toList();
  }

  @Test
  void police_withWarrant_isGrantedAndLedgered() throws Exception {
    String t = vault.tokenize(PARKING, "ab-123-cd");
    assertEquals("AB123CD", vault.reidentify(PARKING, t, f.police()));
    List<LedgerEntry> r = entries(LedgerEventType.REIDENTIFICATION);
    assertEquals(1, r.size());
    assertEquals("GRANTED", r.get(0).details().get("outcome"));
    assertEquals("officer-17", r.get(0).details().get("principal"));
    assertTrue(f.ledgerKey.opens(r.get(0), "justification", "warrant 2026-117"));
    assertTrue(f.ledgerKey.opens(r.get(0), "token", t));
    assertFalse(r.get(0).details().containsKey("token"));
  }

  @Test
  void marketing_isDeniedAndLedgered() {
    String t = vault.tokenize(PARKING, "AB123CD");
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class, () -> vault.reidentify(PARKING, t, f.marketing()));
    assertEquals(AccessDeniedException.Reason.NO_MATCHING_RULE, e.reason());
    List<LedgerEntry> denied = entries(LedgerEventType.ACCESS_DENIED);
    assertEquals(1, denied.size());
    assertEquals("growth-team", denied.get(0).details().get("principal"));
    assertEquals("marketing", denied.get(0).details().get("purpose"));
    assertTrue(entries(LedgerEventType.REIDENTIFICATION).isEmpty());
  }

  @Test
  void police_outsideTheirDomains_isDenied() {
    String t = vault.tokenize(VaultFixture.EXPORTS, "AB123CD", "export-1");
    assertThrows(
        AccessDeniedException.class, () -> vault.reidentify(VaultFixture.EXPORTS, t, f.police()));
    assertEquals(1, entries(LedgerEventType.ACCESS_DENIED).size());
  }

  @Test
  void expiredAuthorization_isDeniedAndLedgered() {
    String t = vault.tokenize(PARKING, "AB123CD");
    var warrant = f.police();
    f.clock.advance(Duration.ofDays(366));
    AccessDeniedException e =
        assertThrows(AccessDeniedException.class, () -> vault.reidentify(PARKING, t, warrant));
    assertEquals(AccessDeniedException.Reason.EXPIRED, e.reason());
    assertEquals(1, entries(LedgerEventType.ACCESS_DENIED).size());
  }

  @Test
  void rateLimit_refusesBeyondTheLimitAndLedgersIt_thenRecovers() throws Exception {
    String t = vault.tokenize(PARKING, "AB123CD");
    for (int i = 0; i < 5; i++) {
      vault.reidentify(PARKING, t, f.police());
    }
    ReidentificationException e =
        assertThrows(
            ReidentificationException.class, () -> vault.reidentify(PARKING, t, f.police()));
    assertEquals(Reason.RATE_LIMITED, e.reason());
    assertEquals(
        "RATE_LIMITED", entries(LedgerEventType.ACCESS_DENIED).get(0).details().get("outcome"));
    // Another principal is not affected; the limit slides.
    vault.reidentify(
        PARKING,
        t,
        f.authorization(Principal.of("officer-18", "police-officer"), VaultFixture.LAW));
    f.clock.advance(Duration.ofHours(1));
    assertEquals("AB123CD", vault.reidentify(PARKING, t, f.police()));
  }

  @Test
  void everyAttempt_isLedgered() throws Exception {
    String t = vault.tokenize(PARKING, "AB123CD");
    vault.reidentify(PARKING, t, f.police());
    assertThrows(AccessDeniedException.class, () -> vault.reidentify(PARKING, t, f.marketing()));
    String unknown = "0".repeat(32);
    assertThrows(
        ReidentificationException.class, () -> vault.reidentify(PARKING, unknown, f.police()));
    vault.forget("AB123CD");
    assertThrows(ReidentificationException.class, () -> vault.reidentify(PARKING, t, f.police()));
    List<String> outcomes =
        f.ledger.entries().stream()
            .filter(e -> e.details().containsKey("outcome"))
            .map(e -> e.details().get("outcome"))
            .toList();
    assertEquals(
        List.of("GRANTED", "NO_MATCHING_RULE", "UNKNOWN_TOKEN", "UNKNOWN_TOKEN"), outcomes);
    assertEquals(1, entries(LedgerEventType.ERASURE).size());
    assertTrue(f.ledger.verify().isOk());
    // Publishable: tokens and justifications are private details (commitments), never public.
    for (LedgerEntry e : f.ledger.entries()) {
      for (String key : e.details().keySet()) {
        assertFalse(
            Set.of("token", "tokens", "subject", "subjectid", "subjectref", "justification")
                .contains(key.toLowerCase(java.util.Locale.ROOT)),
            key + " in " + e.toJson());
      }
    }
  }

  @Test
  void forget_thenReidentify_failsWithClearError() throws Exception {
    String t = vault.tokenize(PARKING, "AB123CD");
    vault.forget("ab 123 cd");
    ReidentificationException e =
        assertThrows(
            ReidentificationException.class, () -> vault.reidentify(PARKING, t, f.police()));
    assertEquals(Reason.UNKNOWN_TOKEN, e.reason());
    assertTrue(e.getMessage().contains("its subject forgotten"), e.getMessage());
    // The erasure ledger entry names the subject's random id, never the plate.
    LedgerEntry erasure = entries(LedgerEventType.ERASURE).get(0);
    assertTrue(!erasure.toJson().contains("AB123CD"));
  }

  @Test
  void policies_deterministicDocumentAndFullyRandomised() {
    String a = vault.tokenize(PARKING, "AB123CD");
    assertEquals(a, vault.tokenize(PARKING, "ab-123-cd"));
    String d1 = vault.tokenize(VaultFixture.EXPORTS, "AB123CD", "file-1");
    assertEquals(d1, vault.tokenize(VaultFixture.EXPORTS, "AB123CD", "file-1"));
    String d2 = vault.tokenize(VaultFixture.EXPORTS, "AB123CD", "file-2");
    assertNotEquals(d1, d2);
    Set<String> random = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      random.add(vault.tokenize(VaultFixture.TRANSIT, "AB123CD"));
    }
    assertEquals(20, random.size());
    assertEquals(Set.of(a, d1, d2), Set.of(a, d1, d2));
    assertEquals(3, Set.of(a, d1, d2).size());
  }

  @Test
  void expiredToken_deterministicDomain_getsANewToken() {
    String a = vault.tokenize(PARKING, "AB123CD");
    f.clock.advance(Duration.ofDays(30));
    assertTrue(vault.find(PARKING, "AB123CD", f.police()).isEmpty());
    String b = vault.tokenize(PARKING, "AB123CD");
    assertNotEquals(a, b);
  }

  @Test
  void tamperedTokenRow_failsVerification_andIsLedgered() {
    String t = vault.tokenize(PARKING, "AB123CD");
    String u = vault.tokenize(PARKING, "ZZ999ZZ");
    VaultRows rows = (VaultRows) f.store;
    VaultRows.TokenRow tr = rows.token(t).orElseThrow();
    VaultRows.TokenRow ur = rows.token(u).orElseThrow();
    // Point t's row at u's subject (u's encrypted subject reference and tag): the reference is
    // bound to (domain, token) as associated data, so under t it must not verify.
    rows.purgeExpired(Long.MAX_VALUE, 0);
    rows.insertToken(
        new VaultRows.TokenRow(
            t, tr.domain(), ur.subjectRef(), tr.docLookup(), ur.tag(), tr.expiresAt()));
    assertThrows(GeneralSecurityException.class, () -> vault.reidentify(PARKING, t, f.police()));
    assertEquals(
        "INTEGRITY_FAILURE",
        entries(LedgerEventType.REIDENTIFICATION).get(0).details().get("outcome"));
  }

  static Stream<Arguments> badInput() {
    String token = "0".repeat(32);
    return Stream.of(
            Arguments.of("tokenize: empty identifier", "identifier must be a non-empty string"),
            Arguments.of("tokenize: null identifier", "identifier must be a non-empty string"),
            Arguments.of("tokenize: blank identifier", "identifier must be non-empty after"),
            Arguments.of("tokenize: not a plate", "identifier must be a licence plate"),
            Arguments.of("tokenize: unknown domain", "domain must be one of"),
            Arguments.of("tokenize: null domain", "domain must be one of"),
            Arguments.of("tokenize: document on deterministic domain", "a document applies only"),
            Arguments.of(
                "tokenize: missing document", "use tokenize(domain, identifier, document)"),
            Arguments.of("tokenize: empty document", "document must be a non-empty string"),
            Arguments.of("reidentify: malformed token", "token must be 32 Crockford base-32"),
            Arguments.of("reidentify: lower-case token", "token must be 32 Crockford base-32"),
            Arguments.of("reidentify: token with I", "token must be 32 Crockford base-32"),
            Arguments.of("reidentify: null token", "token must be 32 Crockford base-32"),
            Arguments.of("reidentify: unknown domain", "domain must be one of"),
            Arguments.of("reidentify: null authorization", "authorization must not be null"),
            Arguments.of("forget: empty subject", "identifier must be a non-empty string"),
            Arguments.of("find: fully randomised domain", "find(...) needs a DETERMINISTIC domain"),
            Arguments.of("builder: zero retention", "retention must be > 0"),
            Arguments.of("builder: bad domain name", "name must be 1-64 lower-case"),
            Arguments.of("builder: duplicate domain", "domain names must be unique"),
            Arguments.of("builder: zero rate limit", "max must be >= 1"),
            Arguments.of("builder: index keyset is an AEAD keyset", "indexKeyset's primary key"),
            Arguments.of(
                "builder: key-encryption keyset is a PRF keyset", "keyEncryptionKeyset must be"))
        .map(a -> Arguments.of(a.get()[0], a.get()[1], token));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInput_throwsIllegalArgumentNamingTheProblem(String label, String message, String token) {
    Executable call =
        switch (label) {
          case "tokenize: empty identifier" -> () -> vault.tokenize(PARKING, "");
          case "tokenize: null identifier" -> () -> vault.tokenize(PARKING, null);
          case "tokenize: blank identifier" -> () -> vault.tokenize(PARKING, " - ");
          case "tokenize: not a plate" -> () -> vault.tokenize(PARKING, "AB/12");
          case "tokenize: unknown domain" -> () -> vault.tokenize("marketing", "AB123CD");
          case "tokenize: null domain" -> () -> vault.tokenize(null, "AB123CD");
          case "tokenize: document on deterministic domain" ->
              () -> vault.tokenize(PARKING, "AB123CD", "doc");
          case "tokenize: missing document" ->
              () -> vault.tokenize(VaultFixture.EXPORTS, "AB123CD");
          case "tokenize: empty document" ->
              () -> vault.tokenize(VaultFixture.EXPORTS, "AB123CD", "");
          case "reidentify: malformed token" ->
              () -> vault.reidentify(PARKING, "not-a-token", f.police());
          case "reidentify: lower-case token" ->
              () -> vault.reidentify(PARKING, token.replace('0', 'a'), f.police());
          case "reidentify: token with I" ->
              () -> vault.reidentify(PARKING, token.replace('0', 'I'), f.police());
          case "reidentify: null token" -> () -> vault.reidentify(PARKING, null, f.police());
          case "reidentify: unknown domain" -> () -> vault.reidentify("nope", token, f.police());
          case "reidentify: null authorization" -> () -> vault.reidentify(PARKING, token, null);
          case "forget: empty subject" -> () -> vault.forget("");
          case "find: fully randomised domain" ->
              () -> vault.find(VaultFixture.TRANSIT, "AB123CD", f.police());
          case "builder: zero retention" ->
              () -> PseudonymVault.builder().domain("x", TokenPolicy.DETERMINISTIC, Duration.ZERO);
          case "builder: bad domain name" ->
              () ->
                  PseudonymVault.builder()
                      .domain("Parking!", TokenPolicy.DETERMINISTIC, Duration.ofDays(1));
          case "builder: duplicate domain" ->
              () ->
                  PseudonymVault.builder()
                      .domain("p", TokenPolicy.DETERMINISTIC, Duration.ofDays(1))
                      .domain("p", TokenPolicy.DETERMINISTIC, Duration.ofDays(1));
          case "builder: zero rate limit" ->
              () -> PseudonymVault.builder().rateLimit(0, Duration.ofHours(1));
          case "builder: index keyset is an AEAD keyset" ->
              () ->
                  PseudonymVault.builder()
                      .indexKeyset(PseudonymVault.generateKeyEncryptionKeyset());
          case "builder: key-encryption keyset is a PRF keyset" ->
              () ->
                  PseudonymVault.builder()
                      .keyEncryptionKeyset(PseudonymVault.generateIndexKeyset());
          default -> throw new AssertionError(label);
        };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(entries(LedgerEventType.REIDENTIFICATION).isEmpty());
  }

  @Test
  void unknownAndExpiredTokens_areEnumeratedReasons() {
    String t = vault.tokenize(VaultFixture.TRANSIT, "AB123CD");
    ReidentificationException unknown =
        assertThrows(
            ReidentificationException.class,
            () -> vault.reidentify(PARKING, t, f.police())); // right token, wrong domain
    assertEquals(Reason.UNKNOWN_TOKEN, unknown.reason());
    f.clock.advance(Duration.ofDays(8));
    ReidentificationException expired =
        assertThrows(
            ReidentificationException.class,
            () -> vault.reidentify(VaultFixture.TRANSIT, t, f.police()));
    assertEquals(Reason.EXPIRED_TOKEN, expired.reason());
    assertTrue(expired.getMessage().contains("expired at"), expired.getMessage());
  }

  /**
   * Issue 15, equality oracle: "is this identity known" needs an authorization the policy grants,
   * is ledgered and rate-limited. Before, find(domain, plate) answered anyone (a plate was
   * recovered in 4,243 guesses).
   */
  @Test
  void find_needsAGrantingAuthorization_isLedgered_andSharesTheRateLimit() throws Exception {
    String t = vault.tokenize(PARKING, "AB123CD");
    AccessDeniedException denied =
        assertThrows(
            AccessDeniedException.class, () -> vault.find(PARKING, "AB123CD", f.marketing()));
    assertEquals(AccessDeniedException.Reason.NO_MATCHING_RULE, denied.reason());
    LedgerEntry d = entries(LedgerEventType.ACCESS_DENIED).get(0);
    assertEquals("lookup", d.details().get("request"));
    assertEquals(Optional.of(t), vault.find(PARKING, "ab 123 cd", f.police()));
    assertEquals(Optional.empty(), vault.find(PARKING, "ZZ999ZZ", f.police()));
    List<LedgerEntry> lookups = entries(LedgerEventType.REIDENTIFICATION);
    assertEquals(
        List.of("FOUND", "NOT_FOUND"),
        lookups.stream().map(e -> e.details().get("outcome")).toList());
    assertTrue(f.ledgerKey.opens(lookups.get(0), "token", t));
    for (LedgerEntry e : f.ledger.entries()) {
      assertFalse(e.toJson().contains("AB123CD") || e.toJson().contains("ZZ999ZZ"), e.toJson());
    }
    // The limit (5) counts finds and re-identifications together.
    vault.reidentify(PARKING, t, f.police());
    vault.find(PARKING, "AB123CD", f.police());
    vault.find(PARKING, "AB123CD", f.police());
    ReidentificationException limited =
        assertThrows(
            ReidentificationException.class, () -> vault.find(PARKING, "QQ111QQ", f.police()));
    assertEquals(Reason.RATE_LIMITED, limited.reason());
  }

  /**
   * Issue 15: tokenize must not tell a caller whether the identity was known. The return value is a
   * fresh-looking token either way, nothing is ledgered, and the vault offers no count of tokens to
   * compare; forget does the same work and writes the same ledger entry for a known and an unknown
   * identity.
   */
  @Test
  void tokenizeAndForget_doNotRevealWhetherAnIdentityWasKnown() {
    vault.tokenize(PARKING, "KN0WN1");
    int before = f.ledger.entries().size();
    String known = vault.tokenize(PARKING, "KN0WN1");
    String fresh = vault.tokenize(PARKING, "FRE5H1");
    assertEquals(before, f.ledger.entries().size());
    assertTrue(known.matches("[0-9A-HJKMNP-TV-Z]{32}") && fresh.matches("[0-9A-HJKMNP-TV-Z]{32}"));
    vault.forget("KN0WN1");
    vault.forget("NEVER1");
    List<LedgerEntry> erasures = entries(LedgerEventType.ERASURE);
    assertEquals(2, erasures.size());
    assertEquals(erasures.get(0).details(), erasures.get(1).details());
    assertEquals(erasures.get(0).summary(), erasures.get(1).summary());
    for (java.lang.reflect.Method m : VaultStore.class.getMethods()) {
      assertFalse(m.getName().toLowerCase(java.util.Locale.ROOT).contains("count"), m.getName());
    }
  }

  /** Issue 15: no message of tokenize, find or forget repeats the identifier. */
  @Test
  void messages_neverEchoTheIdentifier() {
    String[] bad = {"SECRET/PLATE", "SÉCRET‽99", "SECRETPLATE-0123456789", " - "};
    for (String id : bad) {
      for (Executable call :
          List.<Executable>of(
              () -> vault.tokenize(PARKING, id),
              () -> vault.tokenizeAll(PARKING, List.of("AB1", id)),
              () -> vault.tokenize(VaultFixture.EXPORTS, id, "doc-1"),
              () -> vault.find(PARKING, id, f.police()),
              () -> vault.forget(id))) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("ÉCRET"), e.getMessage());
        assertFalse(e.getMessage().contains("0123456789"), e.getMessage());
      }
    }
    ReidentificationException e =
        assertThrows(
            ReidentificationException.class,
            () -> {
              String t = vault.tokenize(PARKING, "EC40HO");
              vault.forget("EC40HO");
              vault.reidentify(PARKING, t, f.police());
            });
    assertFalse(e.getMessage().contains("EC40HO"), e.getMessage());
  }

  /** tokenizeAll returns what tokenize would, in input order, in one transaction. */
  @Test
  void tokenizeAll_matchesOneByOne_inInputOrder_andRepeats() throws Exception {
    String known = vault.tokenize(PARKING, "AA111AA");
    List<String> ids = List.of("bb-222-bb", "AA111AA", "CC333CC", "BB222BB", "aa 111 aa");
    List<String> tokens = vault.tokenizeAll(PARKING, ids);
    assertEquals(5, tokens.size());
    assertEquals(known, tokens.get(1));
    assertEquals(known, tokens.get(4));
    assertEquals(tokens.get(0), tokens.get(3));
    assertEquals(tokens.get(0), vault.tokenize(PARKING, "BB222BB"));
    assertEquals(tokens.get(2), vault.tokenize(PARKING, "CC333CC"));
    assertEquals("CC333CC", vault.reidentify(PARKING, tokens.get(2), f.police()));
    List<String> random = vault.tokenizeAll(VaultFixture.TRANSIT, List.of("AA111AA", "AA111AA"));
    assertNotEquals(random.get(0), random.get(1));
    List<String> doc = vault.tokenizeAll(VaultFixture.EXPORTS, List.of("AA111AA", "DD4"), "f-1");
    assertEquals(doc.get(0), vault.tokenize(VaultFixture.EXPORTS, "AA111AA", "f-1"));
    assertNotEquals(doc.get(0), vault.tokenize(VaultFixture.EXPORTS, "AA111AA", "f-2"));
    // An expired token is replaced, as tokenize does.
    f.clock.advance(Duration.ofDays(31));
    String renewed = vault.tokenizeAll(PARKING, List.of("AA111AA")).get(0);
    assertNotEquals(known, renewed);
    assertEquals(renewed, vault.tokenize(PARKING, "AA111AA"));
  }

  /**
   * A batch large enough to scan the stored lookups bucket by bucket and to compute its HMACs on
   * all cores (over 512 distinct identities) finds every known identity, in any order and repeated,
   * among new ones; known identities tokenized one by one are found too.
   */
  @Test
  void tokenizeAll_largeBatch_findsEveryKnownIdentity_amongNewOnes() {
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      first.add(String.format(Locale.ROOT, "K%05d", i));
    }
    List<String> firstTokens = vault.tokenizeAll(PARKING, first);
    String single = vault.tokenize(PARKING, "S00001");
    List<String> mixed = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      mixed.add(String.format(Locale.ROOT, "N%05d", i));
      mixed.add(first.get(699 - i));
    }
    mixed.add("S00001");
    mixed.add(first.get(3));
    List<String> tokens = vault.tokenizeAll(PARKING, mixed);
    assertEquals(mixed.size(), tokens.size());
    for (int i = 0; i < 700; i++) {
      assertEquals(firstTokens.get(699 - i), tokens.get(2 * i + 1), "known identity " + i);
      assertFalse(firstTokens.contains(tokens.get(2 * i)), "new identity " + i);
      assertEquals(tokens.get(2 * i), vault.tokenize(PARKING, mixed.get(2 * i)));
    }
    assertEquals(single, tokens.get(1400));
    assertEquals(firstTokens.get(3), tokens.get(1401));
    assertEquals(1401, new HashSet<>(tokens).size());
  }

  @Test
  void tokenizeAll_badIdentifier_namesItsIndex_andStoresNothing() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> vault.tokenizeAll(PARKING, List.of("NEW1", "NEW2", "BAD/3")));
    assertTrue(e.getMessage().startsWith("identifiers[2]: "), e.getMessage());
    assertTrue(vault.find(PARKING, "NEW1", f.police()).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> vault.tokenizeAll(PARKING, null));
    assertEquals(List.of(), vault.tokenizeAll(PARKING, List.of()));
  }

  @Test
  void builder_missingParts_throwIllegalState() {
    assertThrows(IllegalStateException.class, () -> PseudonymVault.builder().build());
  }
}
