package io.privacity.crypto.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.prf.PrfConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink key managers the crypto module uses, once. Internal; not public API. */
public final class Tink {
  private static volatile boolean registered;

  private Tink() {}

  /** Registers AEAD, hybrid (HPKE) and PRF key managers with Tink's registry (idempotent). */
  public static void register() {
    if (registered) {
      return;
    }
    synchronized (Tink.class) {
      if (registered) {
        return;
      }
      try {
        AeadConfig.register();
        HybridConfig.register();
        PrfConfig.register();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot register Tink key managers", e);
      }
      registered = true;
    }
  }

  /**
   * Returns a keyset holding exactly one entry of {@code handle}, as primary.
   *
   * @param entry the entry
   * @return a one-key keyset with the same key id
   * @throws GeneralSecurityException if Tink refuses the key
   */
  public static KeysetHandle single(KeysetHandle.Entry entry) throws GeneralSecurityException {
    return KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(entry.getKey()).withFixedId(entry.getId()).makePrimary())
        .build();
  }

  /**
   * Returns an AEAD primitive of a keyset through the registry configuration.
   *
   * @param handle the keyset
   * @return the primitive
   * @throws GeneralSecurityException if the keyset is not an AEAD keyset
   */
  public static Aead aead(KeysetHandle handle) throws GeneralSecurityException {
    register();
    return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }
}
