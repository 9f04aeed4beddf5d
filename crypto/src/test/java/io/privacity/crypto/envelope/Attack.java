package io.privacity.crypto.envelope;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.prf.PrfSet;
import io.privacity.crypto.keys.ErasableKeySlot;
import io.privacity.crypto.keys.KeyEncryptionKeyProvider;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;

/**
 * What an attacker holding the key-encryption keys does with a guessed subject secret: unwrap the
 * data key of an envelope, key block or stream header and check the key commitment. A match means
 * the guess reproduces the key schedule, i.e. the envelope (or the key block's session) opens.
 */
final class Attack {
  private Attack() {}

  /**
   * Tells whether the envelope's commitment matches under {@code secret}.
   *
   * @param envelope an envelope (kind 1), key block (kind 2) or stream (kind 4)
   * @param context its context
   * @param keys a provider holding its key-encryption key
   * @param secret the guessed subject secret, or null for an envelope that is not subject-bound
   */
  static boolean opensUnderSecret(
      byte[] envelope, EncryptionContext context, KeyEncryptionKeyProvider keys, byte[] secret)
      throws GeneralSecurityException {
    Format.Header h = Format.parseHeader(new ByteReader(envelope), envelope[3] & 0xFF);
    byte[] dek =
        keys.unwrap(
            h.kekId,
            h.wrapped,
            Format.keyAd(h.version, h.kind, h.suite, h.flags, h.kekId, context));
    boolean bound = (h.flags & Format.FLAG_SUBJECT) != 0;
    if (bound != (secret != null)) {
      return false;
    }
    byte[] okm = Format.derive(h.version, dek, secret, h.kind, h.suite, h.flags, context);
    return MessageDigest.isEqual(
        Arrays.copyOfRange(okm, Format.KEY_LEN, Format.KEY_LEN + Format.COMMITMENT_LEN),
        h.commitment);
  }

  /**
   * Forges a subject-bound envelope for {@code context} under a random subject secret, as no sealer
   * would for a blank subject: a valid header and wrapped key, an arbitrary payload.
   */
  static byte[] subjectBoundEnvelope(KeyEncryptionKeyProvider keys, EncryptionContext context)
      throws GeneralSecurityException {
    byte[] dek = com.google.crypto.tink.subtle.Random.randBytes(Format.KEY_LEN_V2);
    byte[] secret = com.google.crypto.tink.subtle.Random.randBytes(32);
    int suite = Format.suite(Format.PAYLOAD_GCM, keys.scheme());
    int flags = Format.FLAG_SUBJECT;
    String kekId = keys.current().id();
    byte[] okm =
        Format.derive(Format.VERSION_2, dek, secret, Format.KIND_ENVELOPE, suite, flags, context);
    byte[] wrapped =
        keys.current()
            .wrap(
                dek,
                Format.keyAd(Format.VERSION_2, Format.KIND_ENVELOPE, suite, flags, kekId, context));
    byte[] header =
        Format.writeHeader(
            Format.VERSION_2,
            Format.KIND_ENVELOPE,
            suite,
            flags,
            kekId,
            wrapped,
            context,
            Arrays.copyOfRange(okm, Format.KEY_LEN, Format.KEY_LEN + Format.COMMITMENT_LEN));
    return Arrays.copyOf(header, header.length + Format.TAG_LEN + 4); // version 2: no nonce
  }

  /**
   * The attacker of crypto-shredding: holds a slot's content, the master key, the key-encryption
   * keys and every store record ever written, and tries every record under every bucket key of the
   * slot (current and next). Counts the records whose keyset opens {@code envelope}.
   */
  static int recoverable(
      byte[] slotContent,
      Aead master,
      Iterable<Map.Entry<String, byte[]>> everWritten,
      KeyEncryptionKeyProvider kek,
      byte[] envelope,
      EncryptionContext ctx)
      throws GeneralSecurityException {
    ErasableKeySlot copy = ErasableKeySlot.inMemory();
    copy.replace(slotContent);
    KeyTree tree = KeyTree.open(copy, master, 1);
    int found = 0;
    for (Map.Entry<String, byte[]> e : everWritten) {
      for (int b = 0; b < tree.size(); b++) {
        byte[] keyset;
        try {
          keyset = tree.open(e.getKey(), b, e.getValue());
        } catch (GeneralSecurityException | IllegalStateException wrongKey) {
          continue;
        }
        byte[] secret =
            TinkProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get())
                .getPrimitive(RegistryConfiguration.get(), PrfSet.class)
                .computePrimary(Format.subjectLabel(), 32);
        if (opensUnderSecret(envelope, ctx, kek, secret)) {
          found++;
        }
      }
    }
    return found;
  }
}
