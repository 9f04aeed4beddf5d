package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.HkdfPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/** Derives sub-keys from a Tink HKDF-SHA256 PRF keyset's primary key (RFC 5869). */
final class MasterKey {
  static {
    try {
      PrfConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot register Tink PRF", e);
    }
  }

  private final PrfSet prf;

  private MasterKey(PrfSet prf) {
    this.prf = prf;
  }

  static MasterKey of(KeysetHandle keyset) {
    if (keyset == null) {
      throw new IllegalArgumentException("masterKeyset must not be null");
    }
    if (!(keyset.getPrimary().getKey().getParameters() instanceof HkdfPrfParameters)) {
      throw new IllegalArgumentException(
          "masterKeyset's primary key must be an HKDF-SHA256 PRF key (see"
              + " Pseudonymizer.generateMasterKeyset()), got "
              + keyset.getPrimary().getKey().getParameters());
    }
    try {
      return new MasterKey(keyset.getPrimitive(RegistryConfiguration.get(), PrfSet.class));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("masterKeyset is not a usable PRF keyset", e);
    }
  }

  /** 32 key bytes for {@code purpose} and the length-prefixed {@code context} parts. */
  byte[] derive(String purpose, String... context) {
    StringBuilder info = new StringBuilder("privacity/").append(purpose).append("/v1");
    for (String c : context) {
      info.append('/').append(c.length()).append(':').append(c);
    }
    try {
      return prf.computePrimary(info.toString().getBytes(StandardCharsets.UTF_8), 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("key derivation failed", e);
    }
  }
}
