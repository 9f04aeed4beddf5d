package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.crypto.pseudonym.ErasureAttack.Captured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Break 2 of issue 15: the attacker obtains every file the store ever wrote and every key that
 * still exists, and tries to recover a forgotten subject. On H2 with the store still open, and
 * after a SIGKILL right after {@code forget} returned (the writer is another JVM); on PostgreSQL
 * reading the table files and the WAL under the server's data directory, which keep dead tuples.
 * Wherever old copies of the subject's rows remain, the test proves they are useless: their bucket
 * key is gone from the key file and no surviving key opens them. See {@link ErasureAttack}.
 *
 * <p>Before issue 15, the wrapped subject key sat in {@code vault.mv.db} after forget (11 copies)
 * wrapped under the key-encryption keyset, which survives: {@link ErasureAttack#assertUseless}
 * could open it.
 */
class VaultErasureAttackTest {
  @TempDir Path dir;

  @Test
  void h2_storeStillOpen_copiesOfAllFilesAndSurvivingKeysRecoverNothing() throws Exception {
    Path live = Files.createDirectories(dir.resolve("live"));
    VaultFixture f = new VaultFixture(VaultStore.h2(live.resolve("vault")));
    PseudonymVault vault = f.vault();
    Captured c = ErasureAttack.populate(vault);
    vault.forget(ErasureAttack.TARGET);
    Path copy = ErasureAttack.snapshot(live, dir.resolve("copy"));
    try {
      attack(f, copy, c);
    } finally {
      vault.close();
    }
  }

  @Test
  void h2_killedRightAfterForget_copiesOfAllFilesAndSurvivingKeysRecoverNothing() throws Exception {
    Path live = Files.createDirectories(dir.resolve("live"));
    VaultFixture f = new VaultFixture(null);
    Process p = ChildJvm.start(dir, f, VaultErasureWriter.class, live.resolve("vault").toString());
    List<String> lines = new ArrayList<>();
    boolean forgotten = false;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals("FORGOTTEN")) {
          p.destroyForcibly(); // SIGKILL: no close, no shutdown hook, no compaction
          forgotten = true;
          break;
        }
        lines.add(line);
      }
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "writer did not die");
    }
    assertTrue(forgotten, "the writer did not reach forget");
    Path copy = ErasureAttack.snapshot(live, dir.resolve("copy"));
    attack(f, copy, Captured.parse(lines));
  }

  /** Searches the copied files, then opens them as a vault with every surviving key. */
  private static void attack(VaultFixture f, Path copy, Captured c) throws Exception {
    Map<Path, byte[]> files = ErasureAttack.files(copy);
    int dead = ErasureAttack.assertFilesHoldNothing(files, c);
    try (VaultStore opened = VaultStore.h2(copy.resolve("vault"))) {
      PseudonymVault attacker = f.sameKeysOver(opened).vault();
      // Opening may rewrite the copy; search again what it now holds as well.
      ErasureAttack.assertUseless(attacker, files, c);
    }
    System.out.println(
        "erasure attack on H2: "
            + dead
            + " dead copies of the forgotten subject's wrapped rows in the files, none opens");
  }

  @Test
  void postgres_deadTuplesAndWal_holdNothingUsable() throws Exception {
    String url = PostgresSupport.freshSchemaUrl();
    Path keys = dir.resolve("pg.keys");
    long started = System.currentTimeMillis() - 2_000;
    try {
      VaultFixture f = new VaultFixture(VaultStore.postgres(url, keys));
      PseudonymVault vault = f.vault();
      Captured c = ErasureAttack.populate(vault);
      vault.forget(ErasureAttack.TARGET);
      Map<Path, byte[]> files = new LinkedHashMap<>();
      files.putAll(ErasureAttack.files(ErasureAttack.snapshot(dir, dir.resolve("keycopy"))));
      files.putAll(postgresFiles(url, started));
      int dead = ErasureAttack.assertFilesHoldNothing(files, c);
      Path keyCopy = dir.resolve("keycopy").resolve("pg.keys");
      try (VaultStore opened = VaultStore.postgres(url, keyCopy)) {
        ErasureAttack.assertUseless(f.sameKeysOver(opened).vault(), files, c);
      } finally {
        vault.close();
      }
      System.out.println(
          "erasure attack on PostgreSQL: "
              + dead
              + " dead copies of the forgotten subject's wrapped rows in heap and WAL files, none"
              + " opens");
    } finally {
      PostgresSupport.dropSchema(url);
    }
  }

  /**
   * The vault tables' heap files and every WAL segment written since {@code since}, read from the
   * server's data directory (the test runs as root beside the server, as CI does). Fails if they
   * cannot be found: this test must not pass by reading nothing.
   */
  private static Map<Path, byte[]> postgresFiles(String url, long since) throws Exception {
    List<String> relations = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String table : List.of("pv_subject", "pv_token", "pv_meta", "pv_bucket")) {
        try (ResultSet rs = s.executeQuery("SELECT pg_relation_filepath('" + table + "')")) {
          rs.next();
          relations.add(rs.getString(1));
        }
      }
    }
    Path dataDir = null;
    try (Stream<Path> versions = Files.list(Path.of("/var/lib/postgresql"))) {
      for (Path v : versions.toList()) {
        if (Files.isRegularFile(v.resolve("main").resolve(relations.get(0)))) {
          dataDir = v.resolve("main");
        }
      }
    } catch (IOException e) {
      dataDir = null;
    }
    assertTrue(
        dataDir != null,
        "the PostgreSQL data directory with "
            + relations.get(0)
            + " was not found under /var/lib/postgresql (run beside the server, as root)");
    Map<Path, byte[]> out = new LinkedHashMap<>();
    for (String r : relations) {
      Path base = dataDir.resolve(r);
      ErasureAttack.failIfUnreadable(base);
      out.put(base, Files.readAllBytes(base));
    }
    Path wal = dataDir.resolve("pg_wal");
    try (Stream<Path> segments = Files.list(wal)) {
      // Only segments written during this test can hold its rows.
      for (Path seg :
          segments.filter(Files::isRegularFile).filter(p -> lastModified(p) >= since).toList()) {
        out.put(seg, Files.readAllBytes(seg));
      }
    }
    assertTrue(out.size() > relations.size(), "no WAL segment read");
    assertEquals(relations.size(), relations.stream().distinct().count());
    return out;
  }

  private static long lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
