package io.privacity.crypto.envelope;

import com.google.crypto.tink.Aead;
import io.privacity.core.ledger.LedgerCommitmentKey;
import io.privacity.core.ledger.LedgerSink;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.keys.ErasableKeySlot;
import io.privacity.crypto.keys.Keysets;
import io.privacity.crypto.keys.LocalKeysetKekProvider;
import io.privacity.crypto.keys.SubjectKeyStore;
import java.security.GeneralSecurityException;
import java.time.Clock;

/** Shared test fixtures: keys, contexts, sealer and opener. */
final class Fixtures {
  private Fixtures() {}

  static final EncryptionContext CTX =
      EncryptionContext.of(
          "subject", "citizen-42", "purpose", "air-quality", "sensor", "aq-17", "city", "lyon");
  static final EncryptionContext SENSOR_CTX =
      EncryptionContext.of("purpose", "air-quality", "sensor", "aq-17", "city", "lyon");

  static Aead masterKey() throws GeneralSecurityException {
    return Keysets.aead(Keysets.generateMasterKeyset());
  }

  /**
   * Few buckets, so that tests with a handful of subjects share buckets and every forget rewraps
   * other subjects' keys.
   */
  static final int BUCKETS = 4;

  /** A sealer/opener pair over one local keyset, with subject keys and a recorded erasure log. */
  static final class World {
    final LocalKeysetKekProvider keys;
    final SubjectKeys subjects;
    final LedgerCommitmentKey ledgerKey = LedgerCommitmentKey.generate();
    final TransparencyLedger ledger =
        TransparencyLedger.open(LedgerSink.inMemory(), Clock.systemUTC(), ledgerKey);
    final EnvelopeSealer sealer;
    final EnvelopeOpener opener;

    World() throws GeneralSecurityException {
      this(ContextBinding.DIGEST);
    }

    World(ContextBinding binding) throws GeneralSecurityException {
      keys = LocalKeysetKekProvider.generate();
      subjects =
          SubjectKeys.builder()
              .masterKey(masterKey())
              .store(SubjectKeyStore.inMemory())
              .keySlot(ErasableKeySlot.inMemory())
              .buckets(BUCKETS)
              .ledger(ledger)
              .build();
      sealer =
          EnvelopeSealer.builder().keys(keys).subjectKeys(subjects).contextBinding(binding).build();
      opener = EnvelopeOpener.builder().keys(keys).subjectKeys(subjects).build();
    }
  }

  /**
   * Subject keys over a store that keeps a copy of every record ever written, an in-memory slot and
   * a local key-encryption key: what {@link Attack#recoverable} needs.
   */
  static final class Recorded {
    final Aead master;
    final SubjectKeysTest.RecordingStore store = new SubjectKeysTest.RecordingStore();
    final ErasableKeySlot slot = ErasableKeySlot.inMemory();
    final LocalKeysetKekProvider kek;

    Recorded() throws GeneralSecurityException {
      master = masterKey();
      kek = LocalKeysetKekProvider.generate();
    }

    /** A builder over this store and slot (a new instance, or a restart). */
    SubjectKeys.Builder subjectKeys() {
      return SubjectKeys.builder().masterKey(master).store(store).keySlot(slot);
    }

    /** How many records the store ever held yield a key that opens {@code envelope}. */
    int recoverable(byte[] envelope, EncryptionContext ctx) throws GeneralSecurityException {
      return Attack.recoverable(
          slot.read().orElseThrow(), master, store.everWritten, kek, envelope, ctx);
    }
  }
}
