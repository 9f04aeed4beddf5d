package io.privacity.bench;

import io.privacity.crypto.pseudonym.VaultStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A vault store for a benchmark trial and a raw JDBC URL on the same database: an H2 file in a
 * temporary directory, or a fresh schema of {@code PRIVACITY_PG_URL} (when unset, the {@code
 * postgresql} param fails its set-up with a message and JMH moves on). {@link #delete()} removes
 * the directory and the schema.
 */
final class BenchDatabase {
  final Path dir;
  final String url;
  final VaultStore store;
  private final String pgSchema;

  BenchDatabase(String kind) throws Exception {
    dir = Files.createTempDirectory("vault-bench");
    if (kind.equals("h2")) {
      pgSchema = null;
      url = "jdbc:h2:file:" + dir.resolve("raw").toAbsolutePath() + ";WRITE_DELAY=0";
      store = VaultStore.h2(dir.resolve("vault"));
      return;
    }
    String base = System.getenv("PRIVACITY_PG_URL");
    if (base == null || base.isBlank()) {
      throw new IllegalStateException(
          "PRIVACITY_PG_URL is not set: the postgresql param is skipped (source"
              + " .ci/postgres.sh to run it)");
    }
    pgSchema = "bench_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(base);
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + pgSchema);
    }
    url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + pgSchema;
    store = VaultStore.postgres(url, dir.resolve("vault.keys"));
  }

  /** Deletes the files and the schema (close the vault first). */
  void delete() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(BenchDatabase::delete);
    }
    if (pgSchema != null) {
      try (Connection c = DriverManager.getConnection(System.getenv("PRIVACITY_PG_URL"));
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + pgSchema + " CASCADE");
      }
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
