package io.privacity.crypto.pseudonym;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;

/**
 * How the vault's store talks JDBC: connections from the caller's {@link DataSource} or from a
 * small pool of at most {@link #POOL_SIZE} opened from a URL; one statement per auto-committed
 * transaction unless {@link #transaction} groups them; unique violations (SQLState 23505 in H2 and
 * PostgreSQL) reported as {@code false} by {@link #insert}; failures as {@link
 * IllegalStateException}s that name the SQLState but never repeat the driver's message (which
 * quotes values); and, for an H2 file, online compaction every {@value #COMPACT_EVERY} commits and
 * the rewrite of the whole file that physically erases a forgotten subject ({@link #rewriteFile}).
 */
final class JdbcAccess {
  static final int POOL_SIZE = 8;
  static final String UNIQUE_VIOLATION = "23505";
  private static final int IN_CHUNK = 500;
  private static final int COMPACT_EVERY = 64;

  /** A transaction of more rows than this runs with H2's large write buffer (see H2Internals). */
  private static final int LARGE_TRANSACTION = 256;

  /**
   * H2 URL settings. {@code OPTIMIZE_REUSE_RESULTS=FALSE}: H2 has had races in which a prepared
   * query's cached result predates another session's commit (h2database issues #3894, #4208).
   * {@code TRACE_LEVEL_FILE=0}: no trace file, which would hold SQL and values of failed
   * statements. {@code RETENTION_TIME=1000}: chunks freed by compaction (see {@link #wrote}) may be
   * reused after 1 s instead of 45 s. (Tokens that {@code VaultCrashTest} lost after SIGKILL, more
   * often with 0 or 100 ms, were lost to a stale store header, which {@link
   * H2Internals#publishLastChunk} now rewrites after each commit; 1 s is kept as a margin for a
   * header that still names a freed chunk.) H2 does not promise durability against power loss with
   * {@code WRITE_DELAY=0} either way. {@code PAGE_SIZE=2048}: smaller B-tree pages, so a commit
   * rewrites less (new databases only). {@code MAX_MEMORY_ROWS}: H2 would otherwise spill a large
   * result (more than 40,000 rows per GB of heap) to a temporary file in {@code java.io.tmpdir},
   * outside the vault's directory, created with the process's umask and left behind by a crash; the
   * vault's queries are bounded (by bucket, by chunks of {@value #IN_CHUNK} values, token
   * references in pages), so results stay in memory.
   */
  static final String H2_SETTINGS =
      ";OPTIMIZE_REUSE_RESULTS=FALSE;TRACE_LEVEL_FILE=0;RETENTION_TIME=1000;PAGE_SIZE=2048"
          + ";MAX_MEMORY_ROWS=2147483647;MAX_COMPACT_TIME=0";

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

  /** An H2 file database's path without extension (the file is {@code base.mv.db}), or null. */
  private final Path base;

  /**
   * Held shared by every database operation and exclusively by {@link #rewriteFile}, which closes
   * and reopens an H2 database: operations outside the vault's own locks (rate-limit attempts,
   * purges) wait for it instead of failing on a closed database.
   */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  private final Semaphore permits = new Semaphore(POOL_SIZE, true);
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final AtomicLong writes = new AtomicLong();
  private final ReentrantLock compacting = new ReentrantLock();
  private volatile boolean closed;

  /** A store's database access through {@code url} or {@code dataSource}. */
  JdbcAccess(String url, DataSource dataSource, Dialect dialect) {
    this.url = url;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.base = null;
  }

  /** Access to the H2 file database {@code base.mv.db}, which {@link #rewriteFile} can rebuild. */
  JdbcAccess(Path base) {
    this.base = base.toAbsolutePath();
    this.url = h2Url(this.base);
    this.dataSource = null;
    this.dialect = Dialect.H2;
  }

  /**
   * The URL of the H2 file database {@code base.mv.db}: every file created 0600, each commit
   * written to the file before it returns ({@code WRITE_DELAY=0}; {@link #run} then makes the
   * file's header name the commit's chunk, see {@link H2Internals#publishLastChunk}).
   */
  static String h2Url(Path base) {
    return "jdbc:h2:"
        + PrivateFilePath.prefix()
        + base.toAbsolutePath()
        + ";WRITE_DELAY=0"
        + H2_SETTINGS;
  }

  /** The H2 database file, or null. */
  Path file() {
    return base == null ? null : base.resolveSibling(base.getFileName() + ".mv.db");
  }

  /** Where {@link #rewriteFile} builds the new database: beside the old, never another volume. */
  private Path rebuiltBase() {
    return base.resolveSibling(base.getFileName() + ".rebuilt");
  }

