package io.privacity.crypto.pseudonym;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * {@link VaultStore} over JDBC for H2 and PostgreSQL. Every statement runs in auto-commit mode
 * except the multi-row writes ({@link #rotate}, {@link #insertAll}, {@link #initKeys}), each one
 * transaction. Unique violations (SQLState 23505 in both databases) become {@code false}.
 * Connections come from the caller's {@link DataSource} or from a small pool of at most {@link
 * #POOL_SIZE} opened from a JDBC URL.
 */
final class JdbcVaultStore implements VaultStore, VaultRows {
  static final int POOL_SIZE = 8;
  private static final String UNIQUE_VIOLATION = "23505";
  private static final int IN_CHUNK = 500;
  private static final int COMPACT_EVERY = 64;

  /**
   * H2 URL settings. {@code OPTIMIZE_REUSE_RESULTS=FALSE}: H2 has had races in which a prepared
   * query's cached result predates another session's commit (h2database issues #3894, #4208).
   * {@code TRACE_LEVEL_FILE=0}: no trace file, which would hold SQL and values of failed
   * statements. {@code RETENTION_TIME=1000}: chunks freed by compaction (see {@link #wrote}) may be
   * reused after 1 s instead of 45 s. With 0 or 100 ms, {@code VaultCrashTest} lost acknowledged
   * tokens after SIGKILL; with 1 s it lost none in repeated runs of 150 and 3,000 tokens. H2 does
   * not promise durability against power loss with {@code WRITE_DELAY=0} either way. {@code
   * PAGE_SIZE=2048}: smaller B-tree pages, so a commit rewrites less (new databases only).
   */
  static final String H2_SETTINGS =
      ";OPTIMIZE_REUSE_RESULTS=FALSE;TRACE_LEVEL_FILE=0;RETENTION_TIME=1000;PAGE_SIZE=2048";

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

  private static final String SUBJECT_COLUMNS = "sid, bucket, lookup, wrapped";
  private static final String TOKEN_COLUMNS =
      "token, domain, subject_ref, doc_lookup, tag, expires_at";

  private final String url;
  private final DataSource dataSource;
  private final Dialect dialect;
  private final KeyFile keyFile;
  private final Semaphore permits = new Semaphore(POOL_SIZE, true);
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final AtomicLong writes = new AtomicLong();
  private final ReentrantLock compacting = new ReentrantLock();
  private volatile BucketKeys keys;
  private volatile boolean closed;

  private JdbcVaultStore(String url, DataSource dataSource, Dialect dialect, KeyFile keyFile) {
    this.url = url;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.keyFile = keyFile;
  }

  static JdbcVaultStore open(String url, Dialect dialect, KeyFile keyFile) {
    // Load the driver explicitly: a shaded jar may have merged away its java.sql.Driver service
    // entry, and the driver registers itself with DriverManager when its class initializes.
    try {
      Class.forName(dialect.driver);
    } catch (ClassNotFoundException e) {
      keyFile.close();
      throw new IllegalStateException(
          "JDBC driver " + dialect.driver + " is not on the class path", e);
    }
    return init(new JdbcVaultStore(url, null, dialect, keyFile));
  }

  static JdbcVaultStore open(DataSource dataSource, Dialect dialect, KeyFile keyFile) {
    return init(new JdbcVaultStore(null, dataSource, dialect, keyFile));
  }

  private static JdbcVaultStore init(JdbcVaultStore store) {
    try {
      store.createSchema();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The store's key file. */
  KeyFile keyFile() {
    return keyFile;
  }

  /** The bucket keys, once a vault opened them with its key-encryption keyset; else null. */
  BucketKeys keys() {
    return keys;
  }

  void keys(BucketKeys k) {
    this.keys = k;
  }

  Dialect dialect() {
    return dialect;
  }

  private void createSchema() {
    String bin = dialect.binary;
    run(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "CREATE TABLE IF NOT EXISTS pv_meta (name VARCHAR(32) PRIMARY KEY,"
                    + " val VARCHAR(128) NOT NULL)");
            s.execute(
                "CREATE TABLE IF NOT EXISTS pv_domain (name VARCHAR(64) PRIMARY KEY,"
                    + " policy VARCHAR(24) NOT NULL)");
            s.execute(
                "CREATE TABLE IF NOT EXISTS pv_bucket (bucket INTEGER PRIMARY KEY,"
                    + " gen BIGINT NOT NULL)");
            s.execute(
                "CREATE TABLE IF NOT EXISTS pv_subject (sid BIGINT PRIMARY KEY,"
                    + " bucket INTEGER NOT NULL, lookup BIGINT NOT NULL, wrapped "
                    + bin
                    + " NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS pv_subject_lookup ON pv_subject (lookup)");
            s.execute("CREATE INDEX IF NOT EXISTS pv_subject_bucket ON pv_subject (bucket)");
            s.execute(
                "CREATE TABLE IF NOT EXISTS pv_token (token VARCHAR(40) PRIMARY KEY,"
                    + " domain VARCHAR(64) NOT NULL, subject_ref "
                    + bin
                    + " NOT NULL, doc_lookup BIGINT, tag "
                    + bin
                    + " NOT NULL, expires_at BIGINT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS pv_token_doc ON pv_token (doc_lookup)");
            s.execute("CREATE INDEX IF NOT EXISTS pv_token_expiry ON pv_token (expires_at)");
            s.execute(
                "CREATE TABLE IF NOT EXISTS pv_attempt (principal BIGINT NOT NULL,"
                    + " at BIGINT NOT NULL)");
            s.execute(
                "CREATE INDEX IF NOT EXISTS pv_attempt_principal ON pv_attempt (principal, at)");
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
    if (dataSource != null) {
      try (Connection c = dataSource.getConnection()) {
        if (!c.getAutoCommit()) {
          c.setAutoCommit(true);
        }
        return work.apply(c);
      } catch (SQLException e) {
        throw failure(e);
      }
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
      throw failure(e);
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

  /**
   * A store failure. The SQLState names the kind; the driver's message is not repeated, since
   * databases quote the offending values (lookups, ids) in it.
   */
  private static IllegalStateException failure(SQLException e) {
    return new IllegalStateException(
        "vault store operation failed (SQLState " + e.getSQLState() + ")", e);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // A broken connection is being discarded; nothing to recover.
    }
  }

  /** Runs {@code work} in one transaction, committed (durably, see {@link #durable}) or undone. */
  private <T> T transaction(Work<T> work) {
    wrote(1);
    return run(
        c -> {
          c.setAutoCommit(false);
          try {
            T result = work.apply(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  private interface StatementWork<T> {
    T apply(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
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
    wrote(1);
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
    int n = run(c -> prepared(c, sql, binder, PreparedStatement::executeUpdate));
    wrote(1);
    return n;
  }

  /**
   * Counts commits to an H2 file and compacts it every {@value #COMPACT_EVERY}. With {@code
   * WRITE_DELAY=0} H2 writes a chunk per commit and has no background thread to rewrite sparse
   * chunks, so the file grew by 62 KB per token; rewriting chunks under 80% live every 64 commits
   * keeps it under 1 KB per token (measured by {@code H2VaultStoreTest}).
   */
  private void wrote(int commits) {
    if (dialect != Dialect.H2 || writes.addAndGet(commits) < COMPACT_EVERY || closed) {
      return;
    }
    if (!compacting.tryLock()) {
      return;
    }
    try {
      if (writes.get() < COMPACT_EVERY) {
        return;
      }
      writes.set(0);
      run(
          c -> {
            H2Internals.compact(c);
            return null;
          });
    } finally {
      compacting.unlock();
    }
  }

  private static SubjectRow subjectRow(ResultSet rs) throws SQLException {
    return new SubjectRow(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getBytes(4));
  }

  private static TokenRow tokenRow(ResultSet rs) throws SQLException {
    long docLookup = rs.getLong(4);
    boolean randomised = rs.wasNull();
    return new TokenRow(
        rs.getString(1),
        rs.getString(2),
        rs.getBytes(3),
        randomised ? null : docLookup,
        rs.getBytes(5),
        rs.getLong(6));
  }

  private List<SubjectRow> subjects(String where, Binder binder) {
    return query(
        "SELECT " + SUBJECT_COLUMNS + " FROM pv_subject WHERE " + where,
        binder,
        JdbcVaultStore::subjectRow);
  }

  private List<TokenRow> tokens(String where, Binder binder) {
    return query(
        "SELECT " + TOKEN_COLUMNS + " FROM pv_token WHERE " + where,
        binder,
        JdbcVaultStore::tokenRow);
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Rows whose {@code column} is one of {@code values}, queried in chunks of at most 500. */
  private <T> List<T> in(
      String table, String columns, String column, Collection<Long> values, RowMapper<T> m) {
    List<T> out = new ArrayList<>();
    List<Long> all = new ArrayList<>(values);
    for (int from = 0; from < all.size(); from += IN_CHUNK) {
      List<Long> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
      String marks = "?,".repeat(chunk.size());
      out.addAll(
          query(
              "SELECT "
                  + columns
                  + " FROM "
                  + table
                  + " WHERE "
                  + column
                  + " IN ("
                  + marks.substring(0, marks.length() - 1)
                  + ")",
              ps -> {
                for (int i = 0; i < chunk.size(); i++) {
                  ps.setLong(i + 1, chunk.get(i));
                }
              },
              m));
    }
    return out;
  }

  @Override
  public Optional<String> meta(String name) {
    return first(
        query(
            "SELECT val FROM pv_meta WHERE name = ?",
            ps -> ps.setString(1, name),
            rs -> rs.getString(1)));
  }

  @Override
  public boolean initKeys(String keyFileId, int buckets) {
    try {
      return transaction(
          c -> {
            prepared(
                c,
                "INSERT INTO pv_meta (name, val) VALUES ('keyfile', ?)",
                ps -> ps.setString(1, keyFileId),
                PreparedStatement::executeUpdate);
            prepared(c, "DELETE FROM pv_bucket", ps -> {}, PreparedStatement::executeUpdate);
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO pv_bucket (bucket, gen) VALUES (?, 1)")) {
              for (int b = 0; b < buckets; b++) {
                ps.setInt(1, b);
                ps.addBatch();
              }
              ps.executeBatch();
            }
            durable(c);
            return true;
          });
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public long[] generations(int buckets) {
    long[] gens = new long[buckets];
    for (long[] row :
        query(
            "SELECT bucket, gen FROM pv_bucket",
            ps -> {},
            rs -> new long[] {rs.getInt(1), rs.getLong(2)})) {
      if (row[0] >= 0 && row[0] < buckets) {
        gens[(int) row[0]] = row[1];
      }
    }
    return gens;
  }

  @Override
  public boolean hasSubjects() {
    return !query("SELECT 1 FROM pv_subject LIMIT 1", ps -> {}, rs -> 1).isEmpty();
  }

  @Override
  public Map<String, TokenPolicy> registerDomains(Map<String, TokenPolicy> domains) {
    for (Map.Entry<String, TokenPolicy> d : domains.entrySet()) {
      insert(
          "INSERT INTO pv_domain (name, policy) VALUES (?, ?)",
          ps -> {
            ps.setString(1, d.getKey());
            ps.setString(2, d.getValue().name());
          });
    }
    Map<String, TokenPolicy> all = new LinkedHashMap<>();
    for (String[] row :
        query(
            "SELECT name, policy FROM pv_domain ORDER BY name",
            ps -> {},
            rs -> new String[] {rs.getString(1), rs.getString(2)})) {
      all.put(row[0], TokenPolicy.valueOf(row[1]));
    }
    return all;
  }

  @Override
  public List<SubjectRow> subjectsByLookup(Collection<Long> lookups) {
    return in("pv_subject", SUBJECT_COLUMNS, "lookup", lookups, JdbcVaultStore::subjectRow);
  }

  @Override
  public List<SubjectRow> subjectsInBucket(int bucket) {
    return subjects("bucket = ?", ps -> ps.setInt(1, bucket));
  }

  @Override
  public List<long[]> lookupsInBucket(int bucket) {
    return query(
        "SELECT sid, lookup FROM pv_subject WHERE bucket = ?",
        ps -> ps.setInt(1, bucket),
        rs -> new long[] {rs.getLong(1), rs.getLong(2)});
  }

  @Override
  public List<SubjectRow> subjectsById(Collection<Long> sids) {
    return in("pv_subject", SUBJECT_COLUMNS, "sid", sids, JdbcVaultStore::subjectRow);
  }

  @Override
  public Optional<SubjectRow> subject(long sid) {
    return first(subjects("sid = ?", ps -> ps.setLong(1, sid)));
  }

  @Override
  public long subjectCount() {
    return query("SELECT COUNT(*) FROM pv_subject", ps -> {}, rs -> rs.getLong(1)).get(0);
  }

  private static void bindSubject(PreparedStatement ps, SubjectRow s) throws SQLException {
    ps.setLong(1, s.sid());
    ps.setInt(2, s.bucket());
    ps.setLong(3, s.lookup());
    ps.setBytes(4, s.wrapped());
  }

  private static void bindToken(PreparedStatement ps, TokenRow t) throws SQLException {
    ps.setString(1, t.token());
    ps.setString(2, t.domain());
    ps.setBytes(3, t.subjectRef());
    if (t.docLookup() == null) {
      ps.setNull(4, java.sql.Types.BIGINT);
    } else {
      ps.setLong(4, t.docLookup());
    }
    ps.setBytes(5, t.tag());
    ps.setLong(6, t.expiresAt());
  }

  private static final String INSERT_SUBJECT =
      "INSERT INTO pv_subject (" + SUBJECT_COLUMNS + ") VALUES (?, ?, ?, ?)";
  private static final String INSERT_TOKEN =
      "INSERT INTO pv_token (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";

  @Override
  public boolean insertSubject(SubjectRow s) {
    return insert(INSERT_SUBJECT, ps -> bindSubject(ps, s));
  }

  @Override
  public boolean insertToken(TokenRow t) {
    return insert(INSERT_TOKEN, ps -> bindToken(ps, t));
  }

  @Override
  public void insertAll(List<SubjectRow> subjects, List<TokenRow> tokens) {
    transaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(INSERT_SUBJECT)) {
            for (SubjectRow s : subjects) {
              bindSubject(ps, s);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          try (PreparedStatement ps = c.prepareStatement(INSERT_TOKEN)) {
            for (TokenRow t : tokens) {
              bindToken(ps, t);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public Optional<TokenRow> token(String token) {
    return first(tokens("token = ?", ps -> ps.setString(1, token)));
  }

  @Override
  public List<TokenRow> tokensByDocLookup(long docLookup) {
    return tokens("doc_lookup = ?", ps -> ps.setLong(1, docLookup));
  }

  @Override
  public List<TokenRow> tokensByDocLookup(Collection<Long> docLookups) {
    return in("pv_token", TOKEN_COLUMNS, "doc_lookup", docLookups, JdbcVaultStore::tokenRow);
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
  public int purgeExpired(long now, long attemptsBefore) {
    update("DELETE FROM pv_attempt WHERE at <= ?", ps -> ps.setLong(1, attemptsBefore));
    return update("DELETE FROM pv_token WHERE expires_at <= ?", ps -> ps.setLong(1, now));
  }

  @Override
  public long tokenCount() {
    return query("SELECT COUNT(*) FROM pv_token", ps -> {}, rs -> rs.getLong(1)).get(0);
  }

  @Override
  public void rotate(Rotation r) {
    transaction(
        c -> {
          if (dialect == Dialect.POSTGRES) {
            // The old bucket key is destroyed right after this commit: it must be on disk first,
            // whatever the server's or session's default.
            try (Statement s = c.createStatement()) {
              s.execute("SET LOCAL synchronous_commit TO on");
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE pv_subject SET lookup = ?, wrapped = ? WHERE sid = ?")) {
            for (SubjectRow s : r.rewrapped()) {
              ps.setLong(1, s.lookup());
              ps.setBytes(2, s.wrapped());
              ps.setLong(3, s.sid());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM pv_subject WHERE sid = ?")) {
            for (long sid : r.deleted()) {
              ps.setLong(1, sid);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE pv_bucket SET gen = ? WHERE bucket = ?")) {
            for (Map.Entry<Integer, Long> g : r.generations().entrySet()) {
              ps.setLong(1, g.getValue());
              ps.setInt(2, g.getKey());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
    run(
        c -> {
          durable(c);
          return null;
        });
  }

  /**
   * Makes committed transactions durable before a key is destroyed. PostgreSQL: the commit was
   * synchronous. H2 writes each commit to the file but leaves it in the operating system's cache:
   * {@code CHECKPOINT SYNC} forces it to the device.
   */
  private void durable(Connection c) throws SQLException {
    if (dialect == Dialect.H2) {
      try (Statement s = c.createStatement()) {
        s.execute("CHECKPOINT SYNC");
      }
    }
  }

  @Override
  public int attemptsSince(long principal, long upTo) {
    update(
        "DELETE FROM pv_attempt WHERE principal = ? AND at <= ?",
        ps -> {
          ps.setLong(1, principal);
          ps.setLong(2, upTo);
        });
    return query(
            "SELECT COUNT(*) FROM pv_attempt WHERE principal = ?",
            ps -> ps.setLong(1, principal),
            rs -> rs.getInt(1))
        .get(0);
  }

  @Override
  public void insertAttempt(long principal, long at) {
    update(
        "INSERT INTO pv_attempt (principal, at) VALUES (?, ?)",
        ps -> {
          ps.setLong(1, principal);
          ps.setLong(2, at);
        });
  }

  /**
   * Every row of one of the vault's tables, as the database returns it: for tests that play the
   * attacker with a copy of the database.
   */
  List<List<Object>> dump(String table) {
    if (!table.matches("pv_(meta|domain|bucket|subject|token|attempt)")) {
      throw new IllegalArgumentException("not a vault table: " + table);
    }
    return query(
        "SELECT * FROM " + table,
        ps -> {},
        rs -> {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.add(rs.getObject(i));
          }
          return row;
        });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (dialect == Dialect.H2_MEMORY) {
        run(
            c -> {
              try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
              }
              return null;
            });
      }
    } finally {
      closed = true;
      permits.acquireUninterruptibly(POOL_SIZE);
      try {
        Connection c;
        while ((c = idle.poll()) != null) {
          closeQuietly(c);
        }
      } finally {
        permits.release(POOL_SIZE);
        BucketKeys k = keys;
        if (k != null) {
          k.forgetSecrets();
        }
        keyFile.close();
      }
    }
  }

  @Override
  public String toString() {
    return "VaultStore[" + dialect.name().toLowerCase(Locale.ROOT) + "]";
  }
}
