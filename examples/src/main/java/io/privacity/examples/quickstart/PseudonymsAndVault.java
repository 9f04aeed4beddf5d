package io.privacity.examples.quickstart;

import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessDeniedException;
import io.privacity.core.policy.AccessPolicy;
import io.privacity.core.policy.Authorization;
import io.privacity.core.policy.Principal;
import io.privacity.core.policy.Purpose;
import io.privacity.crypto.pseudonym.Canonicalizer;
import io.privacity.crypto.pseudonym.EpochRotation;
import io.privacity.crypto.pseudonym.PseudonymDomain;
import io.privacity.crypto.pseudonym.PseudonymVault;
import io.privacity.crypto.pseudonym.Pseudonymizer;
import io.privacity.crypto.pseudonym.ReidentificationException;
import io.privacity.crypto.pseudonym.TokenPolicy;
import io.privacity.crypto.pseudonym.VaultStore;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;

/**
 * Quick start (privacity-crypto): keyed pseudonyms, then a vault with audited re-identification.
 */
public class PseudonymsAndVault {
  public static void main(String[] args) throws GeneralSecurityException {
    // 1. Pseudonyms: the same plate gives the same pseudonym today, an unrelated one tomorrow.
    Pseudonymizer pseudonyms =
        Pseudonymizer.builder()
            .masterKeyset(Pseudonymizer.generateMasterKeyset()) // keep it in a KMS in production
            .domain(
                PseudonymDomain.builder("parking")
                    .rotation(EpochRotation.DAILY)
                    .canonicalizer(Canonicalizer.licencePlate())
                    .build())
            .build();
    Instant today = Instant.parse("2026-06-01T08:00:00Z");
    String a = pseudonyms.pseudonymize("parking", "TÜ-AB 12", today);
    String b = pseudonyms.pseudonymize("parking", "tü ab12", today);
    String c = pseudonyms.pseudonymize("parking", "TÜ-AB 12", today.plus(Duration.ofDays(1)));
    System.out.println("pseudonym today: " + a);
    System.out.println("same plate, other spelling, same pseudonym: " + a.equals(b));
    System.out.println("linkable to tomorrow's pseudonym: " + a.equals(c));

    // 2. A vault: tokens that only an authorized, ledgered request can turn back into the plate.
    // VaultStore.h2 needs com.h2database:h2 (VaultStore.postgres: org.postgresql:postgresql).
    Purpose law = Purpose.of("law-enforcement");
    try (TransparencyLedger ledger = TransparencyLedger.inMemory();
        PseudonymVault vault =
            PseudonymVault.builder()
                .store(VaultStore.h2InMemory("quickstart")) // VaultStore.h2(path) on disk
                .keyEncryptionKeyset(PseudonymVault.generateKeyEncryptionKeyset())
                .indexKeyset(PseudonymVault.generateIndexKeyset())
                .domain("parking", TokenPolicy.DETERMINISTIC, Duration.ofDays(90))
                .canonicalizer(Canonicalizer.licencePlate())
                .accessPolicy(
                    AccessPolicy.builder().allow("police-officer", law, "parking").build())
                .ledger(ledger)
                .build()) {
      String token = vault.tokenize("parking", "TÜ-AB 12");
      System.out.println("vault token: " + token);

      Instant now = Instant.now();
      Authorization warrant =
          Authorization.builder()
              .principal(Principal.of("officer-0042", "police-officer"))
              .purpose(law)
              .justification("warrant TJ-2026-1187")
              .issuedAt(now.minus(Duration.ofHours(1)))
              .expiresAt(now.plus(Duration.ofDays(7)))
              .build();
      System.out.println(
          "re-identified with a warrant: " + vault.reidentify("parking", token, warrant));

      Authorization campaign =
          Authorization.builder()
              .principal(Principal.of("retail-partner", "marketing-analyst"))
              .purpose(Purpose.of("marketing"))
              .justification("loyalty campaign")
              .issuedAt(now.minus(Duration.ofHours(1)))
              .expiresAt(now.plus(Duration.ofDays(7)))
              .build();
      try {
        vault.reidentify("parking", token, campaign);
      } catch (AccessDeniedException e) {
        System.out.println("marketing refused: " + e.getMessage());
      }

      vault.forget("TÜ-AB 12"); // GDPR Art. 17: the keys under which the plate was stored are gone
      try {
        vault.reidentify("parking", token, warrant);
      } catch (ReidentificationException e) {
        System.out.println("after erasure: " + e.reason());
      }
      System.out.println(
          "ledger entries: " + ledger.size() + ", verified: " + ledger.verify().isOk());
    }
  }
}
