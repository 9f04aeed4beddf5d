package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.KeysetHandle;
import io.privacity.core.ledger.LedgerCommitmentKey;
import io.privacity.core.ledger.LedgerSink;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessPolicy;
import io.privacity.core.policy.Authorization;
import io.privacity.core.policy.Principal;
import io.privacity.core.policy.Purpose;
import java.time.Duration;
import java.time.Instant;

/** A vault over a given store with a police-may-re-identify policy, for tests. */
final class VaultFixture {
  static final String PARKING = "parking-enforcement";
  static final String TRANSIT = "transit";
  static final String EXPORTS = "energy-exports";
  static final Purpose LAW = Purpose.of("law-enforcement");
  static final Purpose MARKETING = Purpose.of("marketing");

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
  final LedgerCommitmentKey ledgerKey = LedgerCommitmentKey.generate();
  final TransparencyLedger ledger =
      TransparencyLedger.open(LedgerSink.inMemory(), java.time.Clock.systemUTC(), ledgerKey);
  KeysetHandle kek = PseudonymVault.generateKeyEncryptionKeyset();
  KeysetHandle index = PseudonymVault.generateIndexKeyset();
  final VaultStore store;

  VaultFixture(VaultStore store) {
    this.store = store;
  }

  /** A fixture over {@code other} with this fixture's key-encryption and index keysets. */
  VaultFixture sameKeysOver(VaultStore other) {
    VaultFixture g = new VaultFixture(other);
    g.kek = kek;
    g.index = index;
    return g;
  }

  PseudonymVault vault() {
    return vault(100);
  }

  PseudonymVault vault(int rateLimit) {
    AccessPolicy policy =
        AccessPolicy.builder()
            .allow("police-officer", LAW, PARKING)
            .allow("police-officer", LAW, TRANSIT)
            .clock(clock)
            .build();
    return PseudonymVault.builder()
        .store(store)
        .keyEncryptionKeyset(kek)
        .indexKeyset(index)
        .domain(PARKING, TokenPolicy.DETERMINISTIC, Duration.ofDays(30))
        .domain(TRANSIT, TokenPolicy.FULLY_RANDOMISED, Duration.ofDays(7))
        .domain(EXPORTS, TokenPolicy.DOCUMENT_RANDOMISED, Duration.ofDays(7))
        .canonicalizer(Canonicalizer.licencePlate())
        .accessPolicy(policy)
        .ledger(ledger)
        .rateLimit(rateLimit, Duration.ofHours(1))
        .clock(clock)
        .build();
  }

  Authorization police() {
    return authorization(Principal.of("officer-17", "police-officer"), LAW);
  }

  Authorization marketing() {
    return authorization(Principal.of("growth-team", "marketing-analyst"), MARKETING);
  }

  Authorization authorization(Principal p, Purpose purpose) {
    return Authorization.builder()
        .principal(p)
        .purpose(purpose)
        .justification("warrant 2026-117")
        .issuedAt(clock.instant().minus(Duration.ofHours(1)))
        .expiresAt(clock.instant().plus(Duration.ofDays(365)))
        .build();
  }
}
