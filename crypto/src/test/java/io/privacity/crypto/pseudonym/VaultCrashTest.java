package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a writer JVM tokenizes identities and prints each acknowledged token after its
 * commit; the test kills it with SIGKILL mid-stream, after a random number of acknowledgements,
 * reopens the store, and requires every acknowledged token to be intact: re-identifiable to its
 * identity and, for the deterministic domain, still the identity's token. For H2, a second test
 * opens a copy of the file as it is after each acknowledged tokenize (what a process killed at that
 * moment leaves, since a SIGKILL loses nothing already written to the file), so every commit point
 * is checked, not only the one the kill happens to hit.
 */
class VaultCrashTest {
  /** The fewest and most acknowledgements collected before the kill. */
  private static final int MIN_ACKS = 20;

  private static final int MAX_ACKS = 300;

  /** Tokenizes after each of which the H2 file is copied and opened. */
  private static final int SNAPSHOTS = 120;

  @TempDir Path dir;

  @Test
  void h2_killedWriter_losesNoAcknowledgedToken() throws Exception {
    Path db = dir.resolve("vault");
    VaultFixture f = new VaultFixture(null);
    List<String[]> acks = runAndKill(f, "h2", db.toString());
    try (VaultStore store = VaultStore.h2(db)) {
      check(f, store, acks);
    }
  }

  /**
   * Failed before the store header was written after each commit: H2 named the chunk before a
   * commit's chunk in the header, and a copy opened at an older version in 244 of 400 snapshots,
   * missing up to 20 acknowledged tokens.
   */
  @Test
  void h2_fileAfterEachAcknowledgedTokenize_opensWithEveryToken() throws Exception {
    Path db = dir.resolve("vault");
    Path copy = dir.resolve("copy");
    Path copyFile = dir.resolve("copy.mv.db");
    List<String> lost = new ArrayList<>();
    try (VaultStore store = VaultStore.h2(db)) {
      PseudonymVault vault = new VaultFixture(store).vault(10 * SNAPSHOTS);
      for (int i = 0; i < SNAPSHOTS; i++) {
        vault.tokenize(i % 2 == 0 ? VaultFixture.PARKING : VaultFixture.TRANSIT, "CRASH" + i);
        Files.copy(dir.resolve("vault.mv.db"), copyFile, StandardCopyOption.REPLACE_EXISTING);
        long tokens;
        try (Connection c = DriverManager.getConnection(JdbcAccess.h2Url(copy));
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pv_token")) {
          rs.next();
          tokens = rs.getLong(1);
        }
        if (tokens != i + 1) {
          lost.add("after tokenize " + (i + 1) + ": " + tokens + " tokens");
        }
      }
    }
    assertEquals(List.of(), lost, "copies of the file that lost acknowledged tokens");
  }

  @Test
  void postgres_killedWriter_losesNoAcknowledgedToken() throws Exception {
    String url = PostgresSupport.freshSchemaUrl();
    try {
      VaultFixture f = new VaultFixture(null);
      List<String[]> acks = runAndKill(f, "pg", url);
      try (VaultStore store = VaultStore.postgres(url, dir.resolve("pg.keys"))) {
        check(f, store, acks);
      }
    } finally {
      PostgresSupport.dropSchema(url);
    }
  }

  private List<String[]> runAndKill(VaultFixture f, String kind, String location) throws Exception {
    int killAt = ThreadLocalRandom.current().nextInt(MIN_ACKS, MAX_ACKS + 1);
    Process p =
        ChildJvm.start(
            dir, f, VaultCrashWriter.class, kind, location, dir.resolve("pg.keys").toString());
    List<String[]> acks = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          String[] parts = line.split(" ");
          if (parts.length == 4) {
            acks.add(parts);
          }
          if (acks.size() >= killAt) {
            p.destroyForcibly();
            break;
          }
        }
      }
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "writer did not die");
    }
    assertEquals(killAt, acks.size(), "the writer stopped before the kill");
    return acks;
  }

  /** Requires every acknowledged token intact; names all that are not and the kill point. */
  private static void check(VaultFixture f, VaultStore store, List<String[]> acks)
      throws Exception {
    VaultFixture g = f.sameKeysOver(store);
    PseudonymVault vault = g.vault(10 * MAX_ACKS);
    List<String> lost = new ArrayList<>();
    for (int i = 0; i < acks.size(); i++) {
      String domain = acks.get(i)[1];
      String identity = acks.get(i)[2];
      String token = acks.get(i)[3];
      try {
        if (!identity.equals(vault.reidentify(domain, token, g.police()))) {
          lost.add("ack " + (i + 1) + " " + token + " re-identifies to another identity");
        } else if (domain.equals(VaultFixture.PARKING)
            && !token.equals(vault.tokenize(domain, identity))) {
          lost.add("ack " + (i + 1) + " " + identity + " has a new deterministic token");
        }
      } catch (ReidentificationException e) {
        lost.add("ack " + (i + 1) + " " + token + " unknown");
      }
    }
    assertEquals(List.of(), lost, "acknowledged tokens lost after a kill at ack " + acks.size());
  }
}
