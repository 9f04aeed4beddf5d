package io.privacity.core.policy;

import io.privacity.core.ledger.LedgerEntry;
import java.time.Instant;
import java.util.Optional;

/**
 * A granted access: what was allowed, under which rule, when, and where it was recorded. (A refusal
 * is an {@link AccessDeniedException}, never a decision object, so it cannot be ignored.)
 *
 * @param authorization the authorization presented
 * @param resource the resource accessed
 * @param rule the rule that allowed it
 * @param time when the decision was made (the policy's clock)
 * @param ledgerEntry the ledger entry recording the grant, if the policy has a ledger
 */
public record AccessDecision(
    Authorization authorization,
    String resource,
    AccessPolicy.Rule rule,
    Instant time,
    Optional<LedgerEntry> ledgerEntry) {}
