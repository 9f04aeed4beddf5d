package io.privacity.crypto.envelope;

import com.google.crypto.tink.Aead;
import io.privacity.crypto.keys.ErasableKeySlot;
import io.privacity.crypto.keys.SubjectKeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;

/**
 * Failure injection for {@link SubjectKeys}: a master key, store and slot that fail at one chosen
 * point of the operations they see. Every mutating call (and the bucket listing) counts two points,
 * one before it reaches the real object and one after it did, so a failure is either clean (nothing
 * written) or ambiguous (written, but the caller is told it failed — a lost reply, a disk that
 * fails the fsync of the directory, a thread interrupted after the write).
 */
final class Faults {
  /** The point to fail at; negative for none. */
  int failAt = -1;

  /** Points passed since the last {@link #arm}. */
  int points;

  /** Whether a failure was injected since the last {@link #arm}. */
  boolean fired;

  void arm(int at) {
    failAt = at;
    points = 0;
    fired = false;
  }

  private void point(String what) {
    if (points++ == failAt) {
      fired = true;
      throw new UncheckedIOException(new IOException("injected failure " + what));
    }
  }

  private void securityPoint(String what) throws GeneralSecurityException {
    if (points++ == failAt) {
      fired = true;
      throw new GeneralSecurityException("injected failure " + what);
    }
  }

  Aead master(Aead inner) {
    return new Aead() {
      @Override
      public byte[] encrypt(byte[] plaintext, byte[] ad) throws GeneralSecurityException {
        securityPoint("before master.encrypt");
        return inner.encrypt(plaintext, ad);
      }

      @Override
      public byte[] decrypt(byte[] ciphertext, byte[] ad) throws GeneralSecurityException {
        return inner.decrypt(ciphertext, ad);
      }
    };
  }

  ErasableKeySlot slot(ErasableKeySlot inner) {
    return new ErasableKeySlot() {
      @Override
      public Optional<byte[]> read() {
        return inner.read();
      }

      @Override
      public void replace(byte[] content) {
        point("before slot.replace");
        inner.replace(content);
        point("after slot.replace");
      }
    };
  }

  SubjectKeyStore store(SubjectKeyStore inner) {
    return new SubjectKeyStore() {
      @Override
      public Optional<byte[]> load(String ref) {
        return inner.load(ref);
      }

      @Override
      public byte[] putIfAbsent(String ref, int bucket, byte[] record) {
        return inner.putIfAbsent(ref, bucket, record);
      }

      @Override
      public Map<String, byte[]> loadBucket(int bucket) {
        point("before store.loadBucket");
        return inner.loadBucket(bucket);
      }

      @Override
      public void replace(String ref, byte[] record) {
        point("before store.replace");
        inner.replace(ref, record);
        point("after store.replace");
      }

      @Override
      public boolean delete(String ref) {
        point("before store.delete");
        boolean existed = inner.delete(ref);
        point("after store.delete");
        return existed;
      }

      @Override
      public boolean isForgotten(String ref) {
        return inner.isForgotten(ref);
      }
    };
  }
}
