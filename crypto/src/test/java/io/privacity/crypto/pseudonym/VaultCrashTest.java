package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a writer JVM tokenizes identities and prints each acknowledged token after its
 * commit; the test kills it with SIGKILL mid-stream, reopens the store, and requires every
 * acknowledged token to be intact: re-identifiable to its identity and, for the deterministic
 * domain, still the identity's token.
 */
class VaultCrashTest {
  /** Acknowledgements to collect before the kill; the writer is mid-write when it dies. */
  private static final int ACKS_BEFORE_KILL = 150;

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
          if (acks.size() >= ACKS_BEFORE_KILL) {
            p.destroyForcibly();
            break;
          }
        }
      }
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "writer did not die");
    }
    assertEquals(ACKS_BEFORE_KILL, acks.size(), "the writer stopped before the kill");
    return acks;
  }

  private static void check(VaultFixture f, VaultStore store, List<String[]> acks)
      throws Exception {
    VaultFixture g = f.sameKeysOver(store);
    PseudonymVault vault = g.vault(10 * ACKS_BEFORE_KILL);
    for (String[] ack : acks) {
      String domain = ack[1];
      String identity = ack[2];
      String token = ack[3];
      assertEquals(identity, vault.reidentify(domain, token, g.police()), "token " + token);
      if (domain.equals(VaultFixture.PARKING)) {
        assertEquals(token, vault.tokenize(domain, identity), "deterministic token of " + identity);
      }
    }
  }
}
