package io.privacity.crypto.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.privacity.crypto.internal.Tink;
import io.privacity.crypto.internal.Unchecked;
import java.security.GeneralSecurityException;

/**
 * Master keys from local Tink keysets, with no Tink set-up by the caller.
 *
 * <p>In production the master key of {@code SubjectKeys} and of encrypted keysets ({@link
 * LocalKeysetKekProvider#toEncryptedKeyset}, {@link HpkeKeyPairs#toEncryptedKeyset}) is usually an
 * {@link Aead} from a KMS ({@code KmsClient.getAead}). Where it is a local AES-256-GCM keyset
 * instead, save it with Tink's {@code TinkProtoKeysetFormat} (encrypted, or in a secret store) and,
 * after a restart, parse it the same way and pass the handle to {@link #aead}: it works whether or
 * not the keyset was parsed before any Privacity class ran (a keyset parsed first holds Tink's
 * untyped legacy keys, which Tink's own {@code getPrimitive} refuses until the caller registers
 * {@code AeadConfig}; the library registers what it needs itself).
 */
public final class Keysets {
  private Keysets() {}

  /**
   * Generates a keyset of one AES-256-GCM key, for use as a master key.
   *
   * @return the keyset; store it as securely as the data it protects
   * @throws IllegalStateException if Tink cannot generate the key
   */
  public static KeysetHandle generateMasterKeyset() {
    Tink.register();
    return Unchecked.call(
        "cannot generate an AES-256-GCM keyset",
        () -> KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
  }

  /**
   * Returns the {@link Aead} of an AEAD keyset, however and whenever the keyset was parsed.
   *
   * @param keyset an AEAD keyset, e.g. from {@link #generateMasterKeyset()} or parsed with {@code
   *     TinkProtoKeysetFormat}
   * @return its primitive (the primary key encrypts; every enabled key decrypts)
   * @throws IllegalArgumentException if {@code keyset} is null or not an AEAD keyset
   */
  public static Aead aead(KeysetHandle keyset) {
    if (keyset == null) {
      throw new IllegalArgumentException("keyset must be non-null, got null");
    }
    try {
      return Tink.aead(keyset);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "keyset must be an AEAD keyset (e.g. AES-256-GCM): " + e.getMessage(), e);
    }
  }
}
