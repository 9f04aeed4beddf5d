package io.privacity.crypto.pseudonym;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The one place the vault reaches into H2's engine: online compaction of the MVStore file, which H2
 * offers in SQL only at shutdown ({@code SHUTDOWN COMPACT}). Pinned to the H2 version of the build
 * (2.5.x); {@code H2VaultStoreTest} measures the disk use it keeps.
 */
final class H2Internals {
  /** Rewrite chunks whose live data is below this percentage. */
  private static final int FILL_RATE = 80;

  /** Write at most this many bytes per compaction step. */
  private static final int WRITE_LIMIT = 4 << 20;

  private H2Internals() {}

  static void compact(Connection c) throws SQLException {
    MVStore store =
        ((SessionLocal) c.unwrap(JdbcConnection.class).getSession())
            .getDatabase()
            .getStore()
            .getMvStore();
    store.compact(FILL_RATE, WRITE_LIMIT);
  }
}
