/**
 * Key-encryption keys for envelopes: a pluggable {@link
 * io.privacity.crypto.keys.KeyEncryptionKeyProvider} backed by a local Tink keyset stored encrypted
 * under a master key ({@link io.privacity.crypto.keys.LocalKeysetKekProvider}), by any Tink {@link
 * com.google.crypto.tink.KmsClient} ({@link io.privacity.crypto.keys.KmsKekProvider}), or by HPKE
 * key pairs for public-key sealing ({@link io.privacity.crypto.keys.HpkeKeyPairs}, {@link
 * io.privacity.crypto.keys.HpkePublicKeys}); the storage of per-subject keys: bulk records that
 * need not erase ({@link io.privacity.crypto.keys.SubjectKeyStore}) under bucket keys kept in a
 * small slot that must ({@link io.privacity.crypto.keys.ErasableKeySlot}); and master keys from
 * local keysets without Tink set-up ({@link io.privacity.crypto.keys.Keysets}).
 */
package io.privacity.crypto.keys;
