package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.crypto.pseudonym.ErasureAttack.Captured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Break 2 of issue 15: the attacker obtains every file the store ever wrote and every key that
 * still exists, and tries to recover a forgotten subject.
 *
 * <p>On H2 the promise is physical: when {@code forget} returns, no file holds any byte string
 * derived from the subject (its identity, hashes, lookups, ids, wrapped secrets, tokens and token
 * rows, the old bucket keys), with the store still open, after a SIGKILL right after {@code forget}
 * returned, and, after a SIGKILL at any step of the erasure, once the store has been opened again.
 * A positive control first finds every stored value in the files before the forget, in the
 * encodings searched. On PostgreSQL, whose table files and WAL keep dead tuples, the promise is
 * cryptographic: what remains opens under no surviving key (see {@link ErasureAttack}).
 *
 * <p>Before issue 15, the wrapped subject key sat in {@code vault.mv.db} after forget (11 copies)
 * wrapped under the key-encryption keyset, which survives. Before this test's H2 checks (the
 * issue's follow-up), three dead copies of the subject's wrapped rows remained in {@code
 * vault.mv.db} after forget, under destroyed keys, and its token rows stayed live.
 */
class VaultErasureAttackTest {
  /** The steps of an erasure at which the writer is killed, in order; see {@link CrashPoints}. */
  static final List<String> STEPS =
      List.of(
          "rotation:committed",
          "rewrite:start",
          "rewrite:copied",
          "rewrite:closed",
          "rewrite:renamed",
          "rewrite:done");

  @TempDir Path dir;

  /** An H2 vault in {@code live}, open, populated around the target. */
  private record Populated(Path live, VaultFixture f, PseudonymVault vault, Captured c) {}

  private Populated populated() throws Exception {
    Path live = Files.createDirectories(dir.resolve("live"));
    VaultFixture f = new VaultFixture(VaultStore.h2(live.resolve("vault")));
    PseudonymVault vault = f.vault();
    return new Populated(live, f, vault, ErasureAttack.populate(vault));
  }

  /**
   * With the store open, and again after {@code close()}: no file holds a trace. A hard link to the
   * database file taken before the forget stands for a raw-device reader of the replaced file's
   * blocks: the rewrite overwrites them with zeros before {@code forget} returns.
   */
  @Test
  void h2_storeStillOpen_thenClosed_noFileHoldsAnyTraceOfTheSubject() throws Exception {
    Populated p = populated();
    PseudonymVault vault = p.vault();
    Captured c = p.c();
    ErasureAttack.assertFilesHoldTheTarget(
        ErasureAttack.files(ErasureAttack.snapshot(p.live(), dir.resolve("before"))), c);
    Path blocks = Files.createDirectories(dir.resolve("blocks")).resolve("old.mv.db");
    Files.createLink(blocks, p.live().resolve("vault.mv.db"));
    long oldSize = Files.size(blocks);
    vault.forget(ErasureAttack.TARGET);
    Path copy = ErasureAttack.snapshot(p.live(), dir.resolve("copy"));
    try {
      ErasureAttack.assertNoTrace(ErasureAttack.files(copy), c);
      attack(p.f(), copy, c);
      byte[] old = Files.readAllBytes(blocks);
      // It grew with the forget's own commit before it was replaced.
      assertTrue(old.length >= oldSize, "the replaced file was truncated: " + old.length);
      assertTrue(allZero(old), "the replaced database file's blocks were not overwritten");
      // The store goes on working.
      assertEquals(
          "OT1000ZZ",
          vault.reidentify(
              VaultFixture.PARKING,
              vault.tokenize(VaultFixture.PARKING, "OT1000ZZ"),
              p.f().police()));
    } finally {
      vault.close();
    }
    Path closed = ErasureAttack.snapshot(p.live(), dir.resolve("closed"));
    ErasureAttack.assertNoTrace(ErasureAttack.files(closed), c);
    attack(p.f(), closed, c);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void h2_killedRightAfterForget_noFileHoldsAnyTraceOfTheSubject() throws Exception {
    Path live = Files.createDirectories(dir.resolve("live"));
    VaultFixture f = new VaultFixture(null);
    Captured c = runAndKill(f, live, "returned");
    Path copy = ErasureAttack.snapshot(live, dir.resolve("copy"));
    ErasureAttack.assertNoTrace(ErasureAttack.files(copy), c);
    attack(f, copy, c);
  }

  /**
   * A SIGKILL at each step of the erasure, before {@code forget} returned: the files may still hold
   * the subject's rows (the forget did not happen, or happened only in part), and opening the store
   * finishes it: afterwards no file holds a trace and no key opens anything.
   */
  @ParameterizedTest
  @MethodSource("steps")
  void h2_killedDuringTheErasure_openingTheStoreFinishesIt(String step) throws Exception {
    Path live = Files.createDirectories(dir.resolve("live"));
    VaultFixture f = new VaultFixture(null);
    Captured c = runAndKill(f, live, step);
    try (VaultStore reopened = VaultStore.h2(live.resolve("vault"))) {
      PseudonymVault v = f.sameKeysOver(reopened).vault();
      ErasureAttack.assertUseless(v, ErasureAttack.files(live), c);
    }
    ErasureAttack.assertNoTrace(
        ErasureAttack.files(ErasureAttack.snapshot(live, dir.resolve("after"))), c);
  }

  static List<String> steps() {
    return STEPS;
  }

  /**
   * If the file cannot be rewritten (here: something H2 cannot delete where it writes the new
   * file), {@code forget} says so, the subject is erased all the same (rows deleted, keys
   * destroyed), the ledger says the old copies are pending, and opening the store again once the
   * obstacle is gone removes them.
   */
  @Test
  void h2_rewriteFails_forgetSaysSo_andReopeningFinishes() throws Exception {
    Populated p = populated();
    PseudonymVault vault = p.vault();
    Captured c = p.c();
    Path obstacle = Files.createDirectories(p.live().resolve("vault.mv.db.tempFile"));
    Files.writeString(obstacle.resolve("in-the-way"), "x");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> vault.forget(ErasureAttack.TARGET));
    assertTrue(e.getMessage().contains("could not remove the old copies"), e.getMessage());
    assertEquals(
        "pending",
        p.f().ledger.entries().get(p.f().ledger.entries().size() - 1).details().get("oldCopies"));
    Files.delete(obstacle.resolve("in-the-way"));
    Files.delete(obstacle);
    assertThrows(
        ReidentificationException.class,
        () ->
            vault.reidentify(
                VaultFixture.PARKING, c.tokens().get(VaultFixture.PARKING), p.f().police()));
    vault.close();
    try (VaultStore reopened = VaultStore.h2(p.live().resolve("vault"))) {
      ErasureAttack.assertUseless(
          p.f().sameKeysOver(reopened).vault(), ErasureAttack.files(p.live()), c);
    }
    ErasureAttack.assertNoTrace(
        ErasureAttack.files(ErasureAttack.snapshot(p.live(), dir.resolve("after"))), c);
  }

