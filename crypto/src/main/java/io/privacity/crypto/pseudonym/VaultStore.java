package io.privacity.crypto.pseudonym;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link PseudonymVault} keeps its rows: subjects (a wrapped per-subject key each) and
 * tokens (an identity encrypted under its subject's key each). The store sees no key and no
 * identity in the clear: subject keys are wrapped under the vault's key-encryption keyset, and the
 * lookup columns are keyed PRF values.
 *
 * <p>Contract, checked by one test suite against every implementation:
 *
 * <ul>
 *   <li>{@link #insertSubject} and {@link #insertToken} are atomic and durable when they return
 *       true, and return false (writing nothing) when a unique key is taken: a subject's {@code
 *       ref}, a token, or a token's {@code (domain, lookup)} pair. This is what makes many threads
 *       tokenizing one identity agree on one token.
 *   <li>{@link #forgetSubject} removes the wrapped key and the lookup values in one transaction.
 *   <li>Implementations are thread-safe.
 * </ul>
 *
 * <p>Two implementations ship: an embedded H2 database ({@link #h2(Path)}, {@link
 * #h2InMemory(String)}) and PostgreSQL ({@link #postgres(String)}).
 */
public interface VaultStore extends AutoCloseable {

  /**
   * A data subject's row.
   *
   * @param id random subject id
   * @param ref keyed PRF of the canonical identity (the lookup key), null once forgotten
   * @param refKeyId id of the index key that computed {@code ref}
   * @param wrappedKey the subject's Tink keyset, encrypted under the key-encryption keyset; null
   *     once forgotten
   * @param kekId id of the key-encryption key that wrapped it
   * @param identityCiphertext the canonical identity encrypted under the subject key; null once
   *     forgotten
   * @param forgottenAt when the subject was forgotten (epoch milliseconds), or 0
   */
  record SubjectRecord(
      String id,
      String ref,
      int refKeyId,
      byte[] wrappedKey,
      int kekId,
      byte[] identityCiphertext,
      long forgottenAt) {}

  /**
   * A token's row.
   *
   * @param token the token
   * @param domain its domain
   * @param subjectId the subject it stands for
   * @param lookup keyed PRF of (policy, domain, document, identity) for deterministic and
   *     document-randomised tokens, else null; null once the subject is forgotten
   * @param lookupKeyId id of the index key that computed {@code lookup}, or 0
   * @param policy the token policy
   * @param ciphertext identity and document, encrypted under the subject key with associated data
   *     (domain, token)
   * @param createdAt creation time, epoch milliseconds
   * @param expiresAt expiry time, epoch milliseconds
   */
  record TokenRecord(
      String token,
      String domain,
      String subjectId,
      String lookup,
      int lookupKeyId,
      TokenPolicy policy,
      byte[] ciphertext,
      long createdAt,
      long expiresAt) {}

  /**
   * Inserts a subject unless its id or ref is taken.
   *
   * @param subject the row
   * @return true if inserted, false if a unique key was taken
   */
  boolean insertSubject(SubjectRecord subject);

  /**
   * The subject with this ref.
   *
   * @param ref the ref
   * @return the row, if any
   */
  Optional<SubjectRecord> subjectByRef(String ref);

  /**
   * The subject with this id.
   *
   * @param id the id
   * @return the row, if any
   */
  Optional<SubjectRecord> subject(String id);

  /**
   * Inserts a token unless the token or its {@code (domain, lookup)} pair is taken.
   *
   * @param token the row
   * @return true if inserted, false if a unique key was taken
   */
  boolean insertToken(TokenRecord token);

  /**
   * The token with this lookup value in this domain.
   *
   * @param domain the domain
   * @param lookup the lookup value
   * @return the row, if any
   */
  Optional<TokenRecord> tokenByLookup(String domain, String lookup);

  /**
   * The token's row.
   *
   * @param token the token
   * @return the row, if any
   */
  Optional<TokenRecord> token(String token);

  /**
   * Crypto-shreds a subject in one transaction: deletes its wrapped key, identity ciphertext and
   * ref, records the time, and clears the lookup values of its tokens (their ciphertexts stay,
   * unreadable, until purged).
   *
   * @param id the subject id
   * @param at the time, epoch milliseconds
   * @return true if a live subject was forgotten
   */
  boolean forgetSubject(String id, long at);

  /**
   * Deletes every token that expired at or before {@code now}.
   *
   * @param now epoch milliseconds
   * @return the number deleted
   */
  int purgeExpired(long now);

  /**
   * Deletes one token if it expired at or before {@code now}.
   *
   * @param token the token
   * @param now epoch milliseconds
   * @return true if deleted
   */
  boolean deleteIfExpired(String token, long now);

  /**
   * Live subjects whose key was wrapped with another key-encryption key or whose ref was computed
   * with another index key.
   *
   * @param kekId the current key-encryption key id
   * @param refKeyId the current index key id
   * @param limit the maximum number of rows
   * @return up to {@code limit} rows
   */
  List<SubjectRecord> subjectsToRewrap(int kekId, int refKeyId, int limit);

  /**
   * Replaces a live subject's wrapped key and ref.
   *
   * @param subject the new row (same id)
   * @return true if updated
   */
  boolean updateSubject(SubjectRecord subject);

  /**
   * Tokens with a lookup value computed with another index key.
   *
   * @param lookupKeyId the current index key id
   * @param limit the maximum number of rows
   * @return up to {@code limit} rows
   */
  List<TokenRecord> tokensToReindex(int lookupKeyId, int limit);

  /**
   * Replaces a token's lookup value.
   *
   * @param token the token
   * @param lookup the new lookup value
   * @param lookupKeyId the index key that computed it
   * @return true if updated
   */
  boolean updateLookup(String token, String lookup, int lookupKeyId);

  /**
   * The number of stored tokens.
   *
   * @return the count
   */
  long tokenCount();

  /** Closes the store's connections. */
  @Override
  void close();

  /**
   * An embedded H2 database in {@code file} ({@code .mv.db} is appended), created if absent. Each
   * commit is written to the file before the call returns ({@code WRITE_DELAY=0}), so a killed
   * process loses no acknowledged row (tested with SIGKILL). H2 does not force every commit to the
   * disk platter: against power loss, use PostgreSQL with {@code synchronous_commit = on}.
   *
   * @param file the database file path, without extension
   * @return the store
   * @throws IllegalArgumentException if null
   * @throws IllegalStateException if the database cannot be opened
   */
  static VaultStore h2(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    return JdbcVaultStore.open(
        "jdbc:h2:file:"
            + file.toAbsolutePath()
            + ";WRITE_DELAY=0"
            + JdbcVaultStore.H2_NO_RESULT_REUSE,
        JdbcVaultStore.Dialect.H2);
  }

  /**
   * An H2 database in this process's memory, gone when the store is closed; for tests and examples.
   *
   * @param name a name, unique within the process
   * @return the store
   * @throws IllegalArgumentException if the name is not 1-64 letters, digits or {@code _}
   */
  static VaultStore h2InMemory(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_]{1,64}")) {
      throw new IllegalArgumentException(
          "name must be 1-64 letters, digits or '_', got " + Pseudonymizer.quote(name));
    }
    return JdbcVaultStore.open(
        "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + JdbcVaultStore.H2_NO_RESULT_REUSE,
        JdbcVaultStore.Dialect.H2_MEMORY);
  }

  /**
   * A PostgreSQL database (driver {@code org.postgresql:postgresql}); tables are created in the
   * connection's current schema if absent.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/city?user=vault&password=...}
   * @return the store
   * @throws IllegalArgumentException if the URL is null or not a {@code jdbc:postgresql:} URL
   * @throws IllegalStateException if the database cannot be reached
   */
  static VaultStore postgres(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with \"jdbc:postgresql:\", got "
              + (jdbcUrl == null ? "null" : "a URL with another scheme"));
    }
    return JdbcVaultStore.open(jdbcUrl, JdbcVaultStore.Dialect.POSTGRES);
  }
}
