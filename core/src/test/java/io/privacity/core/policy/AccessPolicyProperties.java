package io.privacity.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.policy.AccessDeniedException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

class AccessPolicyProperties {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.of("a", "b", "police-officer", "analyst", "x.y", "law-enforcement");
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("parking", "parking/plates", "parking/plates/2026", "health", "health/x")
        .injectDuplicates(0.1);
  }

  @Provide
  Arbitrary<AccessPolicy.Rule> rules() {
    return Combinators.combine(tokens(), tokens().map(Purpose::of), paths())
        .as(AccessPolicy.Rule::new);
  }

  private static Authorization auth(
      Set<String> roles, String purpose, long fromOffset, long length) {
    return Authorization.builder()
        .principal(Principal.of("p", roles))
        .purpose(Purpose.of(purpose))
        .justification("test")
        .issuedAt(NOW.plusSeconds(fromOffset))
        .expiresAt(NOW.plusSeconds(fromOffset + length))
        .build();
  }

  @Property
  void noRules_denyEverything(
      @ForAll Set<@From("tokens") String> roles,
      @ForAll("tokens") String purpose,
      @ForAll("paths") String resource) {
    AccessPolicy empty = AccessPolicy.builder().clock(CLOCK).build();
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class,
            () -> empty.check(auth(roles, purpose, -10, 20), resource));
    assertEquals(Reason.NO_MATCHING_RULE, e.reason());
  }

  @Property
  void expiredOrNotYetValid_isDeniedWhateverTheRules(
      @ForAll @Size(max = 20) List<AccessPolicy.@From("rules") Rule> rules,
      @ForAll Set<@From("tokens") String> roles,
      @ForAll("tokens") String purpose,
      @ForAll("paths") String resource,
      @ForAll @LongRange(min = -100_000, max = 100_000) long fromOffset,
      @ForAll @LongRange(min = 1, max = 100_000) long length) {
    boolean valid = fromOffset <= 0 && fromOffset + length > 0;
    Assume.that(!valid);
    AccessPolicy.Builder b = AccessPolicy.builder().clock(CLOCK);
    rules.forEach(r -> b.allow(r.role(), r.purpose(), r.domain()));
    // Also the most permissive rule set imaginable for this request.
    roles.forEach(r -> b.allow(r, Purpose.of(purpose), resource));
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class,
            () -> b.build().check(auth(roles, purpose, fromOffset, length), resource));
    assertEquals(fromOffset > 0 ? Reason.NOT_YET_VALID : Reason.EXPIRED, e.reason());
  }

  @Property
  void grantedIffSomeRuleMatchesRolePurposeAndDomain(
      @ForAll @Size(max = 20) List<AccessPolicy.@From("rules") Rule> rules,
      @ForAll Set<@From("tokens") String> roles,
      @ForAll("tokens") String purpose,
      @ForAll("paths") String resource) {
    AccessPolicy.Builder b = AccessPolicy.builder().clock(CLOCK);
    rules.forEach(r -> b.allow(r.role(), r.purpose(), r.domain()));
    AccessPolicy policy = b.build();
    boolean expected =
        rules.stream()
            .anyMatch(
                r ->
                    roles.contains(r.role())
                        && r.purpose().name().equals(purpose)
                        && (resource.equals(r.domain()) || resource.startsWith(r.domain() + "/")));
    Authorization a = auth(roles, purpose, -10, 20);
    Statistics.label("granted").collect(expected);
    if (expected) {
      AccessDecision d = policy.check(a, resource);
      assertTrue(d.rule().allows(a.principal(), a.purpose(), resource));
      assertTrue(rules.contains(d.rule()));
    } else {
      assertThrows(AccessDeniedException.class, () -> policy.check(a, resource));
    }
  }
}
