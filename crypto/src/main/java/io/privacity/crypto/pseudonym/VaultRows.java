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
 *   <li>a <b>subject</b> row per (domain, identity): a 64-bit id whose top bits are its random
 *       bucket and whose other 57 bits are random (so a bucket's subjects are one key range and
 *       need no index of their own), the lookup (64 bits of a PRF of the identity under the
 *       bucket's key) and the subject's secret, domain and identity wrapped under the bucket's key;
 *   <li>a <b>token</b> row, keyed by 64 bits of the token itself: the token, its domain, the
 *       subject id encrypted (randomised) under the vault's row key, a document lookup and a tag,
 *       both PRFs under the subject's secret, and an expiry rounded up to the hour;
 *   <li>per bucket the generation of its key (for recovery after a crash mid-rotation), per domain
 *       its policy, a few metadata values, and rate-limit attempts under a keyed principal hash.
 * </ul>
 *
 * <p>Implementations are thread-safe; the vault serializes what must not interleave (see {@link
 * BucketKeys}).
 */
interface VaultRows {

  /** Bits of a subject id below its bucket number. */
  int BUCKET_SHIFT = 57;

  /**
   * A subject row; {@code wrapped} is opened only with its bucket's key. The id's top bits are the
   * bucket ({@link #bucket()}).
   */
  record SubjectRow(long sid, long lookup, byte[] wrapped) {
    /** The subject's bucket, from the top bits of its id. */
    int bucket() {
      return VaultRows.bucketOf(sid);
    }
  }

  /** The bucket of subject id {@code sid}. */
  static int bucketOf(long sid) {
    return (int) (sid >>> BUCKET_SHIFT);
  }

  /** A subject id in {@code bucket}: the bucket in the top bits, {@code random}'s low 57 bits. */
  static long sid(int bucket, long random) {
    return ((long) bucket << BUCKET_SHIFT) | (random >>> (64 - BUCKET_SHIFT));
  }

  /** The lowest subject id of {@code bucket}. */
  static long firstSid(int bucket) {
    return (long) bucket << BUCKET_SHIFT;
  }

  /** The highest subject id of {@code bucket}. */
  static long lastSid(int bucket) {
    return firstSid(bucket) + (1L << BUCKET_SHIFT) - 1;
  }

  /** A token row. */
  record TokenRow(
      String token, String domain, byte[] subjectRef, Long docLookup, byte[] tag, long expiresAt) {}

  /**
   * One bucket rotation, applied in one transaction: subjects rewrapped, subjects and tokens
   * deleted, the buckets' new generations; {@code erasure} when it forgets subjects (an H2 file is
   * then marked for the physical erasure of its old copies, see {@link #eraseOldCopies()}).
   */
  record Rotation(
      List<SubjectRow> rewrapped,
      List<Long> deleted,
      List<String> deletedTokens,
      Map<Integer, Long> generations,
      boolean erasure) {}

  /** A token's reference to its subject, as stored: for finding a forgotten subject's tokens. */
  record TokenRef(String token, String domain, byte[] subjectRef) {}

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

  /**
   * Every token's subject reference, in pages of at most {@code page} in the order of the tokens'
   * keys, passed to {@code sink} one page at a time (so no result is larger than a page).
   */
  void eachTokenRef(int page, java.util.function.Consumer<List<TokenRef>> sink);

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

  /**
   * Inserts subjects and tokens in one transaction.
   *
   * @return false, having stored nothing, if a subject id or token key is taken
   */
  boolean insertAll(List<SubjectRow> subjects, List<TokenRow> tokens);

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
   * Removes from the store's files every old copy of the rows that committed erasures deleted (H2
   * file: the database is rewritten into a new file that replaces the old one, see {@link
   * JdbcAccess#rewriteFile}); nothing for stores that cannot (PostgreSQL, in memory). Idempotent.
   *
   * @throws IllegalStateException if the rewrite fails (it is retried at the next erasure and when
   *     the store is opened)
   */
  void eraseOldCopies();

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
