package io.privacity.crypto.pseudonym;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

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
 *       checks that the field still exists.
 * </ul>
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

  private static final Field AUTO_COMMIT_MEMORY = autoCommitMemoryField();

  /** Per store: how many large transactions run, and the threshold to restore after the last. */
  private static final Map<MVStore, int[]> RAISED = new IdentityHashMap<>();

  private H2Internals() {}

  private static Field autoCommitMemoryField() {
    try {
      Field f = MVStore.class.getDeclaredField("autoCommitMemory");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Another H2 version: large transactions are then only slower.
      return null;
    }
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
