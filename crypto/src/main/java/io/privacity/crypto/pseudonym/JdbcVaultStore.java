package io.privacity.crypto.pseudonym;

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

/**
 * {@link VaultStore} over JDBC for H2 and PostgreSQL: the vault's tables ({@link VaultRows}) and
 * its key file. Every statement runs in auto-commit mode except the multi-row writes ({@link
 * #rotate}, {@link #insertAll}, {@link #initKeys}), each one transaction; all SQL is parameterized.
 * Connections, transactions and H2 compaction: {@link JdbcAccess}.
 */
final class JdbcVaultStore implements VaultStore, VaultRows {
  private static final String SUBJECT_COLUMNS = "sid, bucket, lookup, wrapped";
  private static final String TOKEN_COLUMNS =
      "token, domain, subject_ref, doc_lookup, tag, expires_at";

  private final JdbcAccess db;
  private final KeyFile keyFile;
  private volatile BucketKeys keys;
  private volatile boolean closed;

  private JdbcVaultStore(JdbcAccess db, KeyFile keyFile) {
    this.db = db;
    this.keyFile = keyFile;
  }

  static JdbcVaultStore open(String url, JdbcAccess.Dialect dialect, KeyFile keyFile) {
    // Load the driver explicitly: a shaded jar may have merged away its java.sql.Driver service
    // entry, and the driver registers itself with DriverManager when its class initializes.
    try {
      Class.forName(dialect.driver);
    } catch (ClassNotFoundException e) {
      keyFile.close();
      throw new IllegalStateException(
          "JDBC driver " + dialect.driver + " is not on the class path", e);
    }
    return init(new JdbcVaultStore(new JdbcAccess(url, null, dialect), keyFile));
  }

  static JdbcVaultStore open(
      javax.sql.DataSource dataSource, JdbcAccess.Dialect dialect, KeyFile keyFile) {
    return init(new JdbcVaultStore(new JdbcAccess(null, dataSource, dialect), keyFile));
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

  JdbcAccess.Dialect dialect() {
    return db.dialect();
  }

  private void createSchema() {
    String bin = db.dialect().binary;
    db.run(
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
            if (!JdbcAccess.UNIQUE_VIOLATION.equals(e.getSQLState())
                && !"42P07".equals(e.getSQLState())) {
              throw e;
            }
          }
          return null;
        });
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

  private List<SubjectRow> subjects(String where, JdbcAccess.Binder binder) {
    return db.query(
        "SELECT " + SUBJECT_COLUMNS + " FROM pv_subject WHERE " + where,
        binder,
        JdbcVaultStore::subjectRow);
  }

  private List<TokenRow> tokens(String where, JdbcAccess.Binder binder) {
    return db.query(
        "SELECT " + TOKEN_COLUMNS + " FROM pv_token WHERE " + where,
        binder,
        JdbcVaultStore::tokenRow);
  }

  @Override
  public Optional<String> meta(String name) {
    return db.first(
        db.query(
            "SELECT val FROM pv_meta WHERE name = ?",
            ps -> ps.setString(1, name),
            rs -> rs.getString(1)));
  }

