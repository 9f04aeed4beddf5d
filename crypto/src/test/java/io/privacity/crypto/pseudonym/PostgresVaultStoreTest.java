package io.privacity.crypto.pseudonym;

/**
 * The store contract on PostgreSQL ({@code PRIVACITY_PG_URL}; skipped locally when unset, fails in
 * CI when unset). Each test runs in a fresh schema.
 */
class PostgresVaultStoreTest extends VaultStoreContract {
  private String url;

  @Override
  VaultStore newStore() {
    url = PostgresSupport.freshSchemaUrl();
    return VaultStore.postgres(url);
  }

  @Override
  VaultStore reopen() {
    return VaultStore.postgres(url);
  }

  @Override
  void dispose() {
    PostgresSupport.dropSchema(url);
  }
}