  /**
   * Deletes what an interrupted {@link #rewriteFile} left: a new database that was not yet renamed
   * over the old (it holds only live rows, so deleting it loses nothing).
   */
  void deleteUnfinishedRewrite() {
    if (base == null) {
      return;
    }
    try {
      Files.deleteIfExists(rebuiltBase().resolveSibling(rebuiltBase().getFileName() + ".mv.db"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot delete an unfinished rewrite of the vault database", e);
    }
  }

  Dialect dialect() {
    return dialect;
  }

  @FunctionalInterface
  interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  <T> T run(Work<T> work) {
    gate.readLock().lock();
    try {
      return runOpen(work);
    } finally {
      gate.readLock().unlock();
    }
  }

  private <T> T runOpen(Work<T> work) {
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
      if (base != null) {
        // Before the caller learns of the commit: H2 alone may leave it unreachable after a kill.
        H2Internals.publishLastChunk(c);
      }
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

  /** Whether a store failure is a unique-key violation (in a batch: of any statement). */
  static boolean isUniqueViolation(IllegalStateException e) {
    for (SQLException s = e.getCause() instanceof SQLException q ? q : null;
        s != null;
        s = s.getNextException()) {
      if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code work} in one transaction, committed or undone. */
  <T> T transaction(Work<T> work) {
    return transaction(1, work);
  }

  /**
   * Runs {@code work}, which writes about {@code rows} rows, in one transaction, committed or
   * undone. A large one runs on an H2 file with H2's large write buffer, so that H2 writes each
   * changed page once, at the commit, rather than every few megabytes of changes.
   */
  <T> T transaction(int rows, Work<T> work) {
    T out =
        run(
            c -> {
              c.setAutoCommit(false);
              try {
                T result;
                if (dialect == Dialect.H2 && rows > LARGE_TRANSACTION) {
                  result =
                      H2Internals.withLargeWriteBuffer(
                          c,
                          () -> {
                            T r = work.apply(c);
                            c.commit();
                            return r;
                          });
                } else {
                  result = work.apply(c);
                  c.commit();
                }
                return result;
              } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
              } finally {
                c.setAutoCommit(true);
              }
            });
    wrote(1 + rows / LARGE_TRANSACTION);
    return out;
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
    boolean inserted =
        run(
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
    wrote(1);
    return inserted;
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

  /** Copies a database's rows into a new, empty one. */
  @FunctionalInterface
  interface Copier {
    void copy(Connection from, Connection to) throws SQLException;
  }

  /**
   * Rebuilds an H2 database file so that it holds only what the database holds now: {@code copier}
   * copies the live rows into a new database beside it (its tables and indexes built from those
   * rows alone), both databases are shut down, the new file is forced to the device and renamed
   * over the old one, which then exists in no directory, and the directory is forced. The next
   * operation opens the new file.
   *
   * <p>Why a rebuild and not H2's compaction: H2 frees the blocks of dead chunks without
   * overwriting them (they stay in the file until reused or cut off), pads each chunk from a reused
   * write buffer (stale bytes of earlier pages), and even a copy of the live pages into a new file
   * ({@code SHUTDOWN COMPACT}) keeps B-tree separator keys, copies of keys of deleted rows, in the
   * inner pages (found by {@code VaultErasureAttackTest}). A database built from the live rows has
   * never held anything else.
   *
   * <p>Waits for running operations and holds new ones back meanwhile. A crash leaves the old file
   * whole (with an unfinished new one, deleted when the store is opened) or the new one (the rename
   * is atomic). Nothing for other stores.
   *
   * @throws IllegalStateException if the rebuild fails (disk full, I/O error): the old file stays
   */
  void rewriteFile(Copier copier) {
    if (base == null) {
      return;
    }
    gate.writeLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the vault store is closed");
      }
      CrashPoints.reach("rewrite:start");
      deleteUnfinishedRewrite();
      Path rebuilt = rebuiltBase().resolveSibling(rebuiltBase().getFileName() + ".mv.db");
      // No operation is running (the gate): every pooled connection is idle. One of them reads
      // the rows and then shuts the database down; the others die with it.
      Connection old = idle.poll();
      try {
        if (old == null) {
          old = DriverManager.getConnection(url);
        }
        try (Connection fresh = DriverManager.getConnection(h2Url(rebuiltBase()))) {
          copier.copy(old, fresh);
          CrashPoints.reach("rewrite:copied");
          try (Statement s = fresh.createStatement()) {
            s.execute("SHUTDOWN");
          }
        }
        try (Statement s = old.createStatement()) {
          s.execute("SHUTDOWN");
        }
      } catch (SQLException e) {
        throw failure(e);
      } finally {
        if (old != null) {
          closeQuietly(old);
        }
        Connection dead;
        while ((dead = idle.poll()) != null) {
          closeQuietly(dead);
        }
      }
      CrashPoints.reach("rewrite:closed");
      force(rebuilt);
      // The old file is held open across the rename, so that its blocks can be overwritten once
      // no directory names it: a crash before the rename keeps it whole, a crash after leaves the
      // new file in place.
      try (FileChannel replaced = FileChannel.open(file(), StandardOpenOption.WRITE)) {
        try {
          Files.move(
              rebuilt, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new IllegalStateException(
              "cannot rename the rebuilt vault database over " + file().getFileName(), e);
        }
        force(base.getParent());
        CrashPoints.reach("rewrite:renamed");
        overwrite(replaced);
      } catch (IOException e) {
        throw new IllegalStateException("cannot overwrite the replaced vault database file", e);
      }
      CrashPoints.reach("rewrite:done");
    } finally {
      gate.writeLock().unlock();
    }
  }

  /** Zero-filled blocks written over a replaced database file. */
  private static final int OVERWRITE_BLOCK = 1 << 20;

  /**
   * Overwrites every byte of a replaced (unlinked) database file with zeros and forces it to the
   * device, as the key file's cells are: on storage that overwrites in place no raw-device reader
   * finds the old chunks either (see docs/erasure.md for storage that does not).
   */
  private static void overwrite(FileChannel old) throws IOException {
    long size = old.size();
    ByteBuffer zeros = ByteBuffer.allocate(OVERWRITE_BLOCK);
    for (long at = 0; at < size; ) {
      zeros.clear();
      zeros.limit((int) Math.min(OVERWRITE_BLOCK, size - at));
      at += old.write(zeros, at);
    }
    old.force(true);
  }

  private static void force(Path p) {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot force the vault database file " + p.getFileName() + " to the device", e);
    }
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
