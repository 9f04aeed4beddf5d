package io.privacity.crypto.pseudonym;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link VaultStore} over JDBC for H2 and PostgreSQL: the vault's tables ({@link VaultRows}) and
 * its key file. Every statement runs in auto-commit mode except the multi-row writes ({@link
 * #rotate}, {@link #insertAll}, {@link #initKeys}), each one transaction; all SQL is parameterized.
 * Connections, transactions and H2 compaction: {@link JdbcAccess}.
 *
 * <p>Each table has one index per way it is searched, and no other: subjects by id (the primary
 * key, whose top bits are the bucket, so a bucket is a key range) and by lookup; tokens by their
 * key (64 bits of the token's SHA-256, the primary key), by document lookup and by expiry. Fewer
 * indexes are fewer B-tree entries to write per new identity, the bulk of {@code tokenizeAll}'s
 * cost.
 */
final class JdbcVaultStore implements VaultStore, VaultRows {
  /** The version of the tables' layout, recorded in {@code pv_meta}. */
  static final String SCHEMA = "3";

  /** The {@code pv_meta} entry that says an erasure's old copies may remain in an H2 file. */
  private static final String ERASE_PENDING = "erase-pending";

  private static final String SUBJECT_COLUMNS = "sid, lookup, wrapped";
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

  /** Opens the H2 file store {@code base.mv.db}. */
  static JdbcVaultStore openH2(Path base, KeyFile keyFile) {
    loadDriver(JdbcAccess.Dialect.H2, keyFile);
    return init(new JdbcVaultStore(new JdbcAccess(base), keyFile));
  }

  static JdbcVaultStore open(String url, JdbcAccess.Dialect dialect, KeyFile keyFile) {
    loadDriver(dialect, keyFile);
    return init(new JdbcVaultStore(new JdbcAccess(url, null, dialect), keyFile));
  }

  private static void loadDriver(JdbcAccess.Dialect dialect, KeyFile keyFile) {
    // Load the driver explicitly: a shaded jar may have merged away its java.sql.Driver service
    // entry, and the driver registers itself with DriverManager when its class initializes.
    try {
      Class.forName(dialect.driver);
    } catch (ClassNotFoundException e) {
      keyFile.close();
      throw new IllegalStateException(
          "JDBC driver " + dialect.driver + " is not on the class path", e);
    }
  }

  static JdbcVaultStore open(
      javax.sql.DataSource dataSource, JdbcAccess.Dialect dialect, KeyFile keyFile) {
    return init(new JdbcVaultStore(new JdbcAccess(null, dataSource, dialect), keyFile));
  }

  private static JdbcVaultStore init(JdbcVaultStore store) {
    try {
      store.db.deleteUnfinishedRewrite();
      store.createSchema();
      if (store.meta(ERASE_PENDING).isPresent()) {
        // The process stopped during an erasure, after its commit: finish removing the old copies
        // before anything else reads or writes the file.
        store.eraseOldCopies();
      }
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
    db.run(
        c -> {
          try (Statement s = c.createStatement()) {
            createTables(s, db.dialect().binary);
            createIndexes(s);
          } catch (SQLException e) {
            // Two stores creating the schema at once: the loser sees the table already there.
            if (!JdbcAccess.UNIQUE_VIOLATION.equals(e.getSQLState())
                && !"42P07".equals(e.getSQLState())) {
              throw e;
            }
          }
          return null;
        });
    checkSchema();
  }

  /** The vault's tables, if absent; {@code bin} is the dialect's binary type. */
  private static void createTables(Statement s, String bin) throws SQLException {
    s.execute(
        "CREATE TABLE IF NOT EXISTS pv_meta (name VARCHAR(32) PRIMARY KEY,"
            + " val VARCHAR(128) NOT NULL)");
    s.execute(
        "CREATE TABLE IF NOT EXISTS pv_domain (name VARCHAR(64) PRIMARY KEY,"
            + " policy VARCHAR(24) NOT NULL)");
    s.execute(
        "CREATE TABLE IF NOT EXISTS pv_bucket (bucket INTEGER PRIMARY KEY, gen BIGINT NOT NULL)");
    s.execute(
        "CREATE TABLE IF NOT EXISTS pv_subject (sid BIGINT PRIMARY KEY, lookup BIGINT NOT NULL,"
            + " wrapped "
            + bin
            + " NOT NULL)");
    s.execute(
        "CREATE TABLE IF NOT EXISTS pv_token (tid BIGINT PRIMARY KEY,"
            + " token VARCHAR(40) NOT NULL, domain VARCHAR(64) NOT NULL, subject_ref "
            + bin
            + " NOT NULL, doc_lookup BIGINT, tag "
            + bin
            + " NOT NULL, expires_at BIGINT NOT NULL)");
    s.execute(
        "CREATE TABLE IF NOT EXISTS pv_attempt (principal BIGINT NOT NULL, at BIGINT NOT NULL)");
  }

  /** The secondary indexes, if absent: one per way a table is searched other than its key. */
  private static void createIndexes(Statement s) throws SQLException {
    s.execute("CREATE INDEX IF NOT EXISTS pv_subject_lookup ON pv_subject (lookup)");
    s.execute("CREATE INDEX IF NOT EXISTS pv_token_doc ON pv_token (doc_lookup)");
    s.execute("CREATE INDEX IF NOT EXISTS pv_token_expiry ON pv_token (expires_at)");
    s.execute("CREATE INDEX IF NOT EXISTS pv_attempt_principal ON pv_attempt (principal, at)");
  }

  /** Rows per query and per batch when a table is copied. */
  private static final int COPY_PAGE = 8_192;

  /**
   * Copies every row of the vault's tables from {@code from} into the empty H2 database {@code to}:
   * tables first, rows in key order (keyset pages, so no result grows with the table), one
   * transaction with H2's large write buffer, then the indexes, which H2 builds from the rows.
   */
  private static void copyInto(Connection from, Connection to) throws SQLException {
    try (Statement s = to.createStatement()) {
      createTables(s, JdbcAccess.Dialect.H2.binary);
    }
    to.setAutoCommit(false);
    H2Internals.withLargeWriteBuffer(
        to,
        () -> {
          for (String t : List.of("pv_meta", "pv_domain", "pv_bucket", "pv_attempt")) {
            copyRows(from, to, "SELECT * FROM " + t, "INSERT INTO " + t + " VALUES ");
          }
          copyPaged(from, to, "pv_subject", "sid");
          copyPaged(from, to, "pv_token", "tid");
          to.commit();
          return null;
        });
    to.setAutoCommit(true);
    try (Statement s = to.createStatement()) {
      createIndexes(s);
    }
  }

  /** Copies a table whose key is the BIGINT {@code key}, in key order, a page at a time. */
  private static void copyPaged(Connection from, Connection to, String table, String key)
      throws SQLException {
    long after = Long.MIN_VALUE;
    boolean first = true;
    while (true) {
      String select =
          "SELECT * FROM "
              + table
              + " WHERE "
              + key
              + (first ? " >= " : " > ")
              + after
              + " ORDER BY "
              + key
              + " LIMIT "
              + COPY_PAGE;
      long last = copyRows(from, to, select, "INSERT INTO " + table + " VALUES ");
      if (last == Long.MIN_VALUE) {
        return;
      }
      after = last;
      first = false;
    }
  }

  /**
   * Inserts into {@code to} every row {@code select} returns on {@code from}.
   *
   * @return the first column of the last row copied, or {@code Long.MIN_VALUE} if there was none or
   *     the page was not full
   */
  private static long copyRows(Connection from, Connection to, String select, String insert)
      throws SQLException {
    try (Statement q = from.createStatement();
        ResultSet rs = q.executeQuery(select)) {
      int columns = rs.getMetaData().getColumnCount();
      int n = 0;
      long last = Long.MIN_VALUE;
      try (PreparedStatement ps =
          to.prepareStatement(insert + "(" + "?, ".repeat(columns - 1) + "?)")) {
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            ps.setObject(i, rs.getObject(i));
          }
          ps.addBatch();
          if (++n % COPY_PAGE == 0) {
            ps.executeBatch();
          }
          if (columns > 0 && rs.getObject(1) instanceof Long key) {
            last = key;
          }
        }
        ps.executeBatch();
      }
      return n == COPY_PAGE ? last : Long.MIN_VALUE;
    }
  }

  /**
   * Records the layout version in a new store, and refuses a store written with another layout
   * (whose statements would fail later with less clear errors).
   */
  private void checkSchema() {
    Optional<String> recorded = meta("schema");
    if (recorded.isEmpty()) {
      boolean older;
      try {
        db.query("SELECT bucket FROM pv_subject WHERE 1 = 0", ps -> {}, rs -> 1);
        older = true; // layout 2 had a bucket column
      } catch (IllegalStateException e) {
        older = false;
      }
      if (!older) {
        db.insert(
            "INSERT INTO pv_meta (name, val) VALUES ('schema', ?)", ps -> ps.setString(1, SCHEMA));
        recorded = meta("schema");
      }
    }
    if (!recorded.equals(Optional.of(SCHEMA))) {
      throw new IllegalStateException(
          "the vault database has table layout "
              + recorded.orElse("2 (an earlier development version)")
              + ", this library reads layout "
              + SCHEMA
              + ": open it with the version that wrote it");
    }
  }

  private static SubjectRow subjectRow(ResultSet rs) throws SQLException {
    return new SubjectRow(rs.getLong(1), rs.getLong(2), rs.getBytes(3));
  }

  /**
   * A token row's key: the first 64 bits of the token's SHA-256 (tokens are random, so the keys
   * are; a token is looked up by key and then compared in full).
   */
  static long tid(String token) {
    try {
      return ByteBuffer.wrap(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))
          .getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
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
    return subjects(
        "sid BETWEEN ? AND ?", longs(VaultRows.firstSid(bucket), VaultRows.lastSid(bucket)));
  }

  @Override
  public List<long[]> lookupsInBucket(int bucket) {
    return db.query(
        "SELECT sid, lookup FROM pv_subject WHERE sid BETWEEN ? AND ?",
        longs(VaultRows.firstSid(bucket), VaultRows.lastSid(bucket)),
        rs -> new long[] {rs.getLong(1), rs.getLong(2)});
  }

  @Override
  public void eachTokenRef(int page, Consumer<List<TokenRef>> sink) {
    long after = Long.MIN_VALUE;
    boolean first = true;
    while (true) {
      long from = after;
      boolean inclusive = first;
      List<Object[]> rows =
          db.query(
              "SELECT tid, token, domain, subject_ref FROM pv_token WHERE tid "
                  + (inclusive ? ">=" : ">")
                  + " ? ORDER BY tid LIMIT ?",
              ps -> {
                ps.setLong(1, from);
                ps.setInt(2, page);
              },
              rs ->
                  new Object[] {
                    rs.getLong(1), new TokenRef(rs.getString(2), rs.getString(3), rs.getBytes(4))
                  });
      if (rows.isEmpty()) {
        return;
      }
      List<TokenRef> refs = new ArrayList<>(rows.size());
      for (Object[] r : rows) {
        refs.add((TokenRef) r[1]);
      }
      sink.accept(refs);
      if (rows.size() < page) {
        return;
      }
      after = (Long) rows.get(rows.size() - 1)[0];
      first = false;
    }
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
    ps.setLong(2, s.lookup());
    ps.setBytes(3, s.wrapped());
  }

  private static void bindToken(PreparedStatement ps, TokenRow t) throws SQLException {
    ps.setLong(1, tid(t.token()));
    ps.setString(2, t.token());
    ps.setString(3, t.domain());
    ps.setBytes(4, t.subjectRef());
    if (t.docLookup() == null) {
      ps.setNull(5, java.sql.Types.BIGINT);
    } else {
      ps.setLong(5, t.docLookup());
    }
    ps.setBytes(6, t.tag());
    ps.setLong(7, t.expiresAt());
  }

  private static final String INSERT_SUBJECT =
      "INSERT INTO pv_subject (" + SUBJECT_COLUMNS + ") VALUES (?, ?, ?)";
  private static final String INSERT_TOKEN =
      "INSERT INTO pv_token (tid, " + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";

  /** Rows of a batch are inserted in key order: each B-tree page is then changed in one run. */
  private static final int SORTED_ABOVE = 16;

  @Override
  public boolean insertSubject(SubjectRow s) {
    return db.insert(INSERT_SUBJECT, ps -> bindSubject(ps, s));
  }

  @Override
  public boolean insertToken(TokenRow t) {
    return db.insert(INSERT_TOKEN, ps -> bindToken(ps, t));
  }

  @Override
  public boolean insertAll(List<SubjectRow> subjects, List<TokenRow> tokens) {
    List<SubjectRow> s = subjects;
    List<TokenRow> t = tokens;
    if (subjects.size() + tokens.size() > SORTED_ABOVE) {
      s = new ArrayList<>(subjects);
      s.sort(Comparator.comparingLong(SubjectRow::sid));
      long[] keys = new long[tokens.size()];
      List<Integer> order = new ArrayList<>(tokens.size());
      for (int i = 0; i < keys.length; i++) {
        keys[i] = tid(tokens.get(i).token());
        order.add(i);
      }
      order.sort(Comparator.comparingLong(i -> keys[i]));
      t = new ArrayList<>(tokens.size());
      for (int i : order) {
        t.add(tokens.get(i));
      }
    }
    List<SubjectRow> sortedSubjects = s;
    List<TokenRow> sortedTokens = t;
    try {
      return db.transaction(
          subjects.size() + tokens.size(),
          c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_SUBJECT)) {
              for (SubjectRow row : sortedSubjects) {
                bindSubject(ps, row);
                ps.addBatch();
              }
              ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_TOKEN)) {
              for (TokenRow row : sortedTokens) {
                bindToken(ps, row);
                ps.addBatch();
              }
              ps.executeBatch();
            }
            return true;
          });
    } catch (IllegalStateException e) {
      if (JdbcAccess.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<TokenRow> token(String token) {
    return db.first(
        tokens(
            "tid = ? AND token = ?",
            ps -> {
              ps.setLong(1, tid(token));
              ps.setString(2, token);
            }));
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
            "DELETE FROM pv_token WHERE tid = ? AND token = ? AND expires_at <= ?",
            ps -> {
              ps.setLong(1, tid(token));
              ps.setString(2, token);
              ps.setLong(3, now);
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
        r.rewrapped().size() + r.deleted().size() + r.deletedTokens().size(),
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
              c.prepareStatement("DELETE FROM pv_token WHERE tid = ? AND token = ?")) {
            for (String token : r.deletedTokens()) {
              ps.setLong(1, tid(token));
              ps.setString(2, token);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          if (r.erasure() && db.dialect() == JdbcAccess.Dialect.H2) {
            // Committed with the deletions: if the process stops before the old copies are gone
            // from the file, opening the store finishes the job (see init).
            JdbcAccess.prepared(
                c,
                "MERGE INTO pv_meta (name, val) KEY (name) VALUES (?, 'yes')",
                ps -> ps.setString(1, ERASE_PENDING),
                PreparedStatement::executeUpdate);
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

  @Override
  public void eraseOldCopies() {
    if (db.dialect() != JdbcAccess.Dialect.H2) {
      return;
    }
    db.rewriteFile(JdbcVaultStore::copyInto);
    db.update("DELETE FROM pv_meta WHERE name = ?", ps -> ps.setString(1, ERASE_PENDING));
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
