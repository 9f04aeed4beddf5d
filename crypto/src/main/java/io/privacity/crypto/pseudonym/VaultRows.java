package io.privacity.crypto.pseudonym;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows a {@link PseudonymVault} keeps, as the store sees them: nothing in clear, nothing shared
 * by one subject's rows in two domains, nothing keyed under a key that outlives an erasure.
 *
 * <ul>
 *   <li>a <b>subject</b> row per (domain, identity): a random 64-bit id, a random bucket, the
 *       lookup (64 bits of a PRF of the identity under the bucket's key) and the subject's secret,
 *       domain and identity wrapped under the bucket's key;
 *   <li>a <b>token</b> row: the token, its domain, the subject id encrypted (randomised) under the
 *       vault's row key, a document lookup and a tag, both PRFs under the subject's secret, and an
 *       expiry rounded up to the hour;
 *   <li>per bucket the generation of its key (for recovery after a crash mid-rotation), per domain
 *       its policy, a few metadata values, and rate-limit attempts under a keyed principal hash.
 * </ul>
 *
 * <p>Implementations are thread-safe; the vault serializes what must not interleave (see {@link
 * BucketKeys}).
 */
interface VaultRows {

  /** A subject row; {@code wrapped} is opened only with its bucket's key. */
  record SubjectRow(long sid, int bucket, long lookup, byte[] wrapped) {}

  /** A token row. */
  record TokenRow(
      String token, String domain, byte[] subjectRef, Long docLookup, byte[] tag, long expiresAt) {}

  /** One bucket rotation, applied in one transaction. */
  record Rotation(List<SubjectRow> rewrapped, List<Long> deleted, Map<Integer, Long> generations) {}

  /** A metadata value. */
  Optional<String> meta(String name);

  /**
   * Records a new key file in one transaction: its id and generation 1 for every bucket.
   *
   * @return false if the database already records a key file
   */
  boolean initKeys(String keyFileId, int buckets);

  /** The committed generation of every bucket, indexed by bucket. */
  long[] generations(int buckets);

  /** Whether any subject row exists. */
  boolean hasSubjects();

  /** Registers domains that are absent and returns every registered domain with its policy. */
  Map<String, TokenPolicy> registerDomains(Map<String, TokenPolicy> domains);

  /** The subjects whose lookup is one of {@code lookups}. */
  List<SubjectRow> subjectsByLookup(Collection<Long> lookups);

  /** Every subject of {@code bucket}. */
  List<SubjectRow> subjectsInBucket(int bucket);

  /** The (id, lookup) pairs of every subject of {@code bucket}. */
  List<long[]> lookupsInBucket(int bucket);

  /** The subjects with these ids. */
  List<SubjectRow> subjectsById(Collection<Long> sids);

  /** The subject with this id. */
  Optional<SubjectRow> subject(long sid);

  /** The number of subject rows. */
  long subjectCount();

  /** Inserts a subject; false if its id is taken. */
  boolean insertSubject(SubjectRow subject);

  /** Inserts a token; false if the token is taken. */
  boolean insertToken(TokenRow token);

  /** Inserts subjects and tokens in one transaction. */
  void insertAll(List<SubjectRow> subjects, List<TokenRow> tokens);

  /** The token's row. */
  Optional<TokenRow> token(String token);

  /** The tokens with this document lookup (64 bits: another subject's may collide). */
  List<TokenRow> tokensByDocLookup(long docLookup);

  /** The tokens with these document lookups. */
  List<TokenRow> tokensByDocLookup(Collection<Long> docLookups);

  /** Deletes one token if it expired at or before {@code now}. */
  boolean deleteIfExpired(String token, long now);

  /** Deletes every token that expired at or before {@code now}, and stale attempts. */
  int purgeExpired(long now, long attemptsBefore);

  /** The number of tokens. */
  long tokenCount();

  /** Applies a rotation in one durable transaction. */
  void rotate(Rotation rotation);

  /**
   * In one transaction: deletes a principal's attempts at or before {@code horizon}, and records an
   * attempt at {@code now} if fewer than {@code max} remain.
   *
   * @return whether the attempt was recorded (allowed)
   */
  boolean tryAttempt(long principal, long horizon, long now, int max);

  /** Records an attempt (tests). */
  void insertAttempt(long principal, long at);

  /** Deletes a principal's attempts at or before {@code upTo}, then counts those left (tests). */
  int attemptsSince(long principal, long upTo);
}