  @Override
  public boolean initKeys(String keyFileId, int buckets) {
    try {
      return db.transaction(
          c -> {
            JdbcAccess.prepared(
                c,
                "INSERT INTO pv_meta (name, val) VALUES ('keyfile', ?)",
                ps -> ps.setString(1, keyFileId),
                PreparedStatement::executeUpdate);
            JdbcAccess.prepared(
                c, "DELETE FROM pv_bucket", ps -> {}, PreparedStatement::executeUpdate);
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO pv_bucket (bucket, gen) VALUES (?, 1)")) {
              for (int b = 0; b < buckets; b++) {
                ps.setInt(1, b);
                ps.addBatch();
              }
              ps.executeBatch();
            }
            db.durable(c);
            return true;
          });
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof SQLException s
          && JdbcAccess.UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public long[] generations(int buckets) {
    long[] gens = new long[buckets];
    for (long[] row :
        db.query(
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
    return !db.query("SELECT 1 FROM pv_subject LIMIT 1", ps -> {}, rs -> 1).isEmpty();
  }

  @Override
  public Map<String, TokenPolicy> registerDomains(Map<String, TokenPolicy> domains) {
    for (Map.Entry<String, TokenPolicy> d : domains.entrySet()) {
      db.insert(
          "INSERT INTO pv_domain (name, policy) VALUES (?, ?)",
          ps -> {
            ps.setString(1, d.getKey());
            ps.setString(2, d.getValue().name());
          });
    }
    Map<String, TokenPolicy> all = new LinkedHashMap<>();
    for (String[] row :
        db.query(
            "SELECT name, policy FROM pv_domain ORDER BY name",
            ps -> {},
            rs -> new String[] {rs.getString(1), rs.getString(2)})) {
      all.put(row[0], TokenPolicy.valueOf(row[1]));
    }
    return all;
  }

  @Override
  public List<SubjectRow> subjectsByLookup(Collection<Long> lookups) {
    return db.in("pv_subject", SUBJECT_COLUMNS, "lookup", lookups, JdbcVaultStore::subjectRow);
  }

  @Override
  public List<SubjectRow> subjectsInBucket(int bucket) {
    return subjects("bucket = ?", ps -> ps.setInt(1, bucket));
  }

  @Override
  public List<long[]> lookupsInBucket(int bucket) {
    return db.query(
        "SELECT sid, lookup FROM pv_subject WHERE bucket = ?",
        ps -> ps.setInt(1, bucket),
        rs -> new long[] {rs.getLong(1), rs.getLong(2)});
  }

  @Override
  public List<SubjectRow> subjectsById(Collection<Long> sids) {
    return db.in("pv_subject", SUBJECT_COLUMNS, "sid", sids, JdbcVaultStore::subjectRow);
  }

  @Override
  public Optional<SubjectRow> subject(long sid) {
    return db.first(subjects("sid = ?", ps -> ps.setLong(1, sid)));
  }

  @Override
  public long subjectCount() {
    return db.query("SELECT COUNT(*) FROM pv_subject", ps -> {}, rs -> rs.getLong(1)).get(0);
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
    return db.insert(INSERT_SUBJECT, ps -> bindSubject(ps, s));
  }

  @Override
  public boolean insertToken(TokenRow t) {
    return db.insert(INSERT_TOKEN, ps -> bindToken(ps, t));
  }

  @Override
  public void insertAll(List<SubjectRow> subjects, List<TokenRow> tokens) {
    db.transaction(
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
    return db.first(tokens("token = ?", ps -> ps.setString(1, token)));
  }

  @Override
  public List<TokenRow> tokensByDocLookup(long docLookup) {
    return tokens("doc_lookup = ?", ps -> ps.setLong(1, docLookup));
  }

  @Override
  public List<TokenRow> tokensByDocLookup(Collection<Long> docLookups) {
    return db.in("pv_token", TOKEN_COLUMNS, "doc_lookup", docLookups, JdbcVaultStore::tokenRow);
  }

  @Override
  public boolean deleteIfExpired(String token, long now) {
    return db.update(
            "DELETE FROM pv_token WHERE token = ? AND expires_at <= ?",
            ps -> {
              ps.setString(1, token);
              ps.setLong(2, now);
            })
        == 1;
  }

  @Override
  public int purgeExpired(long now, long attemptsBefore) {
    db.update("DELETE FROM pv_attempt WHERE at <= ?", ps -> ps.setLong(1, attemptsBefore));
    return db.update("DELETE FROM pv_token WHERE expires_at <= ?", ps -> ps.setLong(1, now));
  }

  @Override
  public long tokenCount() {
    return db.query("SELECT COUNT(*) FROM pv_token", ps -> {}, rs -> rs.getLong(1)).get(0);
  }

  @Override
  public void rotate(Rotation r) {
    db.transaction(
        c -> {
          if (db.dialect() == JdbcAccess.Dialect.POSTGRES) {
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
    db.run(
        c -> {
          db.durable(c);
          return null;
        });
  }

  /** Binds {@code values} to the statement's parameters, in order. */
  private static JdbcAccess.Binder longs(long... values) {
    return ps -> {
      for (int i = 0; i < values.length; i++) {
        ps.setLong(i + 1, values[i]);
      }
    };
  }

  @Override
  public boolean tryAttempt(long principal, long horizon, long now, int max) {
    return db.transaction(
        c -> {
          JdbcAccess.prepared(
              c,
              "DELETE FROM pv_attempt WHERE principal = ? AND at <= ?",
              longs(principal, horizon),
              PreparedStatement::executeUpdate);
          int used =
              JdbcAccess.prepared(
                  c,
                  "SELECT COUNT(*) FROM pv_attempt WHERE principal = ?",
                  longs(principal),
                  ps -> {
                    try (ResultSet rs = ps.executeQuery()) {
                      rs.next();
                      return rs.getInt(1);
                    }
                  });
          if (used >= max) {
            return false;
          }
          JdbcAccess.prepared(
              c,
              "INSERT INTO pv_attempt (principal, at) VALUES (?, ?)",
              longs(principal, now),
              PreparedStatement::executeUpdate);
          return true;
        });
  }

  @Override
  public int attemptsSince(long principal, long upTo) {
    db.update("DELETE FROM pv_attempt WHERE principal = ? AND at <= ?", longs(principal, upTo));
    return db.query(
            "SELECT COUNT(*) FROM pv_attempt WHERE principal = ?",
            ps -> ps.setLong(1, principal),
            rs -> rs.getInt(1))
        .get(0);
  }

  @Override
  public void insertAttempt(long principal, long at) {
    db.update("INSERT INTO pv_attempt (principal, at) VALUES (?, ?)", longs(principal, at));
  }

  /**
   * Every row of one of the vault's tables, as the database returns it: for tests that play the
   * attacker with a copy of the database.
   */
  List<List<Object>> dump(String table) {
    if (!table.matches("pv_(meta|domain|bucket|subject|token|attempt)")) {
      throw new IllegalArgumentException("not a vault table: " + table);
    }
    return db.query(
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
    closed = true;
    try {
      db.close();
    } finally {
      BucketKeys k = keys;
      if (k != null) {
        k.forgetSecrets();
      }
      keyFile.close();
    }
  }

  @Override
  public String toString() {
    return "VaultStore[" + db.dialect().name().toLowerCase(Locale.ROOT) + "]";
  }
}
