package io.privacity.crypto.envelope;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.internal.Tink;
import io.privacity.crypto.keys.LocalKeysetKekProvider;
import io.privacity.crypto.keys.SubjectKeyStore;
import java.security.GeneralSecurityException;

/** Shared test fixtures: keys, contexts, sealer and opener. */
final class Fixtures {
  private Fixtures() {}

  static final EncryptionContext CTX =
      EncryptionContext.of(
          "subject", "citizen-42", "purpose", "air-quality", "sensor", "aq-17", "city", "lyon");
  static final EncryptionContext SENSOR_CTX =
      EncryptionContext.of("purpose", "air-quality", "sensor", "aq-17", "city", "lyon");

  static Aead masterKey() throws GeneralSecurityException {
    Tink.register();
    return Tink.aead(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
  }

  /** A sealer/opener pair over one local keyset, with subject keys and a recorded erasure log. */
  static final class World {
    final LocalKeysetKekProvider keys;
    final SubjectKeys subjects;
    final TransparencyLedger ledger = TransparencyLedger.inMemory();
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
              .ledger(ledger)
              .build();
      sealer =
          EnvelopeSealer.builder().keys(keys).subjectKeys(subjects).contextBinding(binding).build();
      opener = EnvelopeOpener.builder().keys(keys).subjectKeys(subjects).build();
    }
  }
}
