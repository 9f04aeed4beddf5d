package io.privacity.examples.quickstart;

import io.privacity.crypto.envelope.EncryptionContext;
import io.privacity.crypto.envelope.EnvelopeOpener;
import io.privacity.crypto.envelope.EnvelopeSealer;
import io.privacity.crypto.envelope.TamperedEnvelopeException;
import io.privacity.crypto.envelope.WrongContextException;
import io.privacity.crypto.keys.LocalKeysetKekProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/** Quick start (privacity-crypto): seal a sensor reading in an envelope and open it. */
public class EnvelopeSealAndOpen {
  public static void main(String[] args) throws GeneralSecurityException {
    // The key-encryption key; in production a KMS key (KmsKekProvider) or a keyset stored
    // encrypted.
    LocalKeysetKekProvider kek = LocalKeysetKekProvider.generate();
    EnvelopeSealer sealer = EnvelopeSealer.builder().keys(kek).build();
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(kek).build();

    // The context is authenticated, not encrypted: an envelope opens only for the same context.
    EncryptionContext context = EncryptionContext.of("purpose", "air-quality", "sensor", "aq-17");
    byte[] envelope = sealer.seal("pm2.5=12.4".getBytes(StandardCharsets.UTF_8), context);
    System.out.println("sealed: " + envelope.length + " bytes");

    byte[] reading = opener.open(envelope, context);
    System.out.println("opened: " + new String(reading, StandardCharsets.UTF_8));

    try {
      opener.open(envelope, EncryptionContext.of("purpose", "marketing", "sensor", "aq-17"));
    } catch (WrongContextException e) {
      System.out.println("other purpose refused: " + e.getClass().getSimpleName());
    }

    envelope[envelope.length - 1] ^= 1; // one flipped bit
    try {
      opener.open(envelope, context);
    } catch (TamperedEnvelopeException e) {
      System.out.println("tampered envelope refused: " + e.getClass().getSimpleName());
    }
  }
}
