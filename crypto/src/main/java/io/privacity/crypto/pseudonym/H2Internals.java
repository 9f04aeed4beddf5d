package io.privacity.crypto.pseudonym;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * The one place the vault reaches into H2's engine, pinned to the H2 version of the build (2.5.x):
 *
 * <ul>
 *   <li>online compaction of the MVStore file, which H2 offers in SQL only at shutdown ({@code
 *       SHUTDOWN COMPACT}); {@code H2VaultStoreTest} measures the disk use it keeps;
 *   <li>a large write buffer for one large transaction. H2 writes the pages a transaction has
 *       changed whenever its estimate of unsaved memory passes a threshold (at most 19 MB, not
 *       settable in SQL), and that estimate counts every copied page on the path of every change:
 *       10,000 new identities (five B-tree entries each, at random keys) passed it dozens of times,
 *       so most pages were written several times before the commit. With the threshold raised for
 *       the transaction each changed page is written once, at the commit. {@code H2InternalsTest}
 *       checks that the field still exists;
 *   <li>the store header after each commit ({@link #publishLastChunk}), without which a killed
 *       process loses acknowledged commits (below).
 * </ul>
 *
 * <p>Why the header: H2 finds the newest chunk of an MVStore file that was not closed from the
 * file's store header (the chunk it names, then each chunk's prediction of where the next one goes)
 * and from the chunk at the end of the file. A chunk written into reused space, where the previous
 * chunk did not predict it, is reachable through the header only; H2 then rewrites the header, but
 * it does so before it records the new chunk as the last, so the header names the chunk before it
 * (RandomAccessStore.writeChunk in H2 2.5.252). Reopened after SIGKILL, such a file opens at that
 * older version: up to 20 commits (H2 rewrites the header at least every 20 versions) are gone
 * although each had been written to the file. Writing the header again once the commit's chunk is
 * the last one makes every committed chunk reachable; {@code VaultCrashTest} and {@code
 * H2InternalsTest} check it.
 */
final class H2Internals {
  /** Rewrite chunks whose live data is below this percentage. */
  private static final int FILL_RATE = 80;

  /** Write at most this many bytes per compaction step. */
  private static final int WRITE_LIMIT = 4 << 20;

  /**
   * The unsaved-memory threshold during a large transaction. It bounds H2's own estimate, which
   * counts each page copy (a few KB) of every change; the pages really held are far fewer (each
   * changed page once), so the heap held is well below this.
   */
  private static final int LARGE_BUFFER = 1 << 30;

  // Each is null with another H2 version: large transactions are then only slower, and a killed
  // process can lose acknowledged commits (H2InternalsTest fails on such an upgrade).
  private static final Field AUTO_COMMIT_MEMORY =
      accessible(() -> MVStore.class.getDeclaredField("autoCommitMemory"));

  private static final Method WRITE_STORE_HEADER =
      accessible(() -> RandomAccessStore.class.getDeclaredMethod("writeStoreHeader"));

  private static final Field SAVE_CHUNK_LOCK =
      accessible(() -> FileStore.class.getDeclaredField("saveChunkLock"));

  /** Per store: how many large transactions run, and the threshold to restore after the last. */
  private static final Map<MVStore, int[]> RAISED = new IdentityHashMap<>();

  private H2Internals() {}

  /** A lookup of a field or method by reflection. */
  @FunctionalInterface
  private interface Lookup<T extends AccessibleObject> {
    T find() throws ReflectiveOperationException;
  }

  /** The member made accessible, or null if this H2 version lacks it or denies access. */
  private static <T extends AccessibleObject> T accessible(Lookup<T> lookup) {
    try {
      T member = lookup.find();
      member.setAccessible(true);
      return member;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether {@link #publishLastChunk} can write the store header with this H2 version; without it a
   * killed process can lose acknowledged commits.
   */
  static boolean headerPublishingAvailable() {
    return WRITE_STORE_HEADER != null
        && SAVE_CHUNK_LOCK != null
        && SAVE_CHUNK_LOCK.getType() == ReentrantLock.class;
  }

  /**
   * Makes the store header of an H2 file name its last written chunk, if it names an older one, so
   * that a process killed from now on reopens with every commit made so far (see the class
   * comment). Writes two blocks at the start of the file, without forcing them to the device.
   *
   * @param c a connection to the database
   * @throws SQLException if the connection fails
   * @throws IllegalStateException if the header cannot be written
   */
  static void publishLastChunk(Connection c) throws SQLException {
    if (!headerPublishingAvailable()) {
      return;
    }
    FileStore<?> fs = store(c).getFileStore();
    if (!(fs instanceof RandomAccessStore) || fs.isReadOnly()) {
      return;
    }
    try {
      ReentrantLock lock = (ReentrantLock) SAVE_CHUNK_LOCK.get(fs);
      lock.lock();
      try {
        long last = fs.lastChunkVersion();
        if (last > 0 && headerVersion(fs) != last) {
          WRITE_STORE_HEADER.invoke(fs);
        }
      } finally {
        lock.unlock();
      }
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot write the H2 store header", e);
    }
  }

  /** The version the store header names: a Long once H2 wrote it, hexadecimal text as read. */
  private static long headerVersion(FileStore<?> fs) {
    Object v = fs.getStoreHeader().get("version");
    if (v instanceof Number n) {
      return n.longValue();
    }
    return v == null ? -1 : Long.parseLong(v.toString(), 16);
  }

  /** Whether {@link #withLargeWriteBuffer} can raise the threshold with this H2 version. */
  static boolean largeWriteBufferAvailable() {
    return AUTO_COMMIT_MEMORY != null;
  }

  private static MVStore store(Connection c) throws SQLException {
    return ((SessionLocal) c.unwrap(JdbcConnection.class).getSession())
        .getDatabase()
        .getStore()
        .getMvStore();
  }

  static void compact(Connection c) throws SQLException {
    store(c).compact(FILL_RATE, WRITE_LIMIT);
  }

  /** Work on a connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} (a transaction and its commit on {@code c}) with the store's unsaved-memory
   * threshold raised; restores it afterwards.
   */
  static <T> T withLargeWriteBuffer(Connection c, SqlWork<T> work) throws SQLException {
    MVStore store = store(c);
    if (AUTO_COMMIT_MEMORY == null || store.getFileStore() == null) {
      return work.run();
    }
    raise(store);
    try {
      return work.run();
    } finally {
      restore(store);
    }
  }

  private static void raise(MVStore store) {
    synchronized (RAISED) {
      try {
        int[] state = RAISED.get(store);
        if (state == null) {
          int before = AUTO_COMMIT_MEMORY.getInt(store);
          RAISED.put(store, new int[] {1, before});
          AUTO_COMMIT_MEMORY.setInt(store, Math.max(before, LARGE_BUFFER));
        } else {
          state[0]++;
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot adjust H2's write buffer", e);
      }
    }
  }

  private static void restore(MVStore store) {
    synchronized (RAISED) {
      int[] state = RAISED.get(store);
      if (--state[0] == 0) {
        RAISED.remove(store);
        try {
          AUTO_COMMIT_MEMORY.setInt(store, state[1]);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot adjust H2's write buffer", e);
        }
      }
    }
  }
}
