package io.privacity.core.policy;

import io.privacity.core.internal.Checks;
import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessDeniedException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Purpose-bound access control: rules of the form "a principal with role R may use data for purpose
 * P on domain D", and nothing else. <b>Deny by default</b>: an access is granted only if the
 * authorization is valid at the time of the check and some rule matches one of its principal's
 * roles, its purpose and the resource's domain.
 *
 * <p>Domains and resources are '/'-separated paths of lowercase tokens, e.g. domain {@code parking}
 * and resource {@code parking/plates/2026-11}. A rule for domain D covers D itself and everything
 * below it ({@code D/...}), never a sibling that merely shares a prefix ({@code parking-permits} is
 * not in {@code parking}). Empty, {@code .} and {@code ..} segments are rejected, so a resource
 * cannot climb out of its domain.
 *
 * <p>With a {@link Builder#ledger(TransparencyLedger) ledger}, every decision is recorded before
 * {@link #check} returns or throws: {@link LedgerEventType#ACCESS_GRANTED} or {@link
 * LedgerEventType#ACCESS_DENIED}, with principal, roles, purpose, resource and the rule or reason
 * as public details, and the justification (free text that may name people) as a private detail: a
 * keyed commitment that only a holder of the ledger's commitment key can check. If a grant cannot
 * be recorded, access is refused ({@link Reason#LEDGER_UNAVAILABLE}): no unaccountable access.
 *
 * <p>Caller obligations: authenticate the principal and obtain the authorization from a trusted
 * issuer; this class checks what they claim, not who they are. Immutable and thread-safe.
 */
public final class AccessPolicy {

  /**
   * One permission: principals holding {@code role} may use {@code purpose} on {@code domain}.
   *
   * @param role the role
   * @param purpose the purpose
   * @param domain the domain path; covers itself and everything below it
   */
  public record Rule(String role, Purpose purpose, String domain) {
    /**
     * Validates the rule.
     *
     * @param role the role, a name like {@code "police-officer"}
     * @param purpose the purpose
     * @param domain the domain path, e.g. {@code "parking/plates"}
     * @throws IllegalArgumentException if a component is null or malformed
     */
    public Rule {
      Names.token("role", role, "police-officer");
      Checks.notNull("purpose", purpose);
      Names.path("domain", domain, "parking/plates");
    }

    /**
     * Whether this rule allows {@code principal} to use {@code purpose} on {@code resource}.
     *
     * @param principal the principal
     * @param purpose the purpose
     * @param resource a valid resource path
     * @return true if it matches
     */
    public boolean allows(Principal principal, Purpose purpose, String resource) {
      return principal.hasRole(role)
          && this.purpose.equals(purpose)
          && (resource.equals(domain) || resource.startsWith(domain + "/"));
    }
  }

  private final List<Rule> rules;
  private final TransparencyLedger ledger;
  private final Clock clock;

  private AccessPolicy(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.ledger = b.ledger;
    this.clock = b.clock;
  }

  /**
   * A builder; a policy with no rules denies everything.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The rules, in the order they were added.
   *
   * @return an immutable list
   */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * Decides whether {@code authorization} allows access to {@code resource} now, and records the
   * decision in the ledger if there is one.
   *
   * @param authorization what the caller presents
   * @param resource the resource path, e.g. {@code parking/plates/2026-11}
   * @return the decision, if granted
   * @throws AccessDeniedException if refused (expired or not yet valid authorization, no matching
   *     rule, or a grant that could not be recorded)
   * @throws IllegalArgumentException if {@code authorization} is null or {@code resource} is null
   *     or malformed; such calls are programming errors and are not recorded
   */
  public AccessDecision check(Authorization authorization, String resource) {
    Checks.notNull("authorization", authorization);
    Names.path("resource", resource, "parking/plates/2026-11");
    Instant now = clock.instant();
    Principal principal = authorization.principal();
    if (now.isBefore(authorization.issuedAt())) {
      throw deny(
          authorization,
          resource,
          Reason.NOT_YET_VALID,
          "authorization is valid only from " + authorization.issuedAt() + ", now " + now);
    }
    if (!now.isBefore(authorization.expiresAt())) {
      throw deny(
          authorization,
          resource,
          Reason.EXPIRED,
          "authorization expired at " + authorization.expiresAt() + ", now " + now);
    }
    for (Rule rule : rules) {
      if (rule.allows(principal, authorization.purpose(), resource)) {
        Optional<LedgerEntry> entry = Optional.empty();
        if (ledger != null) {
          Map<String, String> details = details(authorization, resource);
          details.put("rule", rule.role() + " may use " + rule.purpose() + " on " + rule.domain());
          try {
            entry =
                Optional.of(
                    ledger.append(
                        LedgerEventType.ACCESS_GRANTED,
                        principal.id() + " granted " + resource + " for " + rule.purpose(),
                        details,
                        privateDetails(authorization)));
          } catch (RuntimeException e) {
            throw new AccessDeniedException(
                Reason.LEDGER_UNAVAILABLE,
                principal.id(),
                resource,
                "access refused because it could not be recorded in the ledger: " + e.getMessage(),
                e);
          }
        }
        return new AccessDecision(authorization, resource, rule, now, entry);
      }
    }
    throw deny(
        authorization,
        resource,
        Reason.NO_MATCHING_RULE,
        "no rule lets roles "
            + principal.roles()
            + " use purpose "
            + authorization.purpose()
            + " on "
            + resource);
  }

  private AccessDeniedException deny(
      Authorization authorization, String resource, Reason reason, String why) {
    String id = authorization.principal().id();
    AccessDeniedException denied =
        new AccessDeniedException(
            reason, id, resource, "access denied to " + id + " for " + resource + ": " + why, null);
    if (ledger != null) {
      Map<String, String> details = details(authorization, resource);
      details.put("reason", reason.name());
      details.put("why", why);
      try {
        ledger.append(
            LedgerEventType.ACCESS_DENIED,
            id + " denied " + resource + " (" + reason + ")",
            details,
            privateDetails(authorization));
      } catch (RuntimeException e) {
        denied.addSuppressed(e);
      }
    }
    return denied;
  }

  private static Map<String, String> details(Authorization a, String resource) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("principal", a.principal().id());
    d.put("roles", String.join(",", a.principal().roles()));
    d.put("purpose", a.purpose().name());
    d.put("resource", resource);
    d.put("authorizationValid", a.issuedAt() + "/" + a.expiresAt());
    return d;
  }

  /** The justification may name people: the ledger keeps only a commitment to it. */
  private static Map<String, String> privateDetails(Authorization a) {
    return Map.of("justification", a.justification());
  }

  @Override
  public String toString() {
    return "AccessPolicy[" + rules.size() + " rules" + (ledger != null ? ", ledgered" : "") + "]";
  }

  /** Builds an {@link AccessPolicy}. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private TransparencyLedger ledger;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds a rule: principals with {@code role} may use {@code purpose} on {@code domain} and
     * everything below it.
     *
     * @param role a role name, e.g. {@code "police-officer"}
     * @param purpose the purpose
     * @param domain a domain path, e.g. {@code "parking/plates"}
     * @return this builder
     * @throws IllegalArgumentException if an argument is null or malformed
     */
    public Builder allow(String role, Purpose purpose, String domain) {
      rules.add(new Rule(role, purpose, domain));
      return this;
    }

    /**
     * Records every decision, granted or denied, in {@code ledger}.
     *
     * @param ledger the ledger
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder ledger(TransparencyLedger ledger) {
      this.ledger = Checks.notNull("ledger", ledger);
      return this;
    }

    /**
     * Sets the clock used to test validity (default: system UTC).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return an immutable policy
     */
    public AccessPolicy build() {
      return new AccessPolicy(this);
    }
  }
}
