package io.privacity.crypto.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.internal.LegacyProtoKey;
import com.google.crypto.tink.prf.PrfConfig;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The one place where the crypto module meets Tink's global registry: registers the key managers it
 * uses, once, and adopts keysets that were parsed before that registration. Internal; not public
 * API.
 *
 * <p>Why adoption is needed (Tink 1.x): {@code TinkProtoKeysetFormat.parseKeyset} and its siblings
 * turn each key into its typed object ({@code HmacPrfKey}, {@code AesGcmKey}, …) only if that key
 * type's parser is registered at that moment; otherwise the key stays an opaque {@code
 * LegacyProtoKey} for the life of the handle. A service that parses its saved keysets at start-up,
 * before any Privacity class has run, gets such handles: primitives can be made from them once the
 * key managers are registered, but checks of the key's parameters fail. {@link #adopt} re-parses
 * them after registering, so users never call a Tink {@code Config.register}.
 */
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
   * Returns a keyset equivalent to {@code handle} whose keys are Tink's typed keys: the handle
   * itself if they are, else (a keyset parsed before {@link #register()} ran) the same keyset
   * serialized and parsed again in memory, with the same key ids, statuses and primary. Every
   * {@link KeysetHandle} a user hands to the library goes through here.
   *
   * @param handle the keyset, non-null
   * @return a keyset with typed keys
   * @throws GeneralSecurityException if Tink cannot parse a key of the keyset
   */
  public static KeysetHandle adopt(KeysetHandle handle) throws GeneralSecurityException {
    register();
    boolean legacy = false;
    for (int i = 0; i < handle.size() && !legacy; i++) {
      legacy = handle.getAt(i).getKey() instanceof LegacyProtoKey;
    }
    if (!legacy) {
      return handle;
    }
    byte[] serialized =
        TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
    try {
      return TinkProtoKeysetFormat.parseKeyset(serialized, InsecureSecretKeyAccess.get());
    } finally {
      Arrays.fill(serialized, (byte) 0);
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
    return adopt(handle).getPrimitive(RegistryConfiguration.get(), Aead.class);
  }
}
