package io.privacity.crypto.pseudonym;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * {@link VaultStore} over JDBC for H2 and PostgreSQL. Every statement runs in auto-commit mode (one
 * statement, one transaction) except {@link #forgetSubject}, which updates two tables in one
 * transaction. Unique violations (SQLState 23505 in both databases) become {@code false}.
 * Connections come from a small pool of at most {@link #POOL_SIZE}.
 */
final class JdbcVaultStore implements VaultStore {
  static final int POOL_SIZE = 8;
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * H2 URL setting that turns off reuse of a prepared query's last result. H2 has had races in
   * which that cache returns a result from before another session's commit (h2database issues #3894
   * and #4208); a loser of an insert race would then read "no winner". The vault's queries are
   * point lookups whose parameters change on every call, so the cache buys nothing here.
   */
  static final String H2_NO_RESULT_REUSE = ";OPTIMIZE_REUSE_RESULTS=FALSE";

  enum Dialect {
    H2("VARBINARY", "org.h2.Driver"),
    H2_MEMORY("VARBINARY", "org.h2.Driver"),
    POSTGRES("BYTEA", "org.postgresql.Driver");

    final String binary;
    final String driver;

    Dialect(String binary, String driver) {
      this.binary = binary;
      this.driver = driver;
    }
  }

  private static final String SUBJECT_COLUMNS =
      "id, ref, ref_key_id, wrapped_key, kek_id, identity_ct, forgotten_at";
  private static final String TOKEN_COLUMNS =
      "token, domain, subject_id, lookup, lookup_key_id, policy, ciphertext, created_at,"
          + " expires_at";

  private final String url;
  private final Dialect dialect;
  private final Semaphore permits = new Semaphore(POOL_SIZE, true);
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private JdbcVaultStore(String url, Dialect dialect) {
    this.url = url;
    this.dialect = dialect;
  }

  static JdbcVaultStore open(String url, Dialect dialect) {
    // Load the driver explicitly: a shaded jar may have merged away its java.sql.Driver service
    // entry, and the driver registers itself with DriverManager when its class initializes.
    try {
      Class.forName(dialect.driver);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "JDBC driver " + dialect.driver + " is not on the class path", e);
    }
    JdbcVaultStore store = new JdbcVaultStore(url, dialect);
    store.createSchema();
    return store;
  }

  private void createSchema() {
    String bin = dialect.binary;
    run(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "CREATE TABLE IF NOT EXISTS pv_subject ("
                    + "id VARCHAR(32) PRIMARY KEY, ref VARCHAR(64) UNIQUE, ref_key_id INTEGER NOT"
                    + " NULL, wrapped_key "
                    + bin
                    + ", kek_id INTEGER NOT NULL, identity_ct "
                    + bin
                    + ", forgotten_at BIGINT NOT NULL)");
            s.execute(
                "CREATE TABLE IF NOT EXISTS pv_token ("
                    + "token VARCHAR(40) PRIMARY KEY, domain VARCHAR(64) NOT NULL,"
                    + " subject_id VARCHAR(32) NOT NULL, lookup VARCHAR(64),"
                    + " lookup_key_id INTEGER NOT NULL, policy VARCHAR(24) NOT NULL,"
                    + " ciphertext "
                    + bin
                    + " NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
                    + " CONSTRAINT pv_token_lookup UNIQUE (domain, lookup))");
            s.execute("CREATE INDEX IF NOT EXISTS pv_token_subject ON pv_token (subject_id)");
            s.execute("CREATE INDEX IF NOT EXISTS pv_token_expiry ON pv_token (expires_at)");
          } catch (SQLException e) {
            // Two stores creating the schema at once: the loser sees the table already there.
            if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
              throw e;
            }
          }
          return null;
        });
  }

  @FunctionalInterface
  private interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  private <T> T run(Work<T> work) {
    if (closed) {
      throw new IllegalStateException("the vault store is closed");
    }
    permits.acquireUninterruptibly();
    Connection c = null;
    boolean healthy = false;
    try {
      c = idle.poll();
      if (c == null) {
        c = DriverManager.getConnection(url);
      }
      T result = work.apply(c);
      healthy = true;
      return result;
    } catch (SQLException e) {
      healthy = c != null && UNIQUE_VIOLATION.equals(e.getSQLState());
      throw new IllegalStateException(
          "vault store operation failed (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
    } finally {
      if (c != null) {
        if (healthy && !closed) {
          idle.add(c);
        } else {
          closeQuietly(c);
        }
      }
      permits.release();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // A broken connection is being discarded; nothing to recover.
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  private interface StatementWork<T> {
    T apply(PreparedStatement ps) throws SQLException;
  }

  /** Prepares {@code sql} on {@code c}, binds its parameters, runs {@code work} and closes it. */
  private static <T> T prepared(Connection c, String sql, Binder binder, StatementWork<T> work)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return work.apply(ps);
    }
  }

  private boolean insert(String sql, Binder binder) {
    return run(
        c -> {
          try {
            return prepared(c, sql, binder, ps -> ps.executeUpdate() == 1);
          } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
              return false;
            }
            throw e;
          }
        });
  }

  private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
    return run(c -> prepared(c, sql, binder, ps -> rows(ps, mapper)));
  }

  private static <T> List<T> rows(PreparedStatement ps, RowMapper<T> mapper) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  private int update(String sql, Binder binder) {
    return run(c -> prepared(c, sql, binder, PreparedStatement::executeUpdate));
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static SubjectRecord subjectRow(ResultSet rs) throws SQLException {
    return new SubjectRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getBytes(4),
        rs.getInt(5),
        rs.getBytes(6),
        rs.getLong(7));
  }

  private static TokenRecord tokenRow(ResultSet rs) throws SQLException {
    return new TokenRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getInt(5),
        TokenPolicy.valueOf(rs.getString(6)),
        rs.getBytes(7),
        rs.getLong(8),
        rs.getLong(9));
  }

  private List<SubjectRecord> subjects(String where, Binder binder) {
    return query(
        "SELECT " + SUBJECT_COLUMNS + " FROM pv_subject WHERE " + where,
        binder,
        JdbcVaultStore::subjectRow);
  }

  private List<TokenRecord> tokens(String where, Binder binder) {
    return query(
        "SELECT " + TOKEN_COLUMNS + " FROM pv_token WHERE " + where,
        binder,
        JdbcVaultStore::tokenRow);
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  @Override
  public boolean insertSubject(SubjectRecord s) {
    return insert(
        "INSERT INTO pv_subject (" + SUBJECT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, s.id());
          ps.setString(2, s.ref());
          ps.setInt(3, s.refKeyId());
          ps.setBytes(4, s.wrappedKey());
          ps.setInt(5, s.kekId());
          ps.setBytes(6, s.identityCiphertext());
          ps.setLong(7, s.forgottenAt());
        });
  }

  @Override
  public Optional<SubjectRecord> subjectByRef(String ref) {
    return first(subjects("ref = ?", ps -> ps.setString(1, ref)));
  }

  @Override
  public Optional<SubjectRecord> subject(String id) {
    return first(subjects("id = ?", ps -> ps.setString(1, id)));
  }

  @Override
  public boolean insertToken(TokenRecord t) {
    return insert(
        "INSERT INTO pv_token (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, t.token());
          ps.setString(2, t.domain());
          ps.setString(3, t.subjectId());
          ps.setString(4, t.lookup());
          ps.setInt(5, t.lookupKeyId());
          ps.setString(6, t.policy().name());
          ps.setBytes(7, t.ciphertext());
          ps.setLong(8, t.createdAt());
          ps.setLong(9, t.expiresAt());
        });
  }

  @Override
  public Optional<TokenRecord> tokenByLookup(String domain, String lookup) {
    return first(
        tokens(
            "domain = ? AND lookup = ?",
            ps -> {
              ps.setString(1, domain);
              ps.setString(2, lookup);
            }));
  }

  @Override
  public Optional<TokenRecord> token(String token) {
    return first(tokens("token = ?", ps -> ps.setString(1, token)));
  }

  @Override
  public boolean forgetSubject(String id, long at) {
    return run(
        c -> {
          c.setAutoCommit(false);
          try {
            int n =
                prepared(
                    c,
                    "UPDATE pv_subject SET ref = NULL, wrapped_key = NULL, identity_ct = NULL,"
                        + " forgotten_at = ? WHERE id = ? AND wrapped_key IS NOT NULL",
                    ps -> {
                      ps.setLong(1, at);
                      ps.setString(2, id);
                    },
                    PreparedStatement::executeUpdate);
            prepared(
                c,
                "UPDATE pv_token SET lookup = NULL, lookup_key_id = 0 WHERE subject_id = ?",
                ps -> ps.setString(1, id),
                PreparedStatement::executeUpdate);
            c.commit();
            return n == 1;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  @Override
  public int purgeExpired(long now) {
    return update("DELETE FROM pv_token WHERE expires_at <= ?", ps -> ps.setLong(1, now));
  }

  @Override
  public boolean deleteIfExpired(String token, long now) {
    return update(
            "DELETE FROM pv_token WHERE token = ? AND expires_at <= ?",
            ps -> {
              ps.setString(1, token);
              ps.setLong(2, now);
            })
        == 1;
  }

  @Override
  public List<SubjectRecord> subjectsToRewrap(int kekId, int refKeyId, int limit) {
    return subjects(
        "wrapped_key IS NOT NULL AND (kek_id <> ? OR ref_key_id <> ?) ORDER BY id LIMIT ?",
        ps -> {
          ps.setInt(1, kekId);
          ps.setInt(2, refKeyId);
          ps.setInt(3, limit);
        });
  }

  @Override
  public boolean updateSubject(SubjectRecord s) {
    return update(
            "UPDATE pv_subject SET ref = ?, ref_key_id = ?, wrapped_key = ?, kek_id = ?,"
                + " identity_ct = ? WHERE id = ? AND wrapped_key IS NOT NULL",
            ps -> {
              ps.setString(1, s.ref());
              ps.setInt(2, s.refKeyId());
              ps.setBytes(3, s.wrappedKey());
              ps.setInt(4, s.kekId());
              ps.setBytes(5, s.identityCiphertext());
              ps.setString(6, s.id());
            })
        == 1;
  }

  @Override
  public List<TokenRecord> tokensToReindex(int lookupKeyId, int limit) {
    return tokens(
        "lookup IS NOT NULL AND lookup_key_id <> ? ORDER BY token LIMIT ?",
        ps -> {
          ps.setInt(1, lookupKeyId);
          ps.setInt(2, limit);
        });
  }

  @Override
  public boolean updateLookup(String token, String lookup, int lookupKeyId) {
    return update(
            "UPDATE pv_token SET lookup = ?, lookup_key_id = ? WHERE token = ? AND lookup IS NOT"
                + " NULL",
            ps -> {
              ps.setString(1, lookup);
              ps.setInt(2, lookupKeyId);
              ps.setString(3, token);
            })
        == 1;
  }

  @Override
  public long tokenCount() {
    return query("SELECT COUNT(*) FROM pv_token", ps -> {}, rs -> rs.getLong(1)).get(0);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (dialect == Dialect.H2_MEMORY) {
      run(
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute("SHUTDOWN");
            }
            return null;
          });
    }
    closed = true;
    permits.acquireUninterruptibly(POOL_SIZE);
    try {
      Connection c;
      while ((c = idle.poll()) != null) {
        closeQuietly(c);
      }
    } finally {
      permits.release(POOL_SIZE);
    }
  }

  @Override
  public String toString() {
    return "VaultStore[" + dialect.name().toLowerCase(java.util.Locale.ROOT) + "]";
  }
}
