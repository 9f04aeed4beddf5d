package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
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
import io.privacity.crypto.pseudonym.VaultContext.Domain;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pseudonym vault: replaces identities with random tokens under ENISA's policies ({@link
 * TokenPolicy}), keeps each identity encrypted so that a lawful, authorized, audited request can
 * recover it, and forgets a subject for good by destroying the keys its rows were written under.
 *
 * <h2>Threat model</h2>
 *
 * The vault defends against (1) whoever obtains a copy of the database (with or without its old
 * files, dead tuples, WAL, backups), (2) after {@link #forget}: whoever obtains <i>every</i> file
 * the store ever wrote and every key that still exists, and (3) callers that may tokenize but are
 * not authorized to re-identify. It does not defend against a holder of the live keys while the
 * subject is still in the vault (that is what re-identification is), against copies of the key file
 * made before a {@code forget} (backups of it must not exist, or must expire), against file systems
 * and devices that do not overwrite in place (copy-on-write file systems such as btrfs or ZFS,
 * snapshots, SSD block remapping), or against plaintext already released (identities returned by
 * {@link #reidentify}, logs the caller kept). Details and costs: {@code docs/erasure.md}.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li><b>Tokens carry no information</b>: each is 160 random bits (32 Crockford base-32
 *       characters), not a function of the identity.
 *   <li><b>The store alone reveals nothing</b>: no identity, no unkeyed hash of one, and no value
 *       shared by one subject's rows in two domains. Each (domain, identity) has its own subject
 *       row with a random id, a random bucket, a lookup (an HMAC-SHA256 under its bucket's key of
 *       an HMAC under the index keyset) and its secret wrapped under the bucket's AES-256-GCM key;
 *       a token row holds its subject id encrypted (randomised, under a key of the key file), a
 *       document lookup and a tag under the subject's own key, and an expiry rounded up to the
 *       hour. Insertion order (row placement in the files) is not hidden.
 *   <li><b>Erasure that holds</b>: {@link #forget(String)} deletes the subject's rows in every
 *       domain and rotates their buckets (Boneh and Lipton's revocable backups): the bucket's other
 *       subjects are rewrapped under a fresh key, and the old bucket key, whose only copy is a cell
 *       of the store's key file, is overwritten and forced to the device before {@code forget}
 *       returns. Every copy of the forgotten rows the database may keep is under that destroyed
 *       key; every token of the subject is unresolvable, in every domain, also to operations that
 *       ran concurrently with {@code forget}.
 *   <li><b>No identity oracle without authorization</b>: {@link #find} and {@link #reidentify} need
 *       an {@link Authorization} the {@link AccessPolicy} grants on the domain, share one
 *       per-principal rate limit persisted in the store, and are ledgered ({@link
 *       LedgerEventType#REIDENTIFICATION} or {@link LedgerEventType#ACCESS_DENIED}) whatever their
 *       outcome; an answer is returned only after its entry is written. {@link #tokenize} returns
 *       the same token for the same identity in a deterministic domain (that is the policy), but
 *       does not tell a first sighting from a repeat: same kind of value, same exceptions, no
 *       ledger entry. {@link #forget} does the same work and writes the same entry whether or not
 *       the identity was known.
 *   <li><b>Retention</b>: tokens expire after their domain's retention (rounded up to the hour) and
 *       are deleted by {@link #purgeExpired()}; an expired token is never resolved.
 *   <li><b>Rotation</b>: both keysets may gain a new primary key (see {@link
 *       #rotate(KeysetHandle)}); lookups try every key of the index keyset, and {@link #rewrap()}
 *       re-encrypts under the new primaries so old keys can then be removed.
 * </ul>
 *
 * <p><b>Warning:</b> {@code tokenize} of a deterministic domain is an equality test for whoever may
 * call it: given a token from a released data set, tokenizing guesses until one returns that token
 * identifies it. Give the tokenize capability only to the ingest path. Its timing also differs
 * between a first sighting (one or two inserts) and a repeat (reads only); do not expose it to
 * untrusted callers.
 *
 * <p>Thread-safe: many threads may tokenize one identity at once and all get the same token. {@code
 * forget} and {@code rewrap} pause other operations of the store while they rotate keys.
 * References: ENISA, <i>Pseudonymisation techniques and best practices</i> (2019), §4.2 and §5; D.
 * Boneh and R. J. Lipton, <i>A revocable backup system</i>, USENIX Security 1996.
 */
public final class PseudonymVault implements AutoCloseable {

  static {
    try {
      AeadConfig.register();
      PrfConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot register Tink AEAD and PRF", e);
    }
  }

  private final JdbcVaultStore store;
  private final VaultContext ctx;
  private final Aead kek;
  private final int kekId;
  private final int indexId;
  private final Tokenizer tokenizer;
  private final Disclosures disclosures;
  private final Eraser eraser;

  private PseudonymVault(Builder b) {
    List<Prf> keys = new ArrayList<>();
    try {
      this.kek = b.kekKeyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
      PrfSet index = b.indexKeyset.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
      int primaryId = index.getPrimaryId();
      Map<Integer, Prf> prfs = index.getPrfs();
      keys.add(prfs.get(primaryId));
      prfs.forEach(
          (id, prf) -> {
            if (id != primaryId) {
              keys.add(prf);
            }
          });
      this.indexId = primaryId;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("keysets are not usable: " + e.getMessage(), e);
    }
    this.kekId = b.kekKeyset.getPrimary().getId();
    this.store = (JdbcVaultStore) b.store;
    BucketKeys bucketKeys;
    synchronized (store) {
      bucketKeys = store.keys();
      if (bucketKeys == null) {
        bucketKeys = BucketKeys.open(store.keyFile(), store, kek, b.randomness);
        store.keys(bucketKeys);
      } else {
        bucketKeys.verify(kek);
      }
    }
    Map<String, TokenPolicy> wanted = new LinkedHashMap<>();
    b.domains.forEach((name, d) -> wanted.put(name, d.policy()));
    Map<String, TokenPolicy> registered = store.registerDomains(wanted);
    b.domains.forEach(
        (name, d) -> {
          if (registered.get(name) != d.policy()) {
            throw new IllegalArgumentException(
                "domain \""
                    + name
                    + "\" is registered in this store with policy "
                    + registered.get(name)
                    + ", not "
                    + d.policy());
          }
        });
    this.ctx =
        new VaultContext(
            store,
            store,
            bucketKeys,
            List.copyOf(keys),
            Map.copyOf(b.domains),
            b.canonicalizer,
            b.clock,
            b.randomness);
    RateLimiter limiter = new RateLimiter(ctx, b.rateLimit, b.rateWindow);
    this.tokenizer = new Tokenizer(ctx);
    this.disclosures = new Disclosures(ctx, b.policy, b.ledger, limiter);
    this.eraser = new Eraser(ctx, b.ledger, limiter);
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
   * A new index keyset (HMAC-SHA256 PRF) for the lookups.
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
   * if none or expired), always a new one for a fully randomised domain. Whether the identity was
   * known before is not revealed (see the class javadoc for the timing caveat).
   *
   * @param domain a configured domain
   * @param identifier the identity, canonicalized by the vault's canonicalizer
   * @return the token
   * @throws IllegalArgumentException if the domain is unknown or document-randomised, or the
   *     identifier is null, empty or rejected by the canonicalizer (the message never repeats it)
   * @throws IllegalStateException if the store fails
   */
  public String tokenize(String domain, String identifier) {
    Domain d = undocumented(domain);
    return tokenizer.tokenize(d, ctx.canonical(identifier), "");
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
    Domain d = documented(domain, document);
    return tokenizer.tokenize(d, ctx.canonical(identifier), document);
  }

  /**
   * The tokens of many identities in a deterministic or fully randomised domain, in input order:
   * the same tokens {@link #tokenize(String, String)} would return one by one, computed in one pass
   * and stored in one transaction (new subjects and tokens are all stored, or none). From 512
   * distinct identities the batch computes its HMACs (65 per identity: the index value and its
   * lookup in each of the 64 buckets) on the common fork-join pool, so it uses every core; the
   * database work stays in the caller's thread.
   *
   * @param domain a configured domain, not document-randomised
   * @param identifiers the identities (any may repeat)
   * @return one token per identifier
   * @throws IllegalArgumentException if the domain is unknown or document-randomised, the list is
   *     null, or an identifier is null, empty or rejected (the message names its index)
   * @throws IllegalStateException if the store fails (then nothing was stored)
   */
  public List<String> tokenizeAll(String domain, List<String> identifiers) {
    Domain d = undocumented(domain);
    return tokenizer.tokenizeAll(d, canonicalAll(identifiers, "identifiers"), "");
  }

  /**
   * The tokens of many identities within {@code document} in a document-randomised domain, in input
   * order; see {@link #tokenizeAll(String, List)}.
   *
   * @param domain a configured document-randomised domain
   * @param identifiers the identities
   * @param document the document id, non-empty
   * @return one token per identifier
   * @throws IllegalArgumentException as {@link #tokenize(String, String, String)}, or if the list
   *     is null
   * @throws IllegalStateException if the store fails (then nothing was stored)
   */
  public List<String> tokenizeAll(String domain, List<String> identifiers, String document) {
    Domain d = documented(domain, document);
    return tokenizer.tokenizeAll(d, canonicalAll(identifiers, "identifiers"), document);
  }

  private List<String> canonicalAll(List<String> identifiers, String name) {
    if (identifiers == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    List<String> out = new ArrayList<>(identifiers.size());
    for (int i = 0; i < identifiers.size(); i++) {
      try {
        out.add(ctx.canonical(identifiers.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + "[" + i + "]: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private Domain undocumented(String domain) {
    Domain d = ctx.domain(domain);
    if (d.policy() == TokenPolicy.DOCUMENT_RANDOMISED) {
      throw new IllegalArgumentException(
          "domain \""
              + domain
              + "\" is DOCUMENT_RANDOMISED: use tokenize(domain, identifier, document)");
    }
    return d;
  }

  private Domain documented(String domain, String document) {
    Domain d = ctx.domain(domain);
    if (d.policy() != TokenPolicy.DOCUMENT_RANDOMISED) {
      throw new IllegalArgumentException(
          "domain \""
              + domain
              + "\" is "
              + d.policy()
              + ": a document applies only to DOCUMENT_RANDOMISED domains");
    }
    if (document == null || document.isEmpty()) {
      throw new IllegalArgumentException(
          "document must be a non-empty string, got " + Pseudonymizer.quote(document));
    }
    return d;
  }

  /**
   * The live token of {@code identifier} in a deterministic domain, without creating one. This
   * answers "is this identity known", so it is treated like re-identification: the principal's rate
   * limit (shared with {@link #reidentify}), then the access policy (resource: the domain name),
   * and a ledger entry ({@code request=lookup}, outcome {@code FOUND} with the token, or {@code
   * NOT_FOUND}) before the answer is returned.
   *
   * @param domain a configured deterministic domain
   * @param identifier the identity
   * @param authorization the principal, purpose and justification
   * @return the token, if one exists and has not expired
   * @throws IllegalArgumentException if the domain is unknown or not deterministic, the identifier
   *     is null, empty or rejected, or the authorization is null; not ledgered
   * @throws AccessDeniedException if the policy refuses, or the answer cannot be ledgered
   * @throws ReidentificationException if rate-limited ({@link Reason#RATE_LIMITED})
   */
  public Optional<String> find(String domain, String identifier, Authorization authorization) {
    Domain d = ctx.domain(domain);
    String c = ctx.canonical(identifier);
    return disclosures.find(d, c, authorization);
  }

  /**
   * Recovers the identity behind {@code token}, if {@code authorization} allows it. In order: the
   * principal's rate limit, the access policy (resource: the domain name), the token's existence,
   * expiry and subject; every outcome is ledgered.
   *
   * <p>The identity is returned in its <b>canonical form</b> (the output of the vault's {@link
   * Canonicalizer}, e.g. {@code AB123CD} for a plate tokenized as {@code "ab-123 cd"}): the vault
   * never stores the raw spelling.
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
   * @throws GeneralSecurityException if the stored token does not verify (tampering)
   */
  public String reidentify(String domain, String token, Authorization authorization)
      throws GeneralSecurityException {
    Domain d = ctx.domain(domain);
    return disclosures.reidentify(d, token, authorization);
  }

  /**
   * Forgets a data subject (GDPR Art. 17) in every domain registered in the store: deletes its
   * subject rows and token rows, destroys, in the key file, the bucket keys every copy of them was
   * written under (see the class javadoc), and, on an H2 file store, rewrites the database file so
   * that no old copy of those rows remains in it. When this returns, no token of the subject
   * resolves, in any domain, also for calls that ran concurrently (they are {@link
   * Reason#UNKNOWN_TOKEN}); a later {@link #tokenize} of the same identity creates a new subject
   * with new tokens. Other operations of the store wait while it runs (on H2 the rewrite takes time
   * in proportion to the database's size; see {@code docs/erasure.md} for figures); {@link
   * #forgetAll} erases many identities for the cost of about one.
   *
   * <p>The work done and the ledger entry ({@link LedgerEventType#ERASURE}, naming neither the
   * identity nor a bucket) are the same whether or not the vault knew the identity, so this is not
   * an oracle for it; use {@link #find} (authorized) to ask.
   *
   * @param subject the identity, canonicalized as for {@link #tokenize}
   * @throws IllegalArgumentException if the identity is null, empty or rejected (not repeated)
   * @throws IllegalStateException if the store or the key file fails: then nothing was erased, or
   *     the store must be reopened to finish, or (the message says so) the subject is erased but
   *     old copies of its rows remain in the H2 file until the next erasure or reopening
   */
  public void forget(String subject) {
    eraser.forgetAll(List.of(ctx.canonical(subject)));
  }

  /**
   * Forgets many data subjects at once, as {@link #forget} does each of them, with one rotation of
   * the buckets they are in and one rewrite of an H2 file: erasure requests can be gathered (e.g.
   * daily) and served for little more than the cost of one. One ledger entry per distinct identity;
   * the work does not reveal which identities were known.
   *
   * @param subjects the identities, canonicalized as for {@link #tokenize} (repeats are erased
   *     once)
   * @throws IllegalArgumentException if the list is null or an identity is null, empty or rejected
   *     (the message names its index, never the value); then nothing was erased
   * @throws IllegalStateException as {@link #forget}
   */
  public void forgetAll(List<String> subjects) {
    List<String> canonical = canonicalAll(subjects, "subjects");
    if (!canonical.isEmpty()) {
      eraser.forgetAll(canonical);
    }
  }

  /**
   * Deletes every expired token (retention) and rate-limit attempts older than the window, and
   * ledgers how many tokens.
   *
   * @return the number of tokens deleted
   */
  public int purgeExpired() {
    return eraser.purgeExpired();
  }

  /**
   * Rewraps the key file's master secret under the key-encryption keyset's primary key and rotates
   * every bucket (fresh bucket keys, each old one destroyed; lookups recomputed under the index
   * keyset's primary key); afterwards the old keys can be removed from both keysets. Safe to rerun
   * after an interruption. Ledgered as {@link LedgerEventType#KEY_ROTATION}.
   *
   * @return the number of subject rows rewrapped
   * @throws IllegalStateException if a row cannot be opened with the current keys
   */
  public int rewrap() {
    return eraser.rewrap(kek, kekId, indexId);
  }

  /**
   * The vault's store.
   *
   * @return the store
   */
  public VaultStore store() {
    return store;
  }

  /** The vault's internals, for tests in this package. */
  VaultContext context() {
    return ctx;
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "PseudonymVault[" + store + ", domains " + ctx.domains().keySet() + "]";
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
     * Sets the access policy that decides re-identification and lookup requests; the resource
     * checked is the domain name.
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
     * Limits each principal (the {@link Authorization}'s principal id) to {@code max}
     * re-identification and lookup requests per sliding {@code window} (default 20 per hour);
     * requests beyond are refused and ledgered. Counted in the store: the count survives a restart,
     * and memory does not grow with the number of principals.
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
