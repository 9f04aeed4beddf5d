/**
 * Privacity cryptography on Google Tink: encrypted envelopes, per-subject keys and
 * crypto-shredding, pseudonyms and the pseudonym vault.
 *
 * <p>H2, the PostgreSQL driver and Bouncy Castle are optional ({@code requires static}): add them
 * to use the vault's H2 or PostgreSQL store or format-preserving (FF1) pseudonyms.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Tink, H2
module io.privacity.crypto {
  requires transitive io.privacity.core;
  requires transitive com.google.crypto.tink;
  requires transitive java.sql;
  requires static com.h2database;
  requires static org.bouncycastle.provider;

  exports io.privacity.crypto.envelope;
  exports io.privacity.crypto.keys;
  exports io.privacity.crypto.pseudonym;
}
