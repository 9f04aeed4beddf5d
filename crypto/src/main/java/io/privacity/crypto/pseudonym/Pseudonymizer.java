package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.subtle.EngineFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed, domain-separated, epoch-rotating pseudonyms: {@code pseudonym = encode(HMAC-SHA256(K(d,
 * e), canonical(id)))}, where {@code K(d, e)} is a 256-bit key derived with HKDF-SHA256 (Tink's
 * HKDF PRF, RFC 5869) from one master keyset for domain {@code d} and epoch {@code e}, and the HMAC
 * is JCA's HMAC-SHA256 (obtained, as Tink's own {@code PrfHmacJce} does, through Tink's {@code
 * EngineFactory}; the same bytes as Tink's HMAC PRF). Each derived key is cached with one
 * initialized {@link Mac} per thread, so a pseudonym costs one HMAC and its encoding. This is
 * ENISA's <i>deterministic</i> pseudonymisation with a keyed hash, per domain (ENISA,
 * <i>Pseudonymisation techniques and best practices</i>, 2019, §5.2 and §6).
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Within one domain and epoch the mapping is deterministic: equal canonical identifiers give
 *       equal pseudonyms, so counts and joins work.
 *   <li>Without the master keyset, pseudonyms are indistinguishable from random strings (HMAC is a
 *       PRF); in particular they cannot be reversed by enumerating a small identifier space, unlike
 *       an unkeyed hash.
 *   <li>Pseudonyms of one identity in two domains, or in two epochs of one domain, are unrelated:
 *       the keys are independent outputs of HKDF, so records cannot be linked across them.
 *   <li>Two identities share a pseudonym with probability at most the encoding's birthday bound
 *       ({@link PseudonymEncoding#collisionProbability(long)}), checked when the domain is built.
 * </ul>
 *
 * <p><b>Warning:</b> pseudonymised data is still personal data (GDPR Recital 26): whoever holds the
 * master keyset can recompute the pseudonym of any identifier it can guess. Keep the keyset out of
 * the analytics environment. A pseudonymizer cannot re-identify; use {@link PseudonymVault} when
 * lawful re-identification is needed.
 *
 * <p>Caller obligations: keep the master keyset secret and stable (losing it changes every
 * pseudonym); declare a realistic number of identities per domain. Immutable and thread-safe.
 */
public final class Pseudonymizer {
  static {
    try {
      PrfConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String HMAC = "HMACSHA256";

  /** Keys for at most this many epochs are cached per domain. */
  private static final int CACHED_EPOCHS = 8;

  private final MasterKey master;
  private final Map<String, Domain> domains;
  // The same domains as an array: the hot path finds a domain by identity of its name without a
  // (megamorphic) Map.get call.
  private final Domain[] domainArray;
  private final Clock clock;

  /**
   * The key of one epoch: its HMAC-SHA256 key and, per thread, an initialized {@link Mac}, so the
   * hot path allocates nothing but the MAC (inside JCA) and the pseudonym.
   */
  private static final class EpochKey {
    final long epoch;
    // The epoch's seconds since 1970, [from, until): the hot path recognizes the cached epoch by
    // two comparisons instead of a division.
    final long from;
    final long until;
    final ThreadLocal<Hmac> hmac;

    EpochKey(long epoch, EpochRotation rotation, SecretKeySpec key) {
      this.epoch = epoch;
      switch (rotation) {
        case NEVER:
          from = Long.MIN_VALUE;
          until = Long.MAX_VALUE;
          break;
        case DAILY:
          from = epoch * DAY;
          until = from + DAY;
          break;
        default: // WEEKLY: weeks start on Monday, three days before 1970-01-01 + 7 * epoch days
          from = (epoch * 7 - 3) * DAY;
          until = from + 7 * DAY;
      }
      this.hmac = key == null ? null : ThreadLocal.withInitial(() -> new Hmac(key));
    }

    boolean contains(long second) {
      return hmac != null && second >= from && second < until;
    }
  }

  private static final long DAY = 86_400L;

  /** One thread's HMAC-SHA256 under one epoch key. */
  private static final class Hmac {
    final Mac mac;

    Hmac(SecretKeySpec key) {
      try {
        mac = EngineFactory.MAC.getInstance(HMAC);
        mac.init(key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 unavailable", e);
      }
    }

    byte[] compute(byte[] input) {
      mac.update(input);
      // doFinal() rather than doFinal(buffer, 0): JCA's HmacCore allocates the result either way,
      // and the buffer variant copies it once more.
      return mac.doFinal();
    }
  }

  private static final class Domain {
    final PseudonymDomain spec;
    final String name;
    final EpochRotation rotation;
    final PseudonymEncoding encoding;
    final ConcurrentHashMap<Long, EpochKey> keys = new ConcurrentHashMap<>();
    // The most recent epoch's key: a stream of readings hits it almost always, without boxing.
    volatile EpochKey last = new EpochKey(0, EpochRotation.NEVER, null);

    Domain(PseudonymDomain spec) {
      this.spec = spec;
      this.name = spec.name();
      this.rotation = spec.rotation();
      this.encoding = spec.encoding();
    }
  }

  private Pseudonymizer(Builder b) {
    this.master = b.master;
    Map<String, Domain> m = new LinkedHashMap<>();
    b.domains.forEach((name, spec) -> m.put(name, new Domain(spec)));
    this.domains = Collections.unmodifiableMap(m);
    this.domainArray = m.values().toArray(new Domain[0]);
    this.clock = b.clock;
  }

  /**
   * Generates a fresh master keyset (one HKDF-SHA256 PRF key). Store it encrypted, e.g. with {@code
   * TinkProtoKeysetFormat.serializeEncryptedKeyset} under a KMS key.
   *
   * @return a new keyset
   */
  public static KeysetHandle generateMasterKeyset() {
    try {
      return KeysetHandle.generateNew(PredefinedPrfParameters.HKDF_SHA256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an HKDF-SHA256 keyset", e);
    }
  }

  /**
   * A builder; the master keyset and at least one domain are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The configured domain names.
   *
   * @return an immutable set, in configuration order
   */
  public Set<String> domains() {
    return domains.keySet();
  }

  /**
   * The configuration of one domain.
   *
   * @param domain the domain name
   * @return its configuration
   * @throws IllegalArgumentException if the domain is not configured
   */
  public PseudonymDomain domain(String domain) {
    return lookup(domain).spec;
  }

  /**
   * The pseudonym of {@code identifier} in {@code domain} for the current epoch (this
   * pseudonymizer's clock).
   *
   * @param domain a configured domain name
   * @param identifier the identifier, canonicalized by the domain's canonicalizer
   * @return the pseudonym
   * @throws IllegalArgumentException if the domain is unknown, or the identifier is null, empty or
   *     rejected by the canonicalizer
   */
  public String pseudonymize(String domain, String identifier) {
    return pseudonymize(domain, identifier, clock.instant());
  }

  /**
   * The pseudonym of {@code identifier} in {@code domain} for the epoch containing {@code time}.
   *
   * @param domain a configured domain name
   * @param identifier the identifier, canonicalized by the domain's canonicalizer
   * @param time when the identifier was observed (selects the epoch)
   * @return the pseudonym
   * @throws IllegalArgumentException if the domain is unknown, the time is null, or the identifier
   *     is null, empty or rejected by the canonicalizer
   */
  public String pseudonymize(String domain, String identifier, Instant time) {
    Domain d = lookup(domain);
    if (identifier == null) {
      throw new IllegalArgumentException("identifier must be a non-empty string, got null");
    }
    if (identifier.isEmpty()) {
      throw new IllegalArgumentException("identifier must be a non-empty string, got \"\"");
    }
    String canonical = d.spec.canonicalizer().canonicalize(identifier);
    if (canonical == null || canonical.isEmpty()) {
      throw new IllegalArgumentException(
          "identifier must be non-empty after canonicalization, got \"" + identifier + "\"");
    }
    return encode(d, canonical.getBytes(StandardCharsets.UTF_8), time);
  }

  /**
   * The pseudonym of a binary identifier (already canonical: no canonicalizer is applied), for
   * identifiers that are bytes, such as a card's UID.
   *
   * @param domain a configured domain name
   * @param identifier the identifier bytes, non-empty
   * @param time when the identifier was observed (selects the epoch)
   * @return the pseudonym
   * @throws IllegalArgumentException if the domain is unknown, the time is null, or the identifier
   *     is null or empty
   */
  public String pseudonymize(String domain, byte[] identifier, Instant time) {
    Domain d = lookup(domain);
    if (identifier == null || identifier.length == 0) {
      throw new IllegalArgumentException(
          "identifier must be non-empty bytes, got "
              + (identifier == null ? "null" : "an empty array"));
    }
    return encode(d, identifier, time);
  }

  /**
   * The epoch number of {@code time} in {@code domain} (see {@link EpochRotation#epochOf}).
   *
   * @param domain a configured domain name
   * @param time the instant
   * @return the epoch
   * @throws IllegalArgumentException if the domain is unknown or the time is null
   */
  public long epochOf(String domain, Instant time) {
    return lookup(domain).spec.rotation().epochOf(time);
  }

  private String encode(Domain d, byte[] input, Instant time) {
    if (time == null) {
      throw new IllegalArgumentException("time must not be null");
    }
    EpochKey last = d.last;
    EpochKey k = last.contains(time.getEpochSecond()) ? last : key(d, d.rotation.epochOf(time));
    return d.encoding.encode(k.hmac.get().compute(input));
  }

  private EpochKey key(Domain d, long epoch) {
    EpochKey k = d.keys.get(epoch);
    if (k != null) {
      d.last = k;
      return k;
    }
    byte[] bytes =
        master.derive("pseudonym", d.spec.name(), d.spec.rotation().name(), Long.toString(epoch));
    try {
      k = new EpochKey(epoch, d.rotation, new SecretKeySpec(bytes, HMAC));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    if (d.keys.size() >= CACHED_EPOCHS) {
      d.keys.clear();
    }
    EpochKey raced = d.keys.putIfAbsent(epoch, k);
    k = raced != null ? raced : k;
    d.last = k;
    return k;
  }

  private Domain lookup(String domain) {
    for (Domain d : domainArray) {
      if (d.name == domain) { // fast path: callers usually pass the configured name's instance
        return d;
      }
    }
    Domain d = domain == null ? null : domains.get(domain);
    if (d == null) {
      throw new IllegalArgumentException(
          "domain must be one of " + domains.keySet() + ", got " + quote(domain));
    }
    return d;
  }

  static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  @Override
  public String toString() {
    return "Pseudonymizer[domains " + domains.keySet() + "]";
  }

  /** Builds a {@link Pseudonymizer}. */
  public static final class Builder {
    private MasterKey master;
    private final Map<String, PseudonymDomain> domains = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the master keyset, whose primary key must be an HKDF-SHA256 PRF key (see {@link
     * #generateMasterKeyset()}).
     *
     * @param keyset the master keyset
     * @return this builder
     * @throws IllegalArgumentException if null or not an HKDF PRF keyset
     */
    public Builder masterKeyset(KeysetHandle keyset) {
      this.master = MasterKey.of(keyset);
      return this;
    }

    /**
     * Adds a domain.
     *
     * @param domain the domain
     * @return this builder
     * @throws IllegalArgumentException if null or a domain of that name was already added
     */
    public Builder domain(PseudonymDomain domain) {
      if (domain == null) {
        throw new IllegalArgumentException("domain must not be null");
      }
      if (domains.putIfAbsent(domain.name(), domain) != null) {
        throw new IllegalArgumentException(
            "domain names must be unique, got \"" + domain.name() + "\" twice");
      }
      return this;
    }

    /**
     * Sets the clock that selects the epoch in {@link Pseudonymizer#pseudonymize(String, String)}
     * (default: system UTC).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Builds the pseudonymizer.
     *
     * @return the pseudonymizer
     * @throws IllegalStateException if no master keyset or no domain was set
     */
    public Pseudonymizer build() {
      if (master == null) {
        throw new IllegalStateException("masterKeyset(...) must be set before build()");
      }
      if (domains.isEmpty()) {
        throw new IllegalStateException("at least one domain(...) must be added before build()");
      }
      return new Pseudonymizer(this);
    }
  }
}
