package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.subtle.PrfHmacJce;
import io.privacity.core.random.Randomness;
import io.privacity.crypto.pseudonym.BucketKeys.Bucket;
import io.privacity.crypto.pseudonym.VaultRows.SubjectRow;
import io.privacity.crypto.pseudonym.VaultRows.TokenRow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the vault's parts share: the store's rows and key tree, the configured domains, the index
 * keys, and the formats of subjects, lookups and tokens. Every PRF input and associated data is
 * prefixed {@code privacity/vault/v2/} and length-prefixes its variable parts, so no two purposes
 * or domains can collide.
 */
record VaultContext(
    JdbcVaultStore store,
    VaultRows rows,
    BucketKeys keys,
    List<Prf> indexKeys,
    Map<String, Domain> domains,
    Canonicalizer canonicalizer,
    Clock clock,
    Randomness randomness) {
  static final String LABEL = "privacity/vault/v2/";
  private static final PseudonymEncoding BASE32_32 = PseudonymEncoding.crockfordBase32(32);
  private static final long HOUR = Duration.ofHours(1).toMillis();

  /** A domain's token policy and retention. */
  record Domain(String name, TokenPolicy policy, Duration retention) {}

  /** An opened subject: its id, bucket, secret PRF, domain and canonical identity. */
  record Subject(long sid, int bucket, Prf prf, String domain, String identity) {}

  /** A new subject: the row to store and the subject it opens to. */
  record NewSubject(SubjectRow row, Subject subject) {}

  /** The plaintext of a subject row. */
  record Wrapped(byte[] secret, String domain, String identity) {}

  @Override
  public String toString() {
    return "VaultContext[" + store + ", domains " + domains.keySet() + "]";
  }

  Domain domain(String name) {
    Domain d = name == null ? null : domains.get(name);
    if (d == null) {
      throw new IllegalArgumentException(
          "domain must be one of " + domains.keySet() + ", got " + Pseudonymizer.quote(name));
    }
    return d;
  }

  /** The canonical identity; messages never repeat the identifier. */
  String canonical(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      throw new IllegalArgumentException(
          "identifier must be a non-empty string, got " + (identifier == null ? "null" : "\"\""));
    }
    String c = canonicalizer.canonicalize(identifier);
    if (c == null || c.isEmpty()) {
      throw new IllegalArgumentException(
          "identifier must be non-empty after canonicalization (the value is not repeated here)");
    }
    return c;
  }

  static String randomToken(Randomness randomness) {
    byte[] b = new byte[20];
    randomness.nextBytes(b);
    return BASE32_32.encode(b);
  }

  String randomToken() {
    return randomToken(randomness);
  }

  /** Expiry: now plus retention, rounded up to the hour so rows created together do not link. */
  static long expiry(long now, Duration retention) {
    long at = saturatedAdd(now, retention.toMillis());
    long rounded = saturatedAdd(at, HOUR - 1);
    return rounded == Long.MAX_VALUE ? rounded : rounded - Math.floorMod(rounded, HOUR);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  static byte[] label(String purpose, String... parts) {
    StringBuilder sb = new StringBuilder(LABEL).append(purpose);
    for (String p : parts) {
      sb.append('/').append(p.length()).append(':').append(p);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] prf(Prf prf, byte[] input, int size) {
    try {
      return prf.compute(input, size);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    }
  }

  /** The subject's index values, one per index key (primary first): never stored. */
  byte[][] inners(String domain, String canonical) {
    byte[] in = label("subject", domain, canonical);
    byte[][] out = new byte[indexKeys.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = prf(indexKeys.get(i), in, 32);
    }
    return out;
  }

  /** The lookup of an index value in bucket {@code b}: 64 bits of its PRF. */
  static long lookup(Bucket b, byte[] inner) {
    return ByteBuffer.wrap(prf(b.lookup(), inner, 8)).getLong();
  }

  /** The lookups of {@code inners} in every bucket. */
  List<Long> candidateLookups(byte[][] inners) {
    List<Long> out = new ArrayList<>(inners.length * BucketKeys.BUCKETS);
    for (int b = 0; b < BucketKeys.BUCKETS; b++) {
      Bucket k = keys.bucket(b);
      for (byte[] inner : inners) {
        out.add(lookup(k, inner));
      }
    }
    return out;
  }

  /** The subject of {@code canonical} in {@code domain}, if any (caller holds the shared lock). */
  Optional<Subject> findSubject(String domain, String canonical) {
    byte[][] inners = inners(domain, canonical);
    Long cached = keys.recentSubject(inners[0]);
    if (cached != null) {
      Optional<SubjectRow> row = rows.subject(cached);
      if (row.isPresent()) {
        Subject s = open(row.get());
        if (s.domain().equals(domain) && s.identity().equals(canonical)) {
          return Optional.of(s);
        }
      }
    }
    for (SubjectRow row : rows.subjectsByLookup(candidateLookups(inners))) {
      Subject s = open(row);
      if (s.domain().equals(domain) && s.identity().equals(canonical)) {
        keys.rememberSubject(inners[0], s.sid());
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** A new subject row (not yet stored) in a random bucket, and the subject it opens to. */
  NewSubject newSubject(String domain, String canonical, byte[] inner) {
    Bucket b = keys.bucket(keys.randomBucket());
    long sid = VaultRows.sid(b.index(), randomness.nextLong());
    byte[] secret = new byte[32];
    randomness.nextBytes(secret);
    SubjectRow row = new SubjectRow(sid, lookup(b, inner), wrap(b, sid, secret, domain, canonical));
    return new NewSubject(row, new Subject(sid, b.index(), prf(secret), domain, canonical));
  }

  static Prf prf(byte[] secret) {
    try {
      return new PrfHmacJce("HMACSHA256", new SecretKeySpec(secret, "HMAC"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a subject key", e);
    }
  }

  /** The subject's secret, domain and identity, encrypted under bucket {@code b}'s key. */
  static byte[] wrap(Bucket b, long sid, byte[] secret, String domain, String canonical) {
    byte[] d = domain.getBytes(StandardCharsets.UTF_8);
    byte[] c = canonical.getBytes(StandardCharsets.UTF_8);
    byte[] pt =
        ByteBuffer.allocate(32 + 2 + d.length + c.length)
            .put(secret)
            .putShort((short) d.length)
            .put(d)
            .put(c)
            .array();
    try {
      return b.aead().encrypt(pt, subjectAad(sid, b.index()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot wrap a subject key", e);
    } finally {
      Arrays.fill(pt, (byte) 0);
    }
  }

  /** The plaintext of a subject row: secret (32 bytes), domain, identity. */
  static Wrapped unwrap(Bucket b, SubjectRow row) throws GeneralSecurityException {
    byte[] pt = b.aead().decrypt(row.wrapped(), subjectAad(row.sid(), b.index()));
    ByteBuffer buf = ByteBuffer.wrap(pt);
    byte[] secret = new byte[32];
    buf.get(secret);
    int dl = Short.toUnsignedInt(buf.getShort());
    String domain = new String(pt, 34, dl, StandardCharsets.UTF_8);
    String identity = new String(pt, 34 + dl, pt.length - 34 - dl, StandardCharsets.UTF_8);
    Arrays.fill(pt, (byte) 0);
    return new Wrapped(secret, domain, identity);
  }

  /** Opens a subject row under its bucket's current key. */
  Subject open(SubjectRow row) {
    try {
      Wrapped w = unwrap(keys.bucket(row.bucket()), row);
      Subject s = new Subject(row.sid(), row.bucket(), prf(w.secret()), w.domain(), w.identity());
      Arrays.fill(w.secret(), (byte) 0);
      return s;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException(
          "a vault subject does not open under its bucket key: tampered store, or a key file"
              + " from elsewhere",
          e);
    }
  }

  private static byte[] subjectAad(long sid, int bucket) {
    return label("subject-key", Long.toHexString(sid), Integer.toString(bucket));
  }

  /** The document lookup of a token of {@code s} (null in a fully randomised domain). */
  static Long docLookup(Subject s, Domain d, String document) {
    if (d.policy() == TokenPolicy.FULLY_RANDOMISED) {
      return null;
    }
    return ByteBuffer.wrap(prf(s.prf(), label("doc", d.policy().name(), d.name(), document), 8))
        .getLong();
  }

  /**
   * The token of {@code s} for {@code document}, if stored: the row with its document lookup whose
   * tag verifies under the subject's key (64-bit lookups of two subjects may collide).
   */
  Optional<TokenRow> tokenOf(Subject s, Domain d, String document) {
    return pick(s, rows.tokensByDocLookup(docLookup(s, d, document)));
  }

  /** The row among {@code candidates} that belongs to {@code s}. */
  static Optional<TokenRow> pick(Subject s, List<TokenRow> candidates) {
    for (TokenRow t : candidates) {
      if (t.domain().equals(s.domain())
          && MessageDigest.isEqual(t.tag(), tag(s, t.domain(), t.token(), t.docLookup()))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** A new token row of {@code s}. */
  TokenRow newToken(Subject s, Domain d, String document, long now) {
    String token = randomToken();
    Long docLookup = docLookup(s, d, document);
    return new TokenRow(
        token,
        d.name(),
        subjectRef(d.name(), token, s.sid()),
        docLookup,
        tag(s, d.name(), token, docLookup),
        expiry(now, d.retention()));
  }

  /**
   * The token's subject id, encrypted (randomised) under the row key, bound to domain and token.
   */
  byte[] subjectRef(String domain, String token, long sid) {
    try {
      return keys.rowAead()
          .encrypt(
              ByteBuffer.allocate(8).putLong(sid).array(), label("token-subject", domain, token));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a token's subject reference", e);
    }
  }

  /** The subject id of a token row; throws if the reference was moved or altered. */
  long subjectOf(TokenRow t) throws GeneralSecurityException {
    return subjectOf(t.domain(), t.token(), t.subjectRef());
  }

  /** The subject id in a token's reference; throws if the reference was moved or altered. */
  long subjectOf(String domain, String token, byte[] subjectRef) throws GeneralSecurityException {
    Aead row = keys.rowAead();
    byte[] sid = row.decrypt(subjectRef, label("token-subject", domain, token));
    if (sid.length != 8) {
      throw new GeneralSecurityException("malformed subject reference");
    }
    return ByteBuffer.wrap(sid).getLong();
  }

  /** The token row's tag: binds token, domain and document lookup to the subject's key. */
  static byte[] tag(Subject s, String domain, String token, Long docLookup) {
    String dl = docLookup == null ? "-" : Long.toHexString(docLookup);
    return prf(s.prf(), label("tag", domain, token, dl), 16);
  }
}
