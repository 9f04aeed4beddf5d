package io.privacity.crypto.pseudonym;

import io.privacity.crypto.internal.OptionalDependency;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * Where a {@link PseudonymVault} keeps its rows, and the small key file whose overwriting makes
 * {@link PseudonymVault#forget(String) erasure} final. Obtain one from a factory below; the vault
 * does the rest (the store's rows are not an API).
 *
 * <h2>What each store promises</h2>
 *
 * <ul>
 *   <li>{@link #h2(Path)}: an embedded H2 database {@code <file>.mv.db} and a key file {@code
 *       <file>.keys} beside it, both created owner-read/write only (0600), no trace file. When
 *       {@code forget} returns, the key file cells that held the erased subject's bucket key are
 *       overwritten and forced to the device, and the database file has been rebuilt from its live
 *       rows and renamed over the old one, whose blocks were overwritten: no file of the store
 *       holds any byte derived from the subject (the erasure is physical; a crash inside {@code
 *       forget} is finished when the store is opened again). Each erasure therefore costs time in
 *       proportion to the database's size ({@code forgetAll} batches them); other operations wait
 *       meanwhile. Each commit is written to the file, and the file's header made to name it (H2
 *       alone can leave it unreachable, see docs/erasure.md), before the call returns, so a killed
 *       process loses no acknowledged token (tested with SIGKILL at random points, and on a copy of
 *       the file after each commit).
 *   <li>{@link #h2InMemory(String)}: the same, with the key file in this process's heap: nothing
 *       reaches a disk; erased keys are zeroed, but the JVM may have left copies of any heap object
 *       in memory it freed.
 *   <li>{@link #postgres(String, Path)}, {@link #postgres(DataSource, Path)}: rows in PostgreSQL,
 *       which keeps dead tuples, WAL and backups beyond the vault's reach; the key file is on this
 *       host, outside PostgreSQL, and is what {@code forget} overwrites. One process at a time may
 *       use a key file (it is locked): run one vault writer per database.
 * </ul>
 *
 * <p>See {@code docs/erasure.md} for the threat model and its limits (copy-on-write file systems,
 * SSD remapping, copies of the key file made elsewhere).
 */
public sealed interface VaultStore extends AutoCloseable permits JdbcVaultStore {

  /** Closes the store's connections and releases its key file. */
  @Override
  void close();

  /**
   * An embedded H2 database in {@code file.mv.db} with its key file {@code file.keys}, both created
   * 0600 if absent. Each commit is written to the file, and reachable from its header, before the
   * call returns ({@code WRITE_DELAY=0}); erasure additionally forces the database and the key file
   * to the device. H2 does not force every commit to the disk: against power loss, use PostgreSQL.
   *
   * @param file the database file path, without extension
   * @return the store
   * @throws IllegalArgumentException if null
   * @throws IllegalStateException if the database or key file cannot be opened, the key file is in
   *     use by another store, or {@code com.h2database:h2} is not on the class path
   */
  static VaultStore h2(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    OptionalDependency.require("VaultStore.h2", "org.h2.Driver", "com.h2database:h2");
    Path abs = file.toAbsolutePath();
    KeyFile keys = KeyFile.open(abs.resolveSibling(abs.getFileName() + ".keys"));
    return JdbcVaultStore.openH2(abs, keys);
  }

  /**
   * An H2 database in this process's memory, gone when the store is closed; for tests and examples.
   *
   * @param name a name, unique within the process
   * @return the store
   * @throws IllegalArgumentException if the name is not 1-64 letters, digits or {@code _}
   * @throws IllegalStateException if {@code com.h2database:h2} is not on the class path
   */
  static VaultStore h2InMemory(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_]{1,64}")) {
      throw new IllegalArgumentException(
          "name must be 1-64 letters, digits or '_', got " + Pseudonymizer.quote(name));
    }
    OptionalDependency.require("VaultStore.h2InMemory", "org.h2.Driver", "com.h2database:h2");
    return JdbcVaultStore.open(
        "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + JdbcAccess.H2_SETTINGS,
        JdbcAccess.Dialect.H2_MEMORY,
        KeyFile.inMemory());
  }

  /**
   * A PostgreSQL database (driver {@code org.postgresql:postgresql}) reached through a JDBC URL,
   * with the vault's key file on this host; tables are created in the connection's current schema
   * if absent.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/city?user=vault&password=...}
   * @param keyFile the key file (created 0600 if absent); keep it with the same care as the
   *     database, and never restore an old copy of it
   * @return the store
   * @throws IllegalArgumentException if an argument is null or the URL is not a {@code
   *     jdbc:postgresql:} URL
   * @throws IllegalStateException if the database cannot be reached, the key file is in use, or
   *     {@code org.postgresql:postgresql} is not on the class path
   */
  static VaultStore postgres(String jdbcUrl, Path keyFile) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with \"jdbc:postgresql:\", got "
              + (jdbcUrl == null ? "null" : "a URL with another scheme"));
    }
    if (keyFile == null) {
      throw new IllegalArgumentException("keyFile must not be null");
    }
    OptionalDependency.require(
        "VaultStore.postgres", "org.postgresql.Driver", "org.postgresql:postgresql");
    return JdbcVaultStore.open(
        jdbcUrl, JdbcAccess.Dialect.POSTGRES, KeyFile.open(keyFile.toAbsolutePath()));
  }

  /**
   * A PostgreSQL database reached through the caller's connection pool (HikariCP, an application
   * server's pool), with the vault's key file on this host. Connections are borrowed per operation
   * and returned (closed) at once; the pool stays the caller's to close.
   *
   * @param dataSource a PostgreSQL data source
   * @param keyFile the key file (created 0600 if absent)
   * @return the store
   * @throws IllegalArgumentException if an argument is null
   * @throws IllegalStateException if the database cannot be reached or the key file is in use
   */
  static VaultStore postgres(DataSource dataSource, Path keyFile) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource must not be null");
    }
    if (keyFile == null) {
      throw new IllegalArgumentException("keyFile must not be null");
    }
    return JdbcVaultStore.open(
        dataSource, JdbcAccess.Dialect.POSTGRES, KeyFile.open(keyFile.toAbsolutePath()));
  }
}
