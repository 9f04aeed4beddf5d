package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.crypto.keys.HpkeKeyPairs;
import org.junit.jupiter.api.Test;

/**
 * Bytes added to a 16-byte reading, as stated in {@code crypto/ENVELOPE_FORMAT.md}: issue 6's
 * target is at most 80 bytes in session mode, issue 22's at most 120 bytes for a self-contained
 * envelope (Tink's KmsEnvelopeAead: 112 B; AWS Encryption SDK: 259 to 457 B).
 */
class EnvelopeOverheadTest {
  private static final byte[] READING = new byte[16];

  @Test
  void sessionRecord_adds74Bytes_toASixteenByteReading() throws Exception {
    Fixtures.World w = new Fixtures.World();
    SealingSession s = w.sealer.newSession(Fixtures.SENSOR_CTX);
    int overhead = s.seal(READING).length - READING.length;
    // magic 2 + version 1 + kind 1 + suite 1 + flags 1 + commitment 32 + context digest 8
    // + nonce 12 + tag 16
    assertEquals(74, overhead);
    assertTrue(overhead <= 80);
    // The key block is sent once per session: wrapped key (AES-GCM: 12 + 32 + 16) and key id.
    String id = w.keys.current().id();
    assertEquals(6 + 1 + id.length() + 2 + 60 + 8 + 32, s.keyBlock().length);
  }

  @Test
  void publicKeySessionRecord_alsoAdds74Bytes() throws Exception {
    HpkeKeyPairs city = HpkeKeyPairs.generate();
    SealingSession s =
        EnvelopeSealer.builder().keys(city.publicKeys()).build().newSession(Fixtures.SENSOR_CTX);
    assertEquals(74, s.seal(READING).length - READING.length);
    // HPKE-wrapped key: encapsulated X25519 key 32 + data key 32 + tag 16.
    String id = city.publicKeys().current().id();
    assertEquals(6 + 1 + id.length() + 2 + 80 + 8 + 32, s.keyBlock().length);
  }

  @Test
  void standaloneEnvelope_adds116Bytes_toASixteenByteReading() throws Exception {
    Fixtures.World w = new Fixtures.World();
    int overhead = w.sealer.seal(READING, Fixtures.SENSOR_CTX).length - READING.length;
    // Version 2 (issue 22: at most 120 B; version 1 took 153 B with this key id): prefix 6
    // + compact key id 5 + wrapped-key length 1 + wrapped key (AES-GCM: 12 + 24 + 16)
    // + context digest 4 + commitment 32 + tag 16; no payload nonce.
    assertEquals(6 + 5 + 1 + 52 + 4 + 32 + 16, overhead);
    assertTrue(overhead <= 120);
  }

  @Test
  void publicKeyStandaloneEnvelope_adds136Bytes() throws Exception {
    HpkeKeyPairs city = HpkeKeyPairs.generate();
    EnvelopeSealer sealer = EnvelopeSealer.builder().keys(city.publicKeys()).build();
    int overhead = sealer.seal(READING, Fixtures.SENSOR_CTX).length - READING.length;
    // HPKE-wrapped key: encapsulated X25519 key 32 + data key 24 + tag 16.
    assertEquals(6 + 5 + 1 + 72 + 4 + 32 + 16, overhead);
  }
}