  /**
   * Runs the writer JVM on {@code live}: takes the positive control when it has populated the
   * vault, lets it forget, and kills it (SIGKILL: no close, no shutdown hook) at {@code step} or,
   * for {@code returned}, right after {@code forget} returned.
   */
  private Captured runAndKill(VaultFixture f, Path live, String step) throws Exception {
    Process p =
        ChildJvm.start(dir, f, VaultErasureWriter.class, live.resolve("vault").toString(), step);
    List<String> lines = new ArrayList<>();
    boolean killed = false;
    Captured c = null;
    try (BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals("POPULATED")) {
          c = Captured.parse(lines);
          ErasureAttack.assertFilesHoldTheTarget(
              ErasureAttack.files(ErasureAttack.snapshot(live, dir.resolve("before"))), c);
          in.write("forget\n");
          in.flush();
        } else if (line.equals("PAUSED " + step)
            || (step.equals("returned") && line.equals("FORGOTTEN"))) {
          p.destroyForcibly();
          killed = true;
          break;
        } else {
          lines.add(line);
        }
      }
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "writer did not die");
    }
    assertTrue(killed, "the writer did not reach " + step + ": " + lines);
    return c;
  }

  /** Opens copies of the files as a vault with every surviving key and plays the attacker. */
  private static void attack(VaultFixture f, Path copy, Captured c) throws Exception {
    Map<Path, byte[]> files = ErasureAttack.files(copy);
    try (VaultStore opened = VaultStore.h2(copy.resolve("vault"))) {
      ErasureAttack.assertUseless(f.sameKeysOver(opened).vault(), files, c);
    }
    ErasureAttack.assertNoTrace(ErasureAttack.files(copy), c);
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
      Map<Path, byte[]> before = new LinkedHashMap<>();
      before.putAll(ErasureAttack.files(ErasureAttack.snapshot(dir, dir.resolve("keysbefore"))));
      before.putAll(postgresFiles(url, started));
      ErasureAttack.assertFilesHoldTheTarget(before, c);
      before.clear();
      vault.forget(ErasureAttack.TARGET);
      Map<Path, byte[]> files = new LinkedHashMap<>();
      files.putAll(ErasureAttack.files(ErasureAttack.snapshot(dir, dir.resolve("keycopy"))));
      files.putAll(postgresFiles(url, started));
      int dead = ErasureAttack.assertFilesHoldNothingUsable(files, c);
      Path keyCopy = dir.resolve("keycopy").resolve("pg.keys");
      try (VaultStore opened = VaultStore.postgres(url, keyCopy)) {
        ErasureAttack.assertUseless(f.sameKeysOver(opened).vault(), files, c);
      } finally {
        vault.close();
      }
      System.out.println(
          "erasure attack on PostgreSQL: "
              + dead
              + " dead copies of values about the forgotten subject in heap and WAL files, none"
              + " usable");
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
