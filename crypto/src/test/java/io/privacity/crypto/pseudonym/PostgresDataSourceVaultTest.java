package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, operations: the PostgreSQL store over the caller's own connection pool (HikariCP 7), as
 * a container or a Spring application would hand it over. Connections are borrowed per operation
 * and returned; closing the store leaves the pool to its owner.
 */
class PostgresDataSourceVaultTest {
  @TempDir Path dir;

  @Test
  void vaultOverAHikariPool_tokenizesReidentifiesAndForgets_returningEveryConnection()
      throws Exception {
    String url = PostgresSupport.freshSchemaUrl();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(4);
    config.setPoolName("vault-test");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      VaultFixture f = new VaultFixture(VaultStore.postgres(pool, dir.resolve("vault.keys")));
      PseudonymVault vault = f.vault();
      ExecutorService threads = Executors.newFixedThreadPool(8);
      List<Future<String>> tokens = new ArrayList<>();
      try {
        for (int i = 0; i < 64; i++) {
          String plate = "HK" + (i % 16) + "ZZ";
          tokens.add(threads.submit(() -> vault.tokenize(VaultFixture.PARKING, plate)));
        }
        for (int i = 0; i < 64; i++) {
          assertEquals(
              tokens.get(i % 16).get(30, TimeUnit.SECONDS),
              tokens.get(i).get(30, TimeUnit.SECONDS));
        }
      } finally {
        threads.shutdownNow();
      }
      String t = tokens.get(3).get();
      assertEquals("HK3ZZ", vault.reidentify(VaultFixture.PARKING, t, f.police()));
      vault.forget("HK3ZZ");
      assertThrows(
          ReidentificationException.class,
          () -> vault.reidentify(VaultFixture.PARKING, t, f.police()));
      assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections());
      vault.close();
      assertFalse(pool.isClosed(), "the store must not close the caller's pool");
      // Reopened over the same pool and key file: the tokens are still there.
      VaultFixture g = f.sameKeysOver(VaultStore.postgres(pool, dir.resolve("vault.keys")));
      try (PseudonymVault again = g.vault()) {
        assertEquals(
            "HK4ZZ", again.reidentify(VaultFixture.PARKING, tokens.get(4).get(), g.police()));
      }
      assertTrue(pool.getHikariPoolMXBean().getTotalConnections() <= 4);
    } finally {
      PostgresSupport.dropSchema(url);
    }
  }
}
