package io.privacity.crypto.pseudonym;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store contract on PostgreSQL ({@code PRIVACITY_PG_URL}; skipped locally when unset, fails in
 * CI when unset). Each test runs in a fresh schema with a fresh key file.
 */
class PostgresVaultStoreTest extends VaultStoreContract {
  private String url;
  private Path keyFile;

  @Override
  VaultStore newStore() {
    url = PostgresSupport.freshSchemaUrl();
    try {
      keyFile = Files.createTempDirectory("vault-pg").resolve("vault.keys");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return VaultStore.postgres(url, keyFile);
  }

  @Override
  VaultStore reopen() {
    return VaultStore.postgres(url, keyFile);
  }

  @Override
  void dispose() {
    PostgresSupport.dropSchema(url);
    try {
      Files.deleteIfExists(keyFile);
      Files.deleteIfExists(keyFile.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
