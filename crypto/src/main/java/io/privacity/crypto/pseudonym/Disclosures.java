package io.privacity.crypto.pseudonym;

import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessDeniedException;
import io.privacity.core.policy.AccessPolicy;
import io.privacity.core.policy.Authorization;
import io.privacity.crypto.pseudonym.ReidentificationException.Reason;
import io.privacity.crypto.pseudonym.VaultContext.Domain;
import io.privacity.crypto.pseudonym.VaultContext.Subject;
import io.privacity.crypto.pseudonym.VaultRows.SubjectRow;
import io.privacity.crypto.pseudonym.VaultRows.TokenRow;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.regex.Pattern;

/**
 * The two requests that reveal something about an identity, and their policy: {@code reidentify}
 * (token to identity) and {@code find} (identity to token, which also answers "is this identity
 * known"). Both need an {@link Authorization} the {@link AccessPolicy} grants on the domain, count
 * against the principal's rate limit, and are ledgered whatever their outcome; a granted answer is
 * returned only after its ledger entry is written.
 */
final class Disclosures {
  private static final String REIDENTIFY = "reidentify";
  private static final String LOOKUP = "lookup";
  private static final Pattern TOKEN = Pattern.compile("[0-9A-HJKMNP-TV-Z]{32}");

  private final VaultContext ctx;
  private final AccessPolicy policy;
  private final TransparencyLedger ledger;
  private final RateLimiter limiter;

  Disclosures(
      VaultContext ctx, AccessPolicy policy, TransparencyLedger ledger, RateLimiter limiter) {
    this.ctx = ctx;
    this.policy = policy;
    this.ledger = ledger;
    this.limiter = limiter;
  }

  String reidentify(Domain d, String token, Authorization a) throws GeneralSecurityException {
    checkToken(token);
    admit(REIDENTIFY, d, token, a);
    Lock shared = ctx.keys().shared();
    shared.lock();
    try {
      return resolve(d, token, a);
    } finally {
      shared.unlock();
    }
  }

  private String resolve(Domain d, String token, Authorization a) throws GeneralSecurityException {
    long now = ctx.clock().millis();
    Optional<TokenRow> row = ctx.rows().token(token).filter(r -> r.domain().equals(d.name()));
    if (row.isEmpty()) {
      throw failed(
          Reason.UNKNOWN_TOKEN,
          "token "
              + token
              + " is unknown in domain "
              + d.name()
              + " (never issued, purged, or its subject forgotten)",
          d,
          token,
          a);
    }
    TokenRow t = row.get();
    if (t.expiresAt() <= now) {
      throw failed(
          Reason.EXPIRED_TOKEN,
          "token " + token + " expired at " + Instant.ofEpochMilli(t.expiresAt()),
          d,
          token,
          a);
    }
    Subject s;
    try {
      long sid = ctx.subjectOf(t);
      Optional<SubjectRow> subject = ctx.rows().subject(sid);
      if (subject.isEmpty()) {
        throw failed(
            Reason.SUBJECT_FORGOTTEN,
            "the subject of token "
                + token
                + " was forgotten: its key was crypto-shredded and the identity cannot be"
                + " recovered",
            d,
            token,
            a);
      }
      s = ctx.open(subject.get());
      byte[] tag = VaultContext.tag(s, t.domain(), t.token(), t.docLookup());
      if (!s.domain().equals(d.name()) || !MessageDigest.isEqual(tag, t.tag())) {
        throw new GeneralSecurityException("tag");
      }
    } catch (GeneralSecurityException | IllegalStateException e) {
      record(LedgerEventType.REIDENTIFICATION, REIDENTIFY, "INTEGRITY_FAILURE", d, token, a, e);
      throw new GeneralSecurityException("the stored token does not verify", e);
    }
    granted(REIDENTIFY, "GRANTED", d, token, a);
    return s.identity();
  }

  Optional<String> find(Domain d, String canonical, Authorization a) {
    if (d.policy() != TokenPolicy.DETERMINISTIC) {
      throw new IllegalArgumentException(
          "find(...) needs a DETERMINISTIC domain; \"" + d.name() + "\" is " + d.policy());
    }
    admit(LOOKUP, d, null, a);
    Optional<String> token;
    Lock shared = ctx.keys().shared();
    shared.lock();
    try {
      long now = ctx.clock().millis();
      token =
          ctx.findSubject(d.name(), canonical)
              .flatMap(s -> ctx.tokenOf(s, d, ""))
              .filter(t -> t.expiresAt() > now)
              .map(TokenRow::token);
    } finally {
      shared.unlock();
    }
    granted(LOOKUP, token.isPresent() ? "FOUND" : "NOT_FOUND", d, token.orElse(null), a);
    return token;
  }

  /** Rate limit, then policy; both refusals are ledgered and thrown. */
  private void admit(String request, Domain d, String token, Authorization a) {
    if (a == null) {
      throw new IllegalArgumentException("authorization must not be null");
    }
    if (!limiter.tryAcquire(a.principal().id(), ctx.clock().millis())) {
      ReidentificationException e =
          new ReidentificationException(
              Reason.RATE_LIMITED,
              "the principal exceeded the rate limit of "
                  + limiter.describe()
                  + " (shared by re-identification and lookups)");
      record(LedgerEventType.ACCESS_DENIED, request, "RATE_LIMITED", d, token, a, e);
      throw e;
    }
    try {
      policy.check(a, d.name());
    } catch (AccessDeniedException e) {
      record(LedgerEventType.ACCESS_DENIED, request, e.reason().name(), d, token, a, e);
      throw e;
    }
  }

  private void granted(String request, String outcome, Domain d, String token, Authorization a) {
    try {
      record(LedgerEventType.REIDENTIFICATION, request, outcome, d, token, a, null);
    } catch (RuntimeException e) {
      throw new AccessDeniedException(
          AccessDeniedException.Reason.LEDGER_UNAVAILABLE,
          a.principal().id(),
          d.name(),
          "request refused because it could not be recorded in the ledger",
          e);
    }
  }

  private static void checkToken(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException(
          "token must be 32 Crockford base-32 characters [0-9A-HJKMNP-TV-Z], got "
              + (token == null ? "null" : "a string of length " + token.length()));
    }
  }

  private ReidentificationException failed(
      Reason reason, String message, Domain d, String token, Authorization a) {
    ReidentificationException e = new ReidentificationException(reason, message);
    record(LedgerEventType.REIDENTIFICATION, REIDENTIFY, reason.name(), d, token, a, e);
    return e;
  }

  /** Appends a ledger entry; on a failure path a ledger error is attached to {@code failure}. */
  private void record(
      LedgerEventType type,
      String request,
      String outcome,
      Domain d,
      String token,
      Authorization a,
      Exception failure) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("outcome", outcome);
    details.put("request", request);
    details.put("domain", d.name());
    details.put("principal", a.principal().id());
    details.put("roles", String.join(",", a.principal().roles()));
    details.put("purpose", a.purpose().name());
    // The ledger is public: the token (a pseudonym) and the justification (which may name people)
    // are private details, stored as commitments the ledger's key holder can open.
    Map<String, String> hidden = new LinkedHashMap<>();
    if (token != null) {
      hidden.put("token", token);
    }
    hidden.put("justification", a.justification());
    String summary =
        (LOOKUP.equals(request) ? "identity lookup" : "re-identification")
            + " in "
            + d.name()
            + " by "
            + a.principal().id()
            + ": "
            + outcome;
    if (failure == null) {
      ledger.append(type, summary, details, hidden);
      return;
    }
    try {
      ledger.append(type, summary, details, hidden);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
