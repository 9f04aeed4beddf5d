package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessDeniedException;
import io.privacity.core.policy.AccessPolicy;
import io.privacity.core.policy.Authorization;
import io.privacity.core.random.Randomness;
import io.privacity.crypto.pseudonym.ReidentificationException.Reason;
import io.privacity.crypto.pseudonym.VaultStore.SubjectRecord;
import io.privacity.crypto.pseudonym.VaultStore.TokenRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A pseudonym vault: replaces identities with random tokens under ENISA's policies ({@link
 * TokenPolicy}), keeps each identity encrypted so that a lawful, authorized, audited request can
 * recover it, and forgets a subject for good by destroying its key.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li><b>Tokens carry no information</b>: each is 160 random bits (32 Crockford base-32
 *       characters), not a function of the identity. Whoever holds tokens and no vault keys learns
 *       nothing about identities beyond equality within a domain (deterministic policy) or a
 *       document (document-randomised policy).
 *   <li><b>Per-subject encryption</b>: each data subject has its own Tink AES-256-GCM keyset,
 *       stored wrapped (encrypted) under the key-encryption keyset with the subject id as
 *       associated data. Each token's identity is encrypted under its subject's key with the domain
 *       and the token as associated data, so a ciphertext moved to another token or domain does not
 *       decrypt. Lookup columns are HMAC-SHA256 values under the index keyset; the store sees no
 *       key and no identity in the clear.
 *   <li><b>Authorized, rate-limited, audited re-identification</b>: {@link #reidentify} checks the
 *       principal's rate limit, then the {@link AccessPolicy} (purpose, role, domain); every
 *       attempt, granted or not, is appended to the {@link TransparencyLedger} ({@link
 *       LedgerEventType#REIDENTIFICATION} or {@link LedgerEventType#ACCESS_DENIED}). A granted
 *       identity is returned only after its ledger entry is written (fail closed).
 *   <li><b>Crypto-shredding</b>: {@link #forget(String)} deletes the subject's wrapped key (and the
 *       identity and lookup values), so every token of the subject, in every domain, becomes
 *       permanently unresolvable, including in backups of the token table.
 *   <li><b>Retention</b>: tokens expire after their domain's retention and are deleted by {@link
 *       #purgeExpired()}; an expired token is never resolved.
 *   <li><b>Rotation</b>: both keysets may gain a new primary key (see {@link
 *       #rotate(KeysetHandle)}); lookups try every key of the index keyset, so a deterministic
 *       identity keeps its token across rotations, and {@link #rewrap()} re-encrypts subject keys
 *       and recomputes lookups under the new primaries so old keys can then be removed.
 * </ul>
 *
 * <p><b>Warning:</b> deletion in the store must be real for crypto-shredding to hold: backups of
 * the subject table must expire, and the key-encryption keyset should live in a KMS.
 *
 * <p>Thread-safe: many threads may tokenize one identity at once and all get the same token (the
 * store's unique constraints decide). References: ENISA, <i>Pseudonymisation techniques and best
 * practices</i> (2019), §4.2 and §5.
 */
public final class PseudonymVault implements AutoCloseable {
  private static final Pattern TOKEN = Pattern.compile("[0-9A-HJKMNP-TV-Z]{32}");
  private static final PseudonymEncoding BASE32_32 = PseudonymEncoding.crockfordBase32(32);
  private static final int REWRAP_BATCH = 256;
  private static final Duration WINNER_WAIT = Duration.ofSeconds(2);

  static {
    try {
      AeadConfig.register();
      PrfConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot register Tink AEAD and PRF", e);
    }
  }

  /** A domain's token policy and retention. */
  private record Domain(String name, TokenPolicy policy, Duration retention) {}

  private final VaultStore store;
  private final Aead kek;
  private final int kekId;
  private final List<Map.Entry<Integer, Prf>> indexKeys;
  private final Map<String, Domain> domains;
  private final Canonicalizer canonicalizer;
  private final AccessPolicy policy;
  private final TransparencyLedger ledger;
  private final int rateLimit;
  private final Duration rateWindow;
  private final Clock clock;
  private final Randomness randomness;
  private final ConcurrentHashMap<String, ArrayDeque<Long>> attempts = new ConcurrentHashMap<>();

  private PseudonymVault(Builder b) {
    this.store = b.store;
    List<Map.Entry<Integer, Prf>> keys = new ArrayList<>();
    try {
      this.kek = b.kekKeyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
      PrfSet index = b.indexKeyset.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
      int primaryId = index.getPrimaryId();
      Map<Integer, Prf> prfs = index.getPrfs();
      keys.add(Map.entry(primaryId, prfs.get(primaryId)));
      prfs.forEach(
          (id, prf) -> {
            if (id != primaryId) {
              keys.add(Map.entry(id, prf));
            }
          });
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("keysets are not usable: " + e.getMessage(), e);
    }
    this.kekId = b.kekKeyset.getPrimary().getId();
    this.indexKeys = List.copyOf(keys);
    this.domains = Map.copyOf(b.domains);
    this.canonicalizer = b.canonicalizer;
    this.policy = b.policy;
    this.ledger = b.ledger;
    this.rateLimit = b.rateLimit;
    this.rateWindow = b.rateWindow;
    this.clock = b.clock;
    this.randomness = b.randomness;
  }

  /**
   * A builder; store, both keysets, access policy, ledger and at least one domain are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A new key-encryption keyset (AES-256-GCM). Keep it in a KMS or store it encrypted.
   *
   * @return the keyset
   */
  public static KeysetHandle generateKeyEncryptionKeyset() {
    return generate(PredefinedAeadParameters.AES256_GCM);
  }

  /**
   * A new index keyset (HMAC-SHA256 PRF) for the lookup columns.
   *
   * @return the keyset
   */
  public static KeysetHandle generateIndexKeyset() {
    return generate(PredefinedPrfParameters.HMAC_SHA256_PRF);
  }

  /**
   * A copy of {@code keyset} with a new primary key of the primary's parameters; the old keys stay
   * (so existing data still decrypts and lookups still match) until removed after {@link
   * #rewrap()}.
   *
   * @param keyset a key-encryption or index keyset
   * @return the rotated keyset
   * @throws IllegalArgumentException if null
   */
  public static KeysetHandle rotate(KeysetHandle keyset) {
    if (keyset == null) {
      throw new IllegalArgumentException("keyset must not be null");
    }
    try {
      Parameters p = keyset.getPrimary().getKey().getParameters();
      return KeysetHandle.newBuilder(keyset)
          .addEntry(KeysetHandle.generateEntryFromParameters(p).withRandomId().makePrimary())
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot rotate the keyset", e);
    }
  }

  private static KeysetHandle generate(Parameters p) {
    try {
      return KeysetHandle.generateNew(p);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a keyset", e);
    }
  }

  /**
   * The token of {@code identifier} in a {@link TokenPolicy#DETERMINISTIC} or {@link
   * TokenPolicy#FULLY_RANDOMISED} domain: the existing one for a deterministic domain (or a new one
   * if none or expired), always a new one for a fully randomised domain.
   *
   * @param domain a configured domain
   * @param identifier the identity, canonicalized by the vault's canonicalizer
   * @return the token
   * @throws IllegalArgumentException if the domain is unknown or document-randomised, or the
   *     identifier is null, empty or rejected by the canonicalizer
   * @throws IllegalStateException if the store fails
   */
  public String tokenize(String domain, String identifier) {
    Domain d = domain(domain);
    if (d.policy == TokenPolicy.DOCUMENT_RANDOMISED) {
      throw new IllegalArgumentException(
          "domain \""
              + domain
              + "\" is DOCUMENT_RANDOMISED: use tokenize(domain, identifier,"
              + " document)");
    }
    return tokenize(d, canonical(identifier), "");
  }

  /**
   * The token of {@code identifier} within {@code document} in a {@link
   * TokenPolicy#DOCUMENT_RANDOMISED} domain: equal within the document, unrelated across documents.
   *
   * @param domain a configured document-randomised domain
   * @param identifier the identity
   * @param document the document (file, batch, export) id, non-empty
   * @return the token
   * @throws IllegalArgumentException if the domain is unknown or not document-randomised, or the
   *     identifier or document is null, empty or rejected
   * @throws IllegalStateException if the store fails
   */
  public String tokenize(String domain, String identifier, String document) {
    Domain d = domain(domain);
    if (d.policy != TokenPolicy.DOCUMENT_RANDOMISED) {
      throw new IllegalArgumentException(
          "domain \""
              + domain
              + "\" is "
              + d.policy
              + ": a document applies only to"
              + " DOCUMENT_RANDOMISED domains");
    }
    if (document == null || document.isEmpty()) {
      throw new IllegalArgumentException(
          "document must be a non-empty string, got " + Pseudonymizer.quote(document));
    }
    return tokenize(d, canonical(identifier), document);
  }

  /**
   * The live token of {@code identifier} in a deterministic domain, without creating one.
   *
   * @param domain a configured deterministic domain
   * @param identifier the identity
   * @return the token, if one exists and has not expired
   * @throws IllegalArgumentException if the domain is unknown or not deterministic, or the
   *     identifier is null, empty or rejected
   */
  public Optional<String> find(String domain, String identifier) {
    Domain d = domain(domain);
    if (d.policy != TokenPolicy.DETERMINISTIC) {
      throw new IllegalArgumentException(
          "find(...) needs a DETERMINISTIC domain; \"" + domain + "\" is " + d.policy);
    }
    String c = canonical(identifier);
    long now = clock.millis();
    for (Map.Entry<Integer, Prf> k : indexKeys) {
      Optional<TokenRecord> row = store.tokenByLookup(d.name, lookup(k.getValue(), d, "", c));
      if (row.isPresent() && row.get().expiresAt() > now) {
        return Optional.of(row.get().token());
      }
    }
    return Optional.empty();
  }

  private String tokenize(Domain d, String canonical, String document) {
    long now = clock.millis();
    String lookup = null;
    if (d.policy != TokenPolicy.FULLY_RANDOMISED) {
      for (Map.Entry<Integer, Prf> k : indexKeys) {
        String l = lookup(k.getValue(), d, document, canonical);
        if (lookup == null) {
          lookup = l;
        }
        Optional<TokenRecord> row = store.tokenByLookup(d.name, l);
        if (row.isPresent()) {
          if (row.get().expiresAt() > now) {
            return row.get().token();
          }
          store.deleteIfExpired(row.get().token(), now);
        }
      }
    }
    Subject subject = subjectFor(canonical);
    byte[] plaintext = plaintext(canonical, document);
    for (int attempt = 0; attempt < 3; attempt++) {
      String token = randomId();
      byte[] ct;
      try {
        ct = subject.aead.encrypt(plaintext, tokenAad(d.name, token));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("encryption under the subject key failed", e);
      }
      TokenRecord row =
          new TokenRecord(
              token,
              d.name,
              subject.row.id(),
              lookup,
              lookup == null ? 0 : indexKeys.get(0).getKey(),
              d.policy,
              ct,
              now,
              saturatedAdd(now, d.retention.toMillis()));
      if (store.insertToken(row)) {
        return token;
      }
      if (lookup != null) {
        String conflicting = lookup;
        Optional<TokenRecord> winner = awaitWinner(() -> store.tokenByLookup(d.name, conflicting));
        if (winner.isPresent()) {
          return winner.get().token();
        }
      }
    }
    throw new IllegalStateException(
        "could not store a token in domain '"
            + d.name
            + "' after 3 attempts: each insert conflicted, and no conflicting token became"
            + " readable within "
            + WINNER_WAIT.toMillis()
            + " ms");
  }

  /**
   * Re-reads the row that won an insert race until it is readable. A unique violation proves the
   * winner exists, but a database can report it a moment before a new statement sees the winner's
   * commit (CI saw this once on H2 with eight threads racing); failing then would turn a won race
   * into an error. Backs off from 0.1 ms to 50 ms, for at most {@link #WINNER_WAIT}, and stops
   * early if the thread is interrupted (leaving its flag set).
   */
  private static <T> Optional<T> awaitWinner(Supplier<Optional<T>> read) {
    long deadline = System.nanoTime() + WINNER_WAIT.toNanos();
    long pauseNanos = 100_000;
    while (true) {
      Optional<T> row = read.get();
      if (row.isPresent()
          || System.nanoTime() - deadline >= 0
          || Thread.currentThread().isInterrupted()) {
        return row;
      }
      LockSupport.parkNanos(pauseNanos);
      pauseNanos = Math.min(2 * pauseNanos, 50_000_000);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  private record Subject(SubjectRecord row, Aead aead) {}

  private Subject subjectFor(String canonical) {
    for (Map.Entry<Integer, Prf> k : indexKeys) {
      Optional<SubjectRecord> row = store.subjectByRef(subjectRef(k.getValue(), canonical));
      if (row.isPresent() && row.get().wrappedKey() != null) {
        return new Subject(row.get(), unwrap(row.get()));
      }
    }
    String ref = subjectRef(indexKeys.get(0).getValue(), canonical);
    try {
      KeysetHandle key = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      Aead aead = key.getPrimitive(RegistryConfiguration.get(), Aead.class);
      String id = randomId();
      SubjectRecord row =
          new SubjectRecord(
              id,
              ref,
              indexKeys.get(0).getKey(),
              TinkProtoKeysetFormat.serializeEncryptedKeyset(key, kek, subjectAad(id)),
              kekId,
              aead.encrypt(canonical.getBytes(StandardCharsets.UTF_8), identityAad(id)),
              0);
      if (store.insertSubject(row)) {
        return new Subject(row, aead);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the subject key", e);
    }
    SubjectRecord winner =
        awaitWinner(() -> store.subjectByRef(ref))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "creating the subject conflicted, and no subject with its reference became"
                            + " readable within "
                            + WINNER_WAIT.toMillis()
                            + " ms"));
    return new Subject(winner, unwrap(winner));
  }

  private Aead unwrap(SubjectRecord row) {
    try {
      return TinkProtoKeysetFormat.parseEncryptedKeyset(row.wrappedKey(), kek, subjectAad(row.id()))
          .getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "subject key does not unwrap: wrong key-encryption keyset or tampered store", e);
    }
  }

  /**
   * Recovers the identity behind {@code token}, if {@code authorization} allows it. In order: the
   * principal's rate limit, the access policy (resource: the domain name), the token's existence,
   * expiry and subject; every outcome is ledgered.
   *
   * @param domain the token's domain
   * @param token the token
   * @param authorization the principal, purpose and justification (e.g. a warrant)
   * @return the canonical identity
   * @throws IllegalArgumentException if the domain is unknown, the token malformed (not 32
   *     Crockford base-32 characters) or the authorization null; not ledgered
   * @throws AccessDeniedException if the policy refuses, or the grant cannot be ledgered
   * @throws ReidentificationException if rate-limited, or the token is unknown, expired or its
   *     subject forgotten
   * @throws GeneralSecurityException if the stored ciphertext does not verify (tampering)
   */
  public String reidentify(String domain, String token, Authorization authorization)
      throws GeneralSecurityException {
    Domain d = domain(domain);
    checkToken(token);
    if (authorization == null) {
      throw new IllegalArgumentException("authorization must not be null");
    }
    String principal = authorization.principal().id();
    Instant now = clock.instant();
    if (!tryAcquire(principal, now.toEpochMilli())) {
      ReidentificationException e =
          new ReidentificationException(
              Reason.RATE_LIMITED,
              principal
                  + " exceeded the re-identification rate limit of "
                  + rateLimit
                  + " per "
                  + rateWindow);
      record(LedgerEventType.ACCESS_DENIED, "RATE_LIMITED", d, token, authorization, e);
      throw e;
    }
    try {
      policy.check(authorization, d.name);
    } catch (AccessDeniedException e) {
      record(LedgerEventType.ACCESS_DENIED, e.reason().name(), d, token, authorization, e);
      throw e;
    }
    Optional<TokenRecord> row = store.token(token).filter(r -> r.domain().equals(d.name));
    if (row.isEmpty()) {
      throw failed(
          Reason.UNKNOWN_TOKEN,
          "token " + token + " is unknown in domain " + d.name + " (never issued, or purged)",
          d,
          token,
          authorization);
    }
    TokenRecord t = row.get();
    if (t.expiresAt() <= now.toEpochMilli()) {
      throw failed(
          Reason.EXPIRED_TOKEN,
          "token " + token + " expired at " + Instant.ofEpochMilli(t.expiresAt()),
          d,
          token,
          authorization);
    }
    Optional<SubjectRecord> subject = store.subject(t.subjectId());
    if (subject.isEmpty() || subject.get().wrappedKey() == null) {
      throw failed(
          Reason.SUBJECT_FORGOTTEN,
          "the subject of token "
              + token
              + " was forgotten"
              + subject.map(s -> " at " + Instant.ofEpochMilli(s.forgottenAt())).orElse("")
              + ": its key was crypto-shredded and the identity cannot be recovered",
          d,
          token,
          authorization);
    }
    byte[] plaintext;
    try {
      plaintext = unwrap(subject.get()).decrypt(t.ciphertext(), tokenAad(d.name, token));
    } catch (GeneralSecurityException e) {
      record(LedgerEventType.REIDENTIFICATION, "INTEGRITY_FAILURE", d, token, authorization, e);
      throw new GeneralSecurityException("the stored identity of the token does not verify");
    }
    try {
      record(LedgerEventType.REIDENTIFICATION, "GRANTED", d, token, authorization, null);
    } catch (RuntimeException e) {
      throw new AccessDeniedException(
          AccessDeniedException.Reason.LEDGER_UNAVAILABLE,
          principal,
          d.name,
          "re-identification refused because it could not be recorded in the ledger",
          e);
    }
    return identity(plaintext);
  }

  private ReidentificationException failed(
      Reason reason, String message, Domain d, String token, Authorization a) {
    ReidentificationException e = new ReidentificationException(reason, message);
    record(LedgerEventType.REIDENTIFICATION, reason.name(), d, token, a, e);
    return e;
  }

  /** Appends a ledger entry; on a failure path a ledger error is attached to {@code failure}. */
  private void record(
      LedgerEventType type,
      String outcome,
      Domain d,
      String token,
      Authorization a,
      Exception failure) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("outcome", outcome);
    details.put("domain", d.name);
    details.put("token", token);
    details.put("principal", a.principal().id());
    details.put("roles", String.join(",", a.principal().roles()));
    details.put("purpose", a.purpose().name());
    details.put("justification", a.justification());
    String summary =
        "re-identification of a " + d.name + " token by " + a.principal().id() + ": " + outcome;
    if (failure == null) {
      ledger.append(type, summary, details);
      return;
    }
    try {
      ledger.append(type, summary, details);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private boolean tryAcquire(String principal, long now) {
    ArrayDeque<Long> q = attempts.computeIfAbsent(principal, p -> new ArrayDeque<>());
    synchronized (q) {
      long from = now - rateWindow.toMillis();
      while (!q.isEmpty() && q.peekFirst() <= from) {
        q.pollFirst();
      }
      if (q.size() >= rateLimit) {
        return false;
      }
      q.addLast(now);
      return true;
    }
  }

  /**
   * Forgets a data subject (GDPR Art. 17) by crypto-shredding: deletes its wrapped key, identity
   * and lookup values, in every domain. Its tokens stay in the store (they resolve to {@link
   * Reason#SUBJECT_FORGOTTEN}) until purged; a later {@link #tokenize} of the same identity creates
   * a new subject with new tokens. Ledgered as {@link LedgerEventType#ERASURE} (with the subject's
   * random id, never the identity).
   *
   * @param subject the identity, canonicalized as for {@link #tokenize}
   * @return true if a subject was forgotten, false if the vault held none for this identity
   * @throws IllegalArgumentException if the identity is null, empty or rejected
   */
  public boolean forget(String subject) {
    String c = canonical(subject);
    boolean any = false;
    for (Map.Entry<Integer, Prf> k : indexKeys) {
      Optional<SubjectRecord> row = store.subjectByRef(subjectRef(k.getValue(), c));
      if (row.isPresent() && store.forgetSubject(row.get().id(), clock.millis())) {
        any = true;
        ledger.append(
            LedgerEventType.ERASURE,
            "pseudonym vault subject crypto-shredded",
            Map.of("subjectId", row.get().id()));
      }
    }
    return any;
  }

  /**
   * Deletes every expired token (retention), and ledgers how many.
   *
   * @return the number of tokens deleted
   */
  public int purgeExpired() {
    int n = store.purgeExpired(clock.millis());
    if (n > 0) {
      ledger.append(
          LedgerEventType.OTHER,
          "pseudonym vault retention purge",
          Map.of("deletedTokens", Integer.toString(n)));
    }
    return n;
  }

  /**
   * Rewraps every subject key under the key-encryption keyset's primary key and recomputes every
   * lookup value under the index keyset's primary key; afterwards the old keys can be removed from
   * both keysets. Safe to run while the vault is in use, and to rerun after an interruption.
   * Ledgered as {@link LedgerEventType#KEY_ROTATION}.
   *
   * @return the number of rows rewritten (subjects plus tokens)
   * @throws IllegalStateException if a row cannot be decrypted with the current keysets
   */
  public int rewrap() {
    int indexId = indexKeys.get(0).getKey();
    Prf primary = indexKeys.get(0).getValue();
    int n = 0;
    List<SubjectRecord> batch;
    while (!(batch = store.subjectsToRewrap(kekId, indexId, REWRAP_BATCH)).isEmpty()) {
      for (SubjectRecord s : batch) {
        try {
          KeysetHandle key =
              TinkProtoKeysetFormat.parseEncryptedKeyset(s.wrappedKey(), kek, subjectAad(s.id()));
          Aead aead = key.getPrimitive(RegistryConfiguration.get(), Aead.class);
          String c =
              new String(
                  aead.decrypt(s.identityCiphertext(), identityAad(s.id())),
                  StandardCharsets.UTF_8);
          SubjectRecord updated =
              new SubjectRecord(
                  s.id(),
                  subjectRef(primary, c),
                  indexId,
                  TinkProtoKeysetFormat.serializeEncryptedKeyset(key, kek, subjectAad(s.id())),
                  kekId,
                  s.identityCiphertext(),
                  0);
          if (store.updateSubject(updated)) {
            n++;
          }
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("subject " + s.id() + " does not unwrap", e);
        }
      }
    }
    List<TokenRecord> tokens;
    while (!(tokens = store.tokensToReindex(indexId, REWRAP_BATCH)).isEmpty()) {
      for (TokenRecord t : tokens) {
        Optional<SubjectRecord> s = store.subject(t.subjectId());
        if (s.isEmpty() || s.get().wrappedKey() == null) {
          continue;
        }
        try {
          byte[] pt = unwrap(s.get()).decrypt(t.ciphertext(), tokenAad(t.domain(), t.token()));
          Domain d = domains.getOrDefault(t.domain(), new Domain(t.domain(), t.policy(), null));
          String l = lookup(primary, d, document(pt), identity(pt));
          if (store.updateLookup(t.token(), l, indexId)) {
            n++;
          }
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("token " + t.token() + " does not verify", e);
        }
      }
    }
    ledger.append(
        LedgerEventType.KEY_ROTATION,
        "pseudonym vault rewrap under the primary keys",
        Map.of(
            "kekId",
            Integer.toUnsignedString(kekId),
            "indexKeyId",
            Integer.toUnsignedString(indexId),
            "rowsRewritten",
            Integer.toString(n)));
    return n;
  }

  /**
   * The vault's store.
   *
   * @return the store
   */
  public VaultStore store() {
    return store;
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  private Domain domain(String name) {
    Domain d = name == null ? null : domains.get(name);
    if (d == null) {
      throw new IllegalArgumentException(
          "domain must be one of " + domains.keySet() + ", got " + Pseudonymizer.quote(name));
    }
    return d;
  }

  private String canonical(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      throw new IllegalArgumentException(
          "identifier must be a non-empty string, got " + Pseudonymizer.quote(identifier));
    }
    String c = canonicalizer.canonicalize(identifier);
    if (c == null || c.isEmpty()) {
      throw new IllegalArgumentException(
          "identifier must be non-empty after canonicalization, got \"" + identifier + "\"");
    }
    return c;
  }

  private static void checkToken(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException(
          "token must be 32 Crockford base-32 characters [0-9A-HJKMNP-TV-Z], got "
              + (token == null ? "null" : "\"" + token + "\""));
    }
  }

  private String randomId() {
    byte[] b = new byte[20];
    randomness.nextBytes(b);
    return BASE32_32.encode(b);
  }

  private static String lookup(Prf prf, Domain d, String document, String canonical) {
    return prfHex(prf, "lookup", d.policy.name(), d.name, document, canonical);
  }

  private static String subjectRef(Prf prf, String canonical) {
    return prfHex(prf, "subject", canonical);
  }

  private static String prfHex(Prf prf, String... parts) {
    StringBuilder sb = new StringBuilder("privacity/vault/v1");
    for (String p : parts) {
      sb.append('/').append(p.length()).append(':').append(p);
    }
    try {
      return HexFormat.of()
          .formatHex(prf.compute(sb.toString().getBytes(StandardCharsets.UTF_8), 32));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    }
  }

  private static byte[] subjectAad(String id) {
    return ("privacity/vault/v1/subject-key/" + id).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] identityAad(String id) {
    return ("privacity/vault/v1/subject-identity/" + id).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] tokenAad(String domain, String token) {
    return ("privacity/vault/v1/token/" + domain.length() + ":" + domain + "/" + token)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] plaintext(String identity, String document) {
    byte[] i = identity.getBytes(StandardCharsets.UTF_8);
    byte[] doc = document.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + i.length + doc.length).putInt(i.length).put(i).put(doc).array();
  }

  private static String identity(byte[] plaintext) {
    int n = ByteBuffer.wrap(plaintext).getInt();
    return new String(plaintext, 4, n, StandardCharsets.UTF_8);
  }

  private static String document(byte[] plaintext) {
    int n = ByteBuffer.wrap(plaintext).getInt();
    return new String(plaintext, 4 + n, plaintext.length - 4 - n, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "PseudonymVault[" + store + ", domains " + domains.keySet() + "]";
  }

  /** Builds a {@link PseudonymVault}; each setter validates its argument at once. */
  public static final class Builder {
    private VaultStore store;
    private KeysetHandle kekKeyset;
    private KeysetHandle indexKeyset;
    private final Map<String, Domain> domains = new LinkedHashMap<>();
    private Canonicalizer canonicalizer = Canonicalizer.trimmed();
    private AccessPolicy policy;
    private TransparencyLedger ledger;
    private int rateLimit = 20;
    private Duration rateWindow = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private Randomness randomness = Randomness.secure();

    private Builder() {}

    /**
     * Sets the store.
     *
     * @param store the store
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder store(VaultStore store) {
      this.store = notNull("store", store);
      return this;
    }

    /**
     * Sets the key-encryption keyset (an AEAD keyset, see {@link #generateKeyEncryptionKeyset()})
     * that wraps subject keys.
     *
     * @param keyset the keyset
     * @return this builder
     * @throws IllegalArgumentException if null or not an AEAD keyset
     */
    public Builder keyEncryptionKeyset(KeysetHandle keyset) {
      notNull("keyEncryptionKeyset", keyset);
      try {
        keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "keyEncryptionKeyset must be a Tink AEAD keyset: " + e.getMessage(), e);
      }
      this.kekKeyset = keyset;
      return this;
    }

    /**
     * Sets the index keyset (an HMAC-SHA256 PRF keyset, see {@link #generateIndexKeyset()}) that
     * computes lookup values.
     *
     * @param keyset the keyset
     * @return this builder
     * @throws IllegalArgumentException if null or its primary is not an HMAC PRF key
     */
    public Builder indexKeyset(KeysetHandle keyset) {
      notNull("indexKeyset", keyset);
      if (!(keyset.getPrimary().getKey().getParameters() instanceof HmacPrfParameters)) {
        throw new IllegalArgumentException(
            "indexKeyset's primary key must be an HMAC PRF key, got "
                + keyset.getPrimary().getKey().getParameters());
      }
      this.indexKeyset = keyset;
      return this;
    }

    /**
     * Adds a domain.
     *
     * @param name the domain name (also the resource name checked by the access policy)
     * @param policy the token policy
     * @param retention how long a token lives, {@code > 0}
     * @return this builder
     * @throws IllegalArgumentException if an argument is null or malformed, the retention is not
     *     positive, or the domain was already added
     */
    public Builder domain(String name, TokenPolicy policy, Duration retention) {
      PseudonymDomain.checkName("name", name);
      notNull("policy", policy);
      notNull("retention", retention);
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be > 0, got " + retention);
      }
      if (domains.putIfAbsent(name, new Domain(name, policy, retention)) != null) {
        throw new IllegalArgumentException(
            "domain names must be unique, got \"" + name + "\" twice");
      }
      return this;
    }

    /**
     * Sets the canonicalizer applied to identities (default {@link Canonicalizer#trimmed()}); it
     * must be the same for the life of the store.
     *
     * @param canonicalizer the canonicalizer
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder canonicalizer(Canonicalizer canonicalizer) {
      this.canonicalizer = notNull("canonicalizer", canonicalizer);
      return this;
    }

    /**
     * Sets the access policy that decides re-identification requests; the resource checked is the
     * domain name.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder accessPolicy(AccessPolicy policy) {
      this.policy = notNull("policy", policy);
      return this;
    }

    /**
     * Sets the ledger that records every re-identification attempt, erasure, purge and rewrap.
     *
     * @param ledger the ledger
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder ledger(TransparencyLedger ledger) {
      this.ledger = notNull("ledger", ledger);
      return this;
    }

    /**
     * Limits each principal to {@code max} re-identification attempts per sliding {@code window}
     * (default 20 per hour); attempts beyond are refused and ledgered.
     *
     * @param max attempts per window, {@code >= 1}
     * @param window the window, {@code > 0}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder rateLimit(int max, Duration window) {
      if (max < 1) {
        throw new IllegalArgumentException("max must be >= 1, got " + max);
      }
      notNull("window", window);
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window must be > 0, got " + window);
      }
      this.rateLimit = max;
      this.rateWindow = window;
      return this;
    }

    /**
     * Sets the clock for expiry and rate limits (default system UTC).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock clock) {
      this.clock = notNull("clock", clock);
      return this;
    }

    /**
     * Sets the randomness for tokens and subject ids (default {@link Randomness#secure()}; seeded
     * randomness makes tokens predictable and is for tests only).
     *
     * @param randomness the randomness
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder randomness(Randomness randomness) {
      this.randomness = notNull("randomness", randomness);
      return this;
    }

    /**
     * Builds the vault (creating the store's tables if absent).
     *
     * @return the vault
     * @throws IllegalStateException if a required part is missing
     */
    public PseudonymVault build() {
      require(store, "store");
      require(kekKeyset, "keyEncryptionKeyset");
      require(indexKeyset, "indexKeyset");
      require(policy, "accessPolicy");
      require(ledger, "ledger");
      if (domains.isEmpty()) {
        throw new IllegalStateException("at least one domain(...) must be added before build()");
      }
      return new PseudonymVault(this);
    }

    private static void require(Object o, String name) {
      if (o == null) {
        throw new IllegalStateException(name + "(...) must be set before build()");
      }
    }

    private static <T> T notNull(String name, T value) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }
  }
}
