package io.privacity.crypto.pseudonym;

import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The writer JVM of {@link VaultCrashTest}: tokenizes identities forever and prints {@code ACK
 * <domain> <identity> <token>} after each tokenize has returned (its row committed), until it is
 * killed. Arguments: {@code h2 <file>} or {@code pg <jdbcUrl>}, the PostgreSQL store's key file,
 * then the cleartext key-encryption and index keyset files (test keys only, see {@link ChildJvm}).
 */
public final class VaultCrashWriter {
  private VaultCrashWriter() {}

  /**
   * Runs the writer.
   *
   * @param args kind, location, kek keyset file, index keyset file
   * @throws Exception on any failure (the test then sees fewer acknowledgements)
   */
  public static void main(String[] args) throws Exception {
    VaultStore store =
        args[0].equals("h2")
            ? VaultStore.h2(Path.of(args[1]))
            : VaultStore.postgres(args[1], Path.of(args[2]));
    PseudonymVault vault =
        PseudonymVault.builder()
            .store(store)
            .keyEncryptionKeyset(ChildJvm.read(args[3]))
            .indexKeyset(ChildJvm.read(args[4]))
            .domain(VaultFixture.PARKING, TokenPolicy.DETERMINISTIC, Duration.ofDays(30))
            .domain(VaultFixture.TRANSIT, TokenPolicy.FULLY_RANDOMISED, Duration.ofDays(7))
            .canonicalizer(Canonicalizer.licencePlate())
            .accessPolicy(AccessPolicy.builder().build())
            .ledger(TransparencyLedger.inMemory())
            .build();
    System.out.println("READY");
    System.out.flush();
    for (long i = 0; ; i++) {
      String domain = i % 2 == 0 ? VaultFixture.PARKING : VaultFixture.TRANSIT;
      String identity = "CRASH" + i;
      String token = vault.tokenize(domain, identity);
      System.out.println("ACK " + domain + " " + identity + " " + token);
      System.out.flush();
    }
  }
}
