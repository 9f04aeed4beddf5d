package io.privacity.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyException;
import io.privacity.core.ledger.LedgerCommitmentKey;
import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.LedgerSink;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessDeniedException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Purpose LAW = Purpose.of("law-enforcement");
  private static final Purpose PLANNING = Purpose.of("traffic-planning");
  private static final Principal OFFICER = Principal.of("officer-4711", "police-officer");

  private static Authorization auth(Principal p, Purpose purpose, Instant from, Instant to) {
    return Authorization.builder()
        .principal(p)
        .purpose(purpose)
        .justification("warrant 2026/4711, district court")
        .issuedAt(from)
        .expiresAt(to)
        .build();
  }

  private static Authorization validAuth(Principal p, Purpose purpose) {
    return auth(p, purpose, NOW.minusSeconds(3600), NOW.plusSeconds(3600));
  }

  private static AccessPolicy.Builder policy() {
    return AccessPolicy.builder().clock(CLOCK).allow("police-officer", LAW, "parking/plates");
  }

  // ---------------------------------------------------------------- bad input, enumerated

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        " ",
        "Law",
        "law enforcement",
        "-law",
        "law-",
        "law--x",
        "a/b",
        "é",
        "law\n",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void purpose_malformed_throws(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Purpose.of(name));
    assertTrue(e.getMessage().startsWith("purpose must be"), e.getMessage());
    assertTrue(e.getMessage().contains("law-enforcement"), "example in message");
  }

  @Test
  void purpose_isAValue() {
    assertEquals(Purpose.of("law-enforcement"), LAW);
    assertEquals(LAW.hashCode(), Purpose.of("law-enforcement").hashCode());
    assertNotEquals(LAW, PLANNING);
    assertEquals("law-enforcement", LAW.name());
    assertEquals("law-enforcement", LAW.toString());
    assertEquals(Purpose.of("a.b_c-1"), Purpose.of("a.b_c-1"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "a\nb", "tab\tid"})
  void principal_badId_throws(String id) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Principal.of(id, "x"));
    assertTrue(e.getMessage().startsWith("id must"), e.getMessage());
  }

  @Test
  void principal_badRoles_throw() {
    assertThrows(IllegalArgumentException.class, () -> Principal.of("p", (Set<String>) null));
    assertThrows(IllegalArgumentException.class, () -> Principal.of("p", (String[]) null));
    IllegalArgumentException nullRole =
        assertThrows(IllegalArgumentException.class, () -> Principal.of("p", "a", null));
    assertTrue(nullRole.getMessage().startsWith("role must"), nullRole.getMessage());
    IllegalArgumentException badRole =
        assertThrows(IllegalArgumentException.class, () -> Principal.of("p", "Police Officer"));
    assertTrue(badRole.getMessage().contains("\"Police Officer\""), badRole.getMessage());
  }

  @Test
  void principal_isAValueWithSortedImmutableRoles() {
    Principal p = Principal.of("p-1", new HashSet<>(Arrays.asList("b", "a")));
    assertEquals(List.of("a", "b"), List.copyOf(p.roles()));
    assertThrows(UnsupportedOperationException.class, () -> p.roles().add("c"));
    assertEquals(Principal.of("p-1", "a", "b"), p);
    assertEquals(Principal.of("p-1", "a", "b").hashCode(), p.hashCode());
    assertTrue(p.hasRole("a"));
    assertTrue(Principal.of("p-2").roles().isEmpty());
    assertTrue(p.toString().contains("p-1"));
  }

  @Test
  void authorization_builderSetters_rejectBadValues() {
    Authorization.Builder b = Authorization.builder();
    assertThrows(IllegalArgumentException.class, () -> b.principal(null));
    assertThrows(IllegalArgumentException.class, () -> b.purpose(null));
    assertThrows(IllegalArgumentException.class, () -> b.justification(null));
    assertThrows(IllegalArgumentException.class, () -> b.justification(""));
    assertThrows(IllegalArgumentException.class, () -> b.justification("  "));
    assertThrows(IllegalArgumentException.class, () -> b.justification("a\u0000b"));
    assertThrows(IllegalArgumentException.class, () -> b.issuedAt(null));
    assertThrows(IllegalArgumentException.class, () -> b.expiresAt(null));
    assertThrows(IllegalArgumentException.class, () -> b.validFor(NOW, null));
    assertThrows(IllegalArgumentException.class, () -> b.validFor(null, Duration.ofHours(1)));
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> b.validFor(NOW, Duration.ZERO));
    assertEquals("duration must be > 0, got PT0S", zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.validFor(NOW, Duration.ofSeconds(-1)));
  }

  @Test
  void authorization_build_refusesUnsetFieldsAndEmptyWindow() {
    assertEquals(
        "principal must be set",
        assertThrows(IllegalStateException.class, () -> Authorization.builder().build())
            .getMessage());
    Authorization.Builder b =
        Authorization.builder().principal(OFFICER).purpose(LAW).justification("w-1");
    assertEquals(
        "issuedAt must be set", assertThrows(IllegalStateException.class, b::build).getMessage());
    b.issuedAt(NOW);
    assertEquals(
        "expiresAt must be set", assertThrows(IllegalStateException.class, b::build).getMessage());
    b.expiresAt(NOW);
    assertTrue(
        assertThrows(IllegalStateException.class, b::build)
            .getMessage()
            .startsWith("expiresAt must be after issuedAt"));
    b.expiresAt(NOW.minusSeconds(1));
    assertThrows(IllegalStateException.class, b::build);
    assertEquals(
        "purpose must be set",
        assertThrows(
                IllegalStateException.class,
                () -> Authorization.builder().principal(OFFICER).build())
            .getMessage());
    assertEquals(
        "justification must be set",
        assertThrows(
                IllegalStateException.class,
                () -> Authorization.builder().principal(OFFICER).purpose(LAW).build())
            .getMessage());
  }

  @Test
  void authorization_validityWindowIsHalfOpen() {
    Authorization a =
        Authorization.builder()
            .principal(OFFICER)
            .purpose(LAW)
            .justification("w")
            .validFor(NOW, Duration.ofMinutes(5))
            .build();
    assertTrue(a.isValidAt(NOW));
    assertTrue(a.isValidAt(NOW.plusSeconds(299)));
    assertTrue(!a.isValidAt(NOW.plusSeconds(300)));
    assertTrue(!a.isValidAt(NOW.minusNanos(1)));
    assertThrows(IllegalArgumentException.class, () -> a.isValidAt(null));
    assertTrue(a.toString().contains("officer-4711"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "/parking",
        "parking/",
        "parking//plates",
        "parking/./x",
        "parking/../health",
        "Parking",
        "parking plates",
        "parking\\plates"
      })
  void rule_badDomain_throws(String domain) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AccessPolicy.builder().allow("police-officer", LAW, domain));
    assertTrue(e.getMessage().startsWith("domain must be"), e.getMessage());
  }

  @Test
  void rule_badRoleOrPurpose_throws() {
    assertThrows(
        IllegalArgumentException.class, () -> AccessPolicy.builder().allow(null, LAW, "d"));
    assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().allow("R", LAW, "d"));
    assertThrows(
        IllegalArgumentException.class, () -> AccessPolicy.builder().allow("r", null, "d"));
    assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().ledger(null));
    assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().clock(null));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"parking/../health/x", "parking/plates/", "/parking/plates", "a//b", "."})
  void check_badResource_throwsAndIsNotADenial(String resource) {
    TransparencyLedger ledger = TransparencyLedger.inMemory();
    AccessPolicy p = policy().ledger(ledger).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> p.check(validAuth(OFFICER, LAW), resource));
    assertTrue(e.getMessage().startsWith("resource must be"), e.getMessage());
    assertEquals(0, ledger.size());
  }

  @Test
  void check_nullAuthorization_throws() {
    assertThrows(IllegalArgumentException.class, () -> policy().build().check(null, "parking"));
  }

  // ---------------------------------------------------------------- decisions

  @Test
  void matchingRule_grants() {
    AccessDecision d = policy().build().check(validAuth(OFFICER, LAW), "parking/plates/2026-11");
    assertEquals("parking/plates", d.rule().domain());
    assertEquals(NOW, d.time());
    assertEquals("parking/plates/2026-11", d.resource());
    assertTrue(d.ledgerEntry().isEmpty());
    // The domain itself is covered too.
    policy().build().check(validAuth(OFFICER, LAW), "parking/plates");
  }

  @Test
  void emptyPolicy_deniesEverything() {
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class,
            () ->
                AccessPolicy.builder()
                    .clock(CLOCK)
                    .build()
                    .check(validAuth(OFFICER, LAW), "parking"));
    assertEquals(Reason.NO_MATCHING_RULE, e.reason());
    assertTrue(e instanceof PrivacyException);
  }

  @Test
  void wrongRole_wrongPurpose_wrongDomain_siblingPrefix_areDenied() {
    AccessPolicy p = policy().build();
    Principal planner = Principal.of("planner-1", "traffic-planner");
    assertEquals(
        Reason.NO_MATCHING_RULE,
        assertThrows(
                AccessDeniedException.class,
                () -> p.check(validAuth(planner, LAW), "parking/plates"))
            .reason());
    assertThrows(
        AccessDeniedException.class, () -> p.check(validAuth(OFFICER, PLANNING), "parking/plates"));
    assertThrows(AccessDeniedException.class, () -> p.check(validAuth(OFFICER, LAW), "parking"));
    assertThrows(
        AccessDeniedException.class, () -> p.check(validAuth(OFFICER, LAW), "parking/plates-eu"));
    assertThrows(
        AccessDeniedException.class, () -> p.check(validAuth(OFFICER, LAW), "health/plates"));
  }

  @Test
  void expiredAndNotYetValid_areDenied_atTheBoundaries() {
    AccessPolicy p = policy().build();
    AccessDeniedException expired =
        assertThrows(
            AccessDeniedException.class,
            () -> p.check(auth(OFFICER, LAW, NOW.minusSeconds(60), NOW), "parking/plates"));
    assertEquals(Reason.EXPIRED, expired.reason());
    assertEquals("officer-4711", expired.principalId());
    assertEquals("parking/plates", expired.resource());
    AccessDeniedException early =
        assertThrows(
            AccessDeniedException.class,
            () ->
                p.check(
                    auth(OFFICER, LAW, NOW.plusNanos(1), NOW.plusSeconds(60)), "parking/plates"));
    assertEquals(Reason.NOT_YET_VALID, early.reason());
    // Valid from exactly now: granted.
    p.check(auth(OFFICER, LAW, NOW, NOW.plusSeconds(1)), "parking/plates");
  }

  @Test
  void everyDecision_isRecordedInTheLedger() {
    LedgerCommitmentKey key = LedgerCommitmentKey.generate();
    TransparencyLedger ledger =
        TransparencyLedger.open(LedgerSink.inMemory(), Clock.systemUTC(), key);
    AccessPolicy p = policy().ledger(ledger).build();
    AccessDecision granted = p.check(validAuth(OFFICER, LAW), "parking/plates/x");
    assertThrows(
        AccessDeniedException.class,
        () -> p.check(validAuth(OFFICER, PLANNING), "parking/plates/x"));
    assertThrows(
        AccessDeniedException.class,
        () ->
            p.check(
                auth(OFFICER, LAW, NOW.minusSeconds(9), NOW.minusSeconds(1)), "parking/plates/x"));
    List<LedgerEntry> entries = ledger.entries();
    assertEquals(3, entries.size());
    LedgerEntry g = entries.get(0);
    assertEquals(granted.ledgerEntry().orElseThrow(), g);
    assertEquals(LedgerEventType.ACCESS_GRANTED, g.type());
    assertEquals("officer-4711", g.details().get("principal"));
    // The justification may name people: only a commitment is published, and the key opens it.
    assertFalse(g.details().containsKey("justification"));
    assertFalse(g.toJson().contains("4711, district court"), g.toJson());
    assertTrue(key.opens(g, "justification", "warrant 2026/4711, district court"));
    assertTrue(
        key.opens(entries.get(1), "justification", "warrant 2026/4711, district court"),
        "denials commit to the justification too");
    assertEquals("law-enforcement", g.details().get("purpose"));
    assertEquals("parking/plates/x", g.details().get("resource"));
    assertEquals(
        "police-officer may use law-enforcement on parking/plates", g.details().get("rule"));
    assertEquals(LedgerEventType.ACCESS_DENIED, entries.get(1).type());
    assertEquals("NO_MATCHING_RULE", entries.get(1).details().get("reason"));
    assertEquals("EXPIRED", entries.get(2).details().get("reason"));
    assertTrue(ledger.verify().isOk());
  }

  /** A sink that always fails, to take the ledger away. */
  static final class BrokenSink implements LedgerSink {
    @Override
    public void append(byte[] bytes) throws IOException {
      throw new IOException("disk gone");
    }

    @Override
    public byte[] readAll() {
      return "".getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public void truncate(long size) {}

    @Override
    public void close() {}
  }

  @Test
  void grantThatCannotBeRecorded_isDenied() {
    TransparencyLedger broken = TransparencyLedger.open(new BrokenSink(), CLOCK);
    AccessPolicy p = policy().ledger(broken).build();
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class, () -> p.check(validAuth(OFFICER, LAW), "parking/plates"));
    assertEquals(Reason.LEDGER_UNAVAILABLE, e.reason());
    assertTrue(e.getCause() != null);
    // A denial whose recording fails is still a denial, with the failure attached.
    AccessDeniedException d =
        assertThrows(
            AccessDeniedException.class,
            () -> p.check(validAuth(OFFICER, PLANNING), "parking/plates"));
    assertEquals(Reason.NO_MATCHING_RULE, d.reason());
    assertEquals(1, d.getSuppressed().length);
  }

  @Test
  void rulesAndToString() {
    AccessPolicy p = policy().allow("analyst", PLANNING, "mobility").build();
    assertEquals(2, p.rules().size());
    assertEquals(new AccessPolicy.Rule("analyst", PLANNING, "mobility"), p.rules().get(1));
    assertThrows(UnsupportedOperationException.class, () -> p.rules().clear());
    assertEquals("AccessPolicy[2 rules]", p.toString());
  }
}
