package io.privacity.crypto.pseudonym;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * How the vault's store talks JDBC: connections from the caller's {@link DataSource} or from a
 * small pool of at most {@link #POOL_SIZE} opened from a URL; one statement per auto-committed
 * transaction unless {@link #transaction} groups them; unique violations (SQLState 23505 in H2 and
 * PostgreSQL) reported as {@code false} by {@link #insert}; failures as {@link
 * IllegalStateException}s that name the SQLState but never repeat the driver's message (which
 * quotes values); and, for an H2 file, online compaction every {@value #COMPACT_EVERY} commits.
 */
final class JdbcAccess {
  static final int POOL_SIZE = 8;
  static final String UNIQUE_VIOLATION = "23505";
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

  private final String url;
  private final DataSource dataSource;
  private final Dialect dialect;
  private final Semaphore permits = new Semaphore(POOL_SIZE, true);
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final AtomicLong writes = new AtomicLong();
  private final ReentrantLock compacting = new ReentrantLock();
  private volatile boolean closed;

  JdbcAccess(String url, DataSource dataSource, Dialect dialect) {
    this.url = url;
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  Dialect dialect() {
    return dialect;
  }

  @FunctionalInterface
  interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  <T> T run(Work<T> work) {
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
  static IllegalStateException failure(SQLException e) {
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
  <T> T transaction(Work<T> work) {
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
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  interface StatementWork<T> {
    T apply(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Prepares {@code sql} on {@code c}, binds its parameters, runs {@code work} and closes it. */
  static <T> T prepared(Connection c, String sql, Binder binder, StatementWork<T> work)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return work.apply(ps);
    }
  }

  boolean insert(String sql, Binder binder) {
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

  <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
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

  int update(String sql, Binder binder) {
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

  static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Rows whose {@code column} is one of {@code values}, queried in chunks of at most 500. */
  <T> List<T> in(
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

  /**
   * Makes committed transactions durable before a key is destroyed. PostgreSQL: the commit was
   * synchronous. H2 writes each commit to the file but leaves it in the operating system's cache:
   * {@code CHECKPOINT SYNC} forces it to the device.
   */
  void durable(Connection c) throws SQLException {
    if (dialect == Dialect.H2) {
      try (Statement s = c.createStatement()) {
        s.execute("CHECKPOINT SYNC");
      }
    }
  }

  /** Closes the pooled connections (an H2 in-memory database is shut down first). */
  void close() {
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
      }
    }
  }
}
